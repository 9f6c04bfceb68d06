"""The real `copydesk` command line, run as a subprocess against temporary data dirs."""

import json
import re
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import ROOT, copydesk
from tests.databases import is_postgres
from tests.server import serving


def commands(tmp_path: Path) -> list[str]:
    """The commands `copydesk --help` lists."""
    out = copydesk("--help", data_dir=tmp_path).stdout
    listed = re.findall(r"^ {4}([a-z]+) ", out, re.M)
    assert listed, out
    return listed


def options_of(command: str, tmp_path: Path) -> set[str]:
    out = copydesk(*command.split(), "--help", data_dir=tmp_path).stdout
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", out)) - {"--help"}


def test_help_lists_every_command(tmp_path: Path) -> None:
    out = copydesk("--help", data_dir=tmp_path).stdout
    for command in ["demo", "ingest", "feeds", "poll", "write", "serve", "export"]:
        assert re.search(rf"^\s+{command}\s", out, re.M), command


def test_readme_documents_every_command_and_option(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^copydesk ([a-z]+)", readme, re.M)) | set(
        re.findall(r"`copydesk ([a-z]+)", readme)
    )
    assert documented == set(commands(tmp_path)), "README and CLI disagree on the commands"
    for command in commands(tmp_path):
        for option in options_of(command, tmp_path):
            assert option in readme, f"README does not document `copydesk {command} {option}`"
    for action in ["add", "list", "remove", "export"]:
        assert f"copydesk feeds {action}" in readme
        for option in options_of(f"feeds {action}", tmp_path):
            assert option in readme, f"README does not document `copydesk feeds {action} {option}`"


def test_ingest_reports_bad_lines_and_is_idempotent(tmp_path: Path) -> None:
    data = tmp_path / "data"
    source = tmp_path / "in.jsonl"
    good = {
        "title": "Pier reopens",
        "text": "The Sellick pier reopened on Friday after repairs.",
        "outlet": "Port News",
    }
    source.write_text(json.dumps(good) + "\n{broken\n")
    first = copydesk("ingest", str(source), data_dir=data)
    assert "1 new articles, 0 duplicates, 1 errors" in first.stdout
    assert f"{source}:2: invalid JSON" in first.stderr
    second = copydesk("ingest", str(source), data_dir=data)
    assert "0 new articles, 1 duplicates" in second.stdout


def test_ingest_of_nothing_readable_fails(tmp_path: Path) -> None:
    result = copydesk("ingest", str(tmp_path / "missing.json"), data_dir=tmp_path / "d", check=False)
    assert result.returncode == 1
    assert "no such file or directory" in result.stderr


def test_demo_refuses_a_directory_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    result = copydesk("demo", "--no-serve", "--data-dir", str(tmp_path), data_dir=tmp_path, check=False)
    assert result.returncode == 1
    assert "not made by `copydesk demo`" in result.stderr
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_export_prints_the_documented_shape(demo_dir: Path) -> None:
    stories = json.loads(copydesk("export", "--format", "json", data_dir=demo_dir).stdout)
    assert len(stories) >= 12
    for story in stories:
        assert set(story) == {
            "id",
            "slug",
            "headline",
            "dek",
            "published",
            "updated",
            "sections",
            "sources",
            "related",
            "differences",
            "verification",
            "revisions",
        }
        assert isinstance(story["id"], int) and story["headline"] and story["dek"]
        datetime.fromisoformat(story["published"])
        for section in story["sections"]:
            assert set(section) == {"heading", "paragraphs"}
            for paragraph in section["paragraphs"]:
                for sentence in paragraph:
                    assert set(sentence) == {"text", "citations"} and sentence["citations"]
                    for citation in sentence["citations"]:
                        assert set(citation) == {"source", "quote"}
                        assert citation["source"] in {s["url"] for s in story["sources"]}
        for source in story["sources"]:
            assert set(source) == {"url", "outlet", "title", "published"}
        for related in story["related"]:
            assert set(related) == {"slug", "headline", "summary"}
        assert set(story["verification"]) == {"sentences", "verified", "withheld"}
        assert story["verification"]["verified"] == story["verification"]["sentences"]
        assert [set(r) for r in story["revisions"]] == [{"at", "note"}]


