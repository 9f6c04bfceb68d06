"""`copydesk run` on a fresh data dir, with a feed on a server of 127.0.0.1: what the feed publishes
becomes published stories on the site with no other command; SIGTERM ends it cleanly and a restart goes
on; SIGKILL in the middle of writing, then a restart, loses and doubles nothing."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import copydesk
from tests.databases import command_env, connect
from tests.fake_llm import Reply, chat, serving_llm
from tests.httpserver import Site, serving_site

# Invented events, one report each; every report is long enough to be taken whole from the feed.
EVENTS = [
    ("Pellham dock workers begin a three-day strike", "Pellham", "dock workers", 340, "night-shift pay"),
    ("Corlan council approves a new library budget", "Corlan", "councillors", 9, "a library budget"),
    ("Tollan ferry returns to service after repairs", "Tollan", "ferry passengers", 900, "hull repairs"),
    ("Garrow museum reopens after roof restoration", "Garrow", "museum visitors", 1200, "a new roof"),
    ("Eastmere clinic extends its opening hours", "Eastmere", "clinic patients", 450, "evening hours"),
]


def report(number: int) -> str:
    title, place, who, count, what = EVENTS[number]
    text = (
        f"{title}, officials in {place} said on Monday. "
        f"About {count} {who} are affected by the change, which concerns {what}. "
        f"The {place} authority said the decision followed months of talks with local groups. "
        f"A spokesperson for the {place} authority said further details would be published later this week. "
        f"Residents of {place} were told that the change would take effect at once. "
        f"Local groups in {place} said they had asked for {what} for several years."
    )
    return (
        f"<item><title>{title}</title><link>https://news.example/{number}</link><guid>r-{number}</guid>"
        f"<pubDate>Mon, 0{2 + number} Mar 2026 09:00:00 +0000</pubDate><description>{text}</description></item>"
    )


def feed(count: int) -> str:
    items = "".join(report(n) for n in range(count))
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Valley Post</title>'
        f"<link>https://news.example/</link>{items}</channel></rss>"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


ENV = {"COPYDESK_ALLOW_NETWORKS": "127.0.0.1/32", "COPYDESK_MIN_SOURCES": "1"}


class Running:
    """One `copydesk run` process and the site it serves."""

    def __init__(self, data_dir: Path, extra: dict[str, str] | None = None) -> None:
        self.port = free_port()
        env = command_env(data_dir, {**os.environ, **ENV, **(extra or {})})
        env.pop("DJANGO_SETTINGS_MODULE", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "copydesk", "run", "--port", str(self.port), "--idle", "1"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def health(self) -> dict[str, Any] | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as answer:
                return dict(json.loads(answer.read()))
        except OSError:
            return None

    def wait_for(self, check: Callable[[dict[str, Any]], bool], timeout: float = 180) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            health = self.health()
            if health and check(health):
                return health
            time.sleep(0.3)
        raise AssertionError(f"not reached in {timeout} s: {self.health()}")

    def stop(self, how: signal.Signals = signal.SIGTERM) -> float:
        start = time.monotonic()
        self.process.send_signal(how)
        self.process.wait(timeout=30)
        return time.monotonic() - start

    def output(self) -> str:
        if self.process.poll() is None:
            return "(running)"
        return self.process.stdout.read() if self.process.stdout else ""


@pytest.fixture
def site() -> Iterator[Site]:
    with serving_site() as s:
        yield s


@pytest.fixture
def runs() -> Iterator[Callable[[Path], Running]]:
    """Starts `copydesk run`; whatever a test leaves running is killed at its end."""
    started: list[Running] = []

    def start(data_dir: Path, extra: dict[str, str] | None = None) -> Running:
        started.append(Running(data_dir, extra))
        return started[-1]

    yield start
    for run in started:
        if run.process.poll() is None:
            run.process.kill()
            run.process.wait(timeout=10)


def publish(site: Site, data_dir: Path, count: int) -> None:
    """The feed now has `count` reports, and it is due (as if its interval had passed)."""
    site.add("/feed.xml", feed(count), headers={"Content-Type": "application/rss+xml"})
    with connect(data_dir) as db:
        db.execute("UPDATE newsroom_feed SET next_poll = '2000-01-01 00:00:00'")


def published(data_dir: Path) -> dict[str, int]:
    """Each report's URL with the number of articles stored for it, and the published stories."""
    with connect(data_dir) as db:
        rows = db.execute("SELECT url, COUNT(*) FROM newsroom_sourcearticle GROUP BY url").fetchall()
        stories = db.execute("SELECT COUNT(*) FROM newsroom_story WHERE current_id IS NOT NULL").fetchone()
    return {**dict(rows), "stories": stories[0]}


def test_the_newsroom_runs_by_itself_stops_cleanly_and_goes_on(
    site: Site, tmp_path: Path, runs: Callable[[Path], Running]
) -> None:
    site.add("/feed.xml", feed(2), headers={"Content-Type": "application/rss+xml"})
    copydesk("feeds", "add", site.url("/feed.xml"), data_dir=tmp_path)
    run = runs(tmp_path)
    run.wait_for(lambda h: h["stories_published"] == 2)
    page = urllib.request.urlopen(f"http://127.0.0.1:{run.port}/", timeout=5).read().decode()
    assert "/stories/pellham-" in page and "/stories/corlan-" in page

    publish(site, tmp_path, 3)  # a new report: no command is typed
    run.wait_for(lambda h: h["stories_published"] == 3)
    assert run.stop(signal.SIGTERM) < 10
    out = run.output()
    assert run.process.returncode == 0, out
    assert "published:" in out and "stopped after" in out

    again = runs(tmp_path)  # a restart goes on from where it stopped
    publish(site, tmp_path, 4)
    again.wait_for(lambda h: h["stories_published"] == 4 and h["feeds_due"] == 0)
    assert again.stop(signal.SIGINT) < 10 and again.process.returncode == 0
    status = copydesk("status", "--json", data_dir=tmp_path, check=True).stdout
    assert json.loads(status)["stories_published"] == 4


def test_a_kill_in_the_middle_of_writing_loses_and_doubles_nothing(
    site: Site, tmp_path: Path, runs: Callable[..., Running]
) -> None:
    site.add("/feed.xml", feed(1), headers={"Content-Type": "application/rss+xml"})
    copydesk("feeds", "add", site.url("/feed.xml"), data_dir=tmp_path)
    run = runs(tmp_path)
    run.wait_for(lambda h: h["stories_published"] == 1)
    run.stop()
    # A model writer that takes its time on each story (and then fails, so the extractive writer stands
    # in): the kill lands while a story is in hand, after the first of the new ones is published.
    slow = Reply(chat("not a draft").body, stall=1.5)
    with serving_llm(slow) as llm:
        model = {"COPYDESK_WRITER": "openai", "COPYDESK_LLM_BASE_URL": llm.base_url}
        model |= {"COPYDESK_LLM_MODEL": "slow-model", "COPYDESK_LLM_RETRIES": "0"}
        writing = runs(tmp_path, model)
        publish(site, tmp_path, 5)
        writing.wait_for(lambda h: h["stories_published"] >= 2 and len(llm.requests) >= 2, timeout=120)
        writing.stop(signal.SIGKILL)
    assert 2 <= published(tmp_path)["stories"] < 5
    time.sleep(0.5)  # its server child is told to stop when it dies (PR_SET_PDEATHSIG)
    again = runs(tmp_path)
    again.wait_for(lambda h: h["stories_published"] == 5 and h["stories_waiting"] == 0)
    again.stop()
    stored = published(tmp_path)
    assert stored.pop("stories") == 5
    assert stored == {f"https://news.example/{n}": 1 for n in range(5)}