def test_demo_is_rebuilt_fresh_on_a_second_run(demo_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "again"
    copydesk("demo", "--no-serve", "--data-dir", str(target), data_dir=target)
    once = json.loads(copydesk("export", data_dir=target).stdout)
    copydesk("demo", "--no-serve", "--data-dir", str(target), data_dir=target)
    twice = json.loads(copydesk("export", data_dir=target).stdout)
    assert [s["headline"] for s in once] == [s["headline"] for s in twice]
    assert len(once) == len(json.loads(copydesk("export", data_dir=demo_dir).stdout))


@pytest.mark.parametrize("path", ["/", "/api/stories/"])
def test_serve_answers_over_http(demo_dir: Path, path: str) -> None:
    with serving(demo_dir) as base, urllib.request.urlopen(base + path, timeout=10) as response:
        assert response.status == 200
        body = response.read().decode()
    assert "Copydesk" in body or '"stories"' in body


@pytest.mark.skipif(is_postgres(), reason="SQLite's journal mode: this run is on PostgreSQL")
def test_sqlite_runs_in_wal_mode(demo_dir: Path) -> None:
    import sqlite3

    with sqlite3.connect(demo_dir / "copydesk.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_database_url_overrides_the_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere.sqlite3"
    source = tmp_path / "a.json"
    source.write_text(json.dumps({"title": "Quay works", "text": "The quay wall repair starts in May."}))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{elsewhere}")  # the PostgreSQL run's URL comes back after
    copydesk("ingest", str(source), data_dir=tmp_path / "data")
    assert elsewhere.exists()
    assert not (tmp_path / "data" / "copydesk.sqlite3").exists()


def test_feeds_and_poll_commands(tmp_path: Path) -> None:
    import os

    from tests.httpserver import serving_site

    data = tmp_path / "data"
    feeds = ROOT / "tests" / "data" / "feeds"
    with serving_site() as site:
        site.add(
            "/gazette.rss",
            (feeds / "harbour.rss").read_bytes(),
            headers={"Content-Type": "application/rss+xml"},
            etag='"g1"',
        )
        site.add("/gone.rss", status=410)
        os.environ["COPYDESK_ALLOW_NETWORKS"] = "127.0.0.1/32"
        try:
            copydesk("feeds", "add", site.url("/gazette.rss"), data_dir=data)
            copydesk("feeds", "add", site.url("/gone.rss"), data_dir=data)
            first = copydesk("poll", data_dir=data)
            again = copydesk("poll", "--all", data_dir=data)
            nothing_due = copydesk("poll", data_dir=data)
        finally:
            del os.environ["COPYDESK_ALLOW_NETWORKS"]
        refused = copydesk("ingest", site.url("/gazette.rss"), data_dir=tmp_path / "other", check=False)
    assert (
        "2 feeds polled (0 not modified), 2 new articles" in first.stdout and "1 http-status" in first.stdout
    )
    assert "Polling feeds: 2/2\n" in first.stderr  # progress as plain lines: stderr is a pipe here
    assert "2 feeds polled (1 not modified), 0 new articles" in again.stdout
    assert "No feed is due" in nothing_due.stdout
    listing = copydesk("feeds", "list", data_dir=data).stdout
    assert "Harbour Gazette | last poll" in listing and "not-modified" in listing
    assert "error: HTTP 410" in listing and "2 feeds" in listing
    opml = copydesk("feeds", "export", data_dir=data).stdout
    assert opml.count("<outline") == 2 and site.url("/gazette.rss") in opml
    copydesk("feeds", "remove", site.url("/gone.rss"), data_dir=data)
    assert "1 feeds" in copydesk("feeds", "list", data_dir=data).stdout
    missing = copydesk("feeds", "remove", site.url("/gone.rss"), data_dir=data, check=False)
    assert missing.returncode == 1 and "not following" in missing.stderr
    # Without COPYDESK_ALLOW_NETWORKS a loopback URL is refused, with the reason.
    assert refused.returncode == 1 and "loopback address" in refused.stderr


def test_ingest_opml_follows_its_feeds(tmp_path: Path) -> None:
    result = copydesk(
        "ingest", str(ROOT / "tests" / "data" / "feeds" / "subscriptions.opml"), data_dir=tmp_path
    )
    assert "2 feeds added, 0 already followed, 1 refused" in result.stdout
    assert "gopher://old.example/feed" in result.stderr


def test_feeds_add_refuses_an_invalid_host_clearly(tmp_path: Path) -> None:
    refused = copydesk("feeds", "add", "http://256.1.1.1/", data_dir=tmp_path, check=False)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "http://256.1.1.1/" in refused.stderr and "not a valid IPv4 address" in refused.stderr
    assert "0 feeds" in copydesk("feeds", "list", data_dir=tmp_path).stdout
