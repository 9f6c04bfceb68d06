"""Benchmark (issue #17): ingest, group and write N articles with 1, 2 and 4 `copydesk worker` processes on
PostgreSQL, and with `copydesk run` on SQLite; throughput and peak memory per process.

The articles are synthetic reports of events (about six outlets per event, each report a different few of
the event's sentences, published over a day), made from seeded invented words: nothing copied. On
PostgreSQL they are queued as `copydesk.ingest` jobs of --batch articles (as a feed poller or an importer
would queue them), then W worker processes start; on SQLite `copydesk ingest` stores them from a JSONL
file and `copydesk run` groups, writes and relates them. The clock runs from the start of the processes
(their model loading included) until nothing is left: every article placed, no story ready and unwritten,
no job waiting or running. Peak memory is each process's VmHWM (peak resident set) read from /proc just
before it is stopped. Goals: peak RSS <= 1 GiB per worker; throughput growing with workers until the
cores are full (this machine: `os.cpu_count()`, reported). Each run also reports, on PostgreSQL, each
task's jobs and the seconds they took (where the time went), and for every run two digests of what was
published (`published_digests`: which articles make each story, and the stories' words with their
verdicts), equal between runs that published the same. The ingest jobs are all queued first and taken
in the order queued, so the grouping's job comes after them: it places the whole stream in one batch
(with several workers, all but the last ingest jobs' articles, then the rest). With --stream, the
SQLite run takes them --batch at a time instead, each grouping one batch, as polls would bring them.

PostgreSQL comes from DATABASE_URL (a database per run is made beside it and dropped after), e.g.:

    .ci/with-postgres nice -n 5 .venv/bin/python benchmarks/workers_scale.py --articles 2000 --json
    .venv/bin/python benchmarks/workers_scale.py [--articles 20000] [--workers 1,2,4] [--no-sqlite]
        [--no-postgres] [--stream] [--batch N] [--profile DIR]

With --profile, every thread of each process is profiled (benchmarks/threads_profiled.py) into DIR.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

PER_EVENT = 6
START = datetime(2026, 5, 4, 6, 0, tzinfo=UTC)
QUIET = 3  # seconds with nothing left before a run counts as finished


class Reports:
    """Reports of invented events: seeded syllable words and names, a pool of sentences per event."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        parts = ["ka", "lo", "mi", "ren", "tas", "vo", "dun", "pe", "shi", "gar", "ul", "bre", "nox", "fi"]
        self.words = sorted({"".join(self.rng.choices(parts, k=self.rng.randint(2, 4))) for _ in range(5000)})
        self.names = [w.capitalize() for w in self.rng.sample(self.words, 800)]
        self.outlets = [f"{w.capitalize()} Courier" for w in self.rng.sample(self.words, 40)]

    def sentence(self, names: list[str], number: int) -> str:
        body = self.rng.sample(self.words, self.rng.randint(10, 16))
        body.insert(self.rng.randrange(1, len(body)), self.rng.choice(names))
        body.insert(self.rng.randrange(1, len(body)), f"{number}")
        return " ".join(body).capitalize() + "."

    def event(self, key: int) -> list[dict[str, str]]:
        names = self.rng.sample(self.names, 3)
        pool = [self.sentence(names, self.rng.randint(2, 900)) for _ in range(8)]
        title = " ".join([*names[:2], *self.rng.sample(self.words, 5)]).capitalize()
        when = START + timedelta(minutes=self.rng.randint(0, 24 * 60))
        out = []
        for index, outlet in enumerate(self.rng.sample(self.outlets, PER_EVENT)):
            picks = [pool[(index + step) % len(pool)] for step in (0, 1, 3, 5, 6)]
            out.append(
                {
                    "title": title if index % 2 == 0 else f"{title} ({outlet})",
                    "text": " ".join(picks),
                    "outlet": outlet,
                    "url": f"https://{outlet.split()[0].lower()}.example/{key}/{index}",
                    "published": (when + timedelta(minutes=9 * index)).isoformat(),
                }
            )
        return out

    def stream(self, n: int) -> list[dict[str, str]]:
        reports = [r for key in range(-(-n // PER_EVENT)) for r in self.event(key)][:n]
        self.rng.shuffle(reports)
        return reports


def peak_rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


LEFT_SQL = """
SELECT (SELECT COUNT(*) FROM newsroom_sourcearticle),
       (SELECT COUNT(*) FROM newsroom_sourcearticle WHERE story_id IS NULL),
       (SELECT COUNT(*) FROM newsroom_story s WHERE s.needs_writing AND s.write_error = ''
          AND (SELECT COUNT(DISTINCT a.outlet_id) FROM newsroom_sourcearticle a WHERE a.story_id = s.id) >= 2)
"""
"""Articles stored, articles not placed, and stories ready to be written (two outlets' articles: `ready`) and
not written yet."""


TASK_SQL = """
SELECT j.task_name, COUNT(*), COALESCE(SUM(EXTRACT(EPOCH FROM e.done - e.began)), 0)
FROM procrastinate_jobs j
JOIN (SELECT job_id, MIN(at) FILTER (WHERE type = 'started') AS began,
             MAX(at) FILTER (WHERE type IN ('succeeded', 'failed', 'aborted')) AS done
      FROM procrastinate_events GROUP BY job_id) e ON e.job_id = j.id
WHERE e.done IS NOT NULL
GROUP BY j.task_name ORDER BY j.task_name
"""
"""Each task's finished jobs and the seconds they took (summed over the workers): where the time went."""


STORIES_SQL = """
SELECT s.id, a.url FROM newsroom_story s JOIN newsroom_sourcearticle a ON a.story_id = s.id
WHERE s.current_id IS NOT NULL
"""
TEXT_SQL = """
SELECT s.id, r.headline, t.text, t.verified FROM newsroom_story s
JOIN newsroom_revision r ON r.id = s.current_id JOIN newsroom_sentence t ON t.revision_id = r.id
ORDER BY t.id
"""


def digests(db: Any) -> dict[str, str]:
    """What was published, in 12 hex digits each, to compare runs: which articles make each published
    story (`stories`), and the stories' headlines and sentences with their verdicts (`texts`)."""
    urls: dict[int, list[str]] = {}
    for story, url in db.execute(STORIES_SQL).fetchall():
        urls.setdefault(story, []).append(url)
    key = {story: min(found) for story, found in urls.items()}
    texts: dict[int, list[Any]] = {}
    for story, headline, text, verified in db.execute(TEXT_SQL).fetchall():
        texts.setdefault(story, [headline]).append([text, bool(verified)])
    stories = sorted(sorted(found) for found in urls.values())
    written = sorted([key.get(story, ""), *rows] for story, rows in texts.items())
    return {
        "stories": hashlib.sha1(json.dumps(stories).encode()).hexdigest()[:12],
        "texts": hashlib.sha1(json.dumps(written).encode()).hexdigest()[:12],
    }


def wait_until_done(left: Any, total: int, timeout: float) -> float:
    """Seconds until `left()` (stored, unplaced, unwritten[, jobs]) shows everything done for QUIET s."""
    began, quiet_since = time.monotonic(), None
    while time.monotonic() - began < timeout:
        stored, *rest = left()
        if stored >= total and not any(rest):
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= QUIET:
                return quiet_since - began
        else:
            quiet_since = None
        time.sleep(0.5)
    raise SystemExit(f"not done after {timeout:.0f} s: {left()}")


def stop(processes: list[subprocess.Popen[bytes]]) -> list[float | None]:
    peaks = [peak_rss_mib(p.pid) for p in processes]
    for p in processes:
        p.send_signal(signal.SIGTERM)
    for p in processes:
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
    return peaks


def figures(mode: str, n: int, seconds: float, peaks: list[float | None], published: int) -> dict[str, Any]:
    known = [p for p in peaks if p is not None]
    return {
        "mode": mode,
        "articles": n,
        "seconds": round(seconds, 1),
        "articles_per_second": round(n / seconds, 2),
        "stories_published": published,
        "peak_rss_mib_per_process": [round(p) for p in known],
        "peak_rss_mib_max": round(max(known)) if known else None,
    }


def profiled(command: list[str], folder: str, name: str) -> list[str]:
    """`command` (python -m copydesk) with each of its threads profiled into `folder`/`name`/ (the tasks run
    in a thread of their own, which `python -m cProfile` would not see), or as is."""
    if not folder:
        return command
    Path(folder).mkdir(parents=True, exist_ok=True)
    return [sys.executable, str(Path(__file__).with_name("threads_profiled.py")), str(Path(folder) / name)]


def run_workers(
    count: int, reports: list[dict[str, str]], base_url: str, batch: int, timeout: float, profile: str = ""
) -> dict[str, Any]:
    import psycopg
    from procrastinate import App, SyncPsycopgConnector

    name = f"copydesk_bench_{count}_{os.getpid()}"
    with psycopg.connect(base_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{base_url.rsplit('/', 1)[0]}/{name}"
    with tempfile.TemporaryDirectory(prefix="copydesk-bench-") as tmp:
        env = {**os.environ, "DATABASE_URL": url, "COPYDESK_DATA_DIR": tmp, "COPYDESK_WORKER_SWEEP": "5"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        command = [sys.executable, "-m", "copydesk"]
        subprocess.run([*command, "status"], env=env, check=True, capture_output=True)  # migrates
        app = App(connector=SyncPsycopgConnector(conninfo=url))
        with app.open():
            for start in range(0, len(reports), batch):
                job = app.configure_task("copydesk.ingest")
                job.defer(articles=reports[start : start + batch], where=f"bench-{start}")
        logs = [open(Path(tmp) / f"worker-{n}.log", "wb") for n in range(count)]  # noqa: SIM115
        workers = [
            subprocess.Popen(
                [*profiled(command, profile, f"worker-{count}-{n}"), "worker"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            for n, log in enumerate(logs)
        ]

        def left() -> tuple[int, ...]:
            with psycopg.connect(url) as db:
                row = db.execute(LEFT_SQL).fetchone()
                jobs = db.execute(
                    "SELECT COUNT(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing') "
                    "AND task_name <> 'copydesk.sweep'"
                ).fetchone()
            return (*row, jobs[0])

        stored = len({r["url"] for r in reports})
        try:
            seconds = wait_until_done(left, stored, timeout)
        finally:
            peaks = stop(workers)
        with psycopg.connect(url) as db:
            published = db.execute(
                "SELECT COUNT(*) FROM newsroom_story WHERE current_id IS NOT NULL"
            ).fetchone()[0]
            steps = {task: [n, round(float(s), 1)] for task, n, s in db.execute(TASK_SQL).fetchall()}
            published_digests = digests(db)
    with psycopg.connect(base_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    result = figures(
        f"postgresql, {count} worker{'s' * (count > 1)}", len(reports), seconds, peaks, published
    )
    result["jobs_and_seconds_by_task"] = steps
    result["published_digests"] = published_digests
    return result


def run_sqlite(
    reports: list[dict[str, str]], timeout: float, profile: str = "", stream: int = 0
) -> dict[str, Any]:
    """`copydesk ingest` of every report, then `copydesk run` until all is placed and written; with `stream`,
    `copydesk run` first and the reports ingested `stream` at a time, each batch once the run has placed
    the one before and written what was ready, as polls would bring them (each grouping takes one batch).
    The run is paused while a batch is stored (`paused`), so that it never groups half a batch."""
    with tempfile.TemporaryDirectory(prefix="copydesk-bench-") as tmp:
        env = {**os.environ, "COPYDESK_DATA_DIR": tmp}
        env.pop("DATABASE_URL", None)
        env.pop("DJANGO_SETTINGS_MODULE", None)
        command = [sys.executable, "-m", "copydesk"]
        subprocess.run([*command, "status"], env=env, check=True, capture_output=True)  # migrates
        began = time.monotonic()
        batches = (
            [reports[start : start + stream] for start in range(0, len(reports), stream)] if stream else []
        )
        ingest_peak, ingested = 0.0, 0.0
        if not stream:
            ingest_peak = _ingest(command, env, Path(tmp) / "reports.jsonl", reports)
            ingested = time.monotonic() - began
        log = open(Path(tmp) / "run.log", "wb")  # noqa: SIM115
        port = str(20000 + os.getpid() % 20000)
        run = subprocess.Popen(
            [*profiled(command, profile, "sqlite-run"), "run", "--port", port, "--idle", "1"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

        def left() -> tuple[int, ...]:
            with sqlite3.connect(Path(tmp) / "copydesk.sqlite3", timeout=30) as db:
                return tuple(
                    db.execute(LEFT_SQL.replace("s.needs_writing", "s.needs_writing = 1")).fetchone()
                )

        try:
            sent: set[str] = set()
            for n, batch in enumerate(batches):  # the batch before placed (written or not: it is paused)
                wait_until_done(lambda: left()[:2], len(sent), timeout)
                sent |= {r["url"] for r in batch}
                with paused(run, Path(tmp) / "copydesk.sqlite3"):
                    peak = _ingest(command, env, Path(tmp) / f"reports-{n}.jsonl", batch)
                ingest_peak = max(ingest_peak, peak)
            seconds = wait_until_done(left, len({r["url"] for r in reports}), timeout)
            if stream:
                seconds = time.monotonic() - began - QUIET
        finally:
            peaks = stop([run])
        with sqlite3.connect(Path(tmp) / "copydesk.sqlite3") as db:
            published = db.execute(
                "SELECT COUNT(*) FROM newsroom_story WHERE current_id IS NOT NULL"
            ).fetchone()[0]
            published_digests = digests(db)
    mode = (
        f"sqlite, copydesk run, ingest in batches of {stream}"
        if stream
        else "sqlite, copydesk ingest + copydesk run"
    )
    result = figures(mode, len(reports), ingested + seconds, peaks, published)
    if not stream:
        result["ingest_seconds"] = round(ingested, 1)
    result["ingest_peak_rss_mib"] = round(ingest_peak)
    result["published_digests"] = published_digests
    return result


@contextlib.contextmanager
def paused(process: subprocess.Popen[bytes], database: Path) -> Iterator[None]:
    """`process` stopped (SIGSTOP) for the block, never in the middle of a write of its own: the database's
    write lock is taken first, so it holds none when it stops."""
    with contextlib.closing(sqlite3.connect(database, timeout=120, isolation_level=None)) as db:
        db.execute("BEGIN IMMEDIATE")
        process.send_signal(signal.SIGSTOP)
        db.execute("ROLLBACK")
    try:
        yield
    finally:
        process.send_signal(signal.SIGCONT)


def _ingest(command: list[str], env: dict[str, str], source: Path, reports: list[dict[str, str]]) -> float:
    """`copydesk ingest` of `reports` through a JSONL file; its peak RSS in MiB."""
    source.write_text("".join(json.dumps(r) + "\n" for r in reports))
    ingest = subprocess.Popen([*command, "ingest", str(source)], env=env, stdout=subprocess.DEVNULL)
    peak = 0.0
    while ingest.poll() is None:
        peak = max(peak, peak_rss_mib(ingest.pid) or 0.0)
        time.sleep(0.2)
    if ingest.returncode:
        raise SystemExit(f"copydesk ingest failed ({ingest.returncode})")
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--workers", default="1,2,4", help="worker counts to run on PostgreSQL")
    parser.add_argument("--batch", type=int, default=50, help="articles per ingest job")
    parser.add_argument("--timeout", type=float, default=6 * 3600, help="seconds allowed per run")
    parser.add_argument("--no-sqlite", action="store_true", help="skip `copydesk run` on SQLite")
    parser.add_argument("--no-postgres", action="store_true", help="skip the workers on PostgreSQL")
    parser.add_argument(
        "--stream",
        action="store_true",
        help="on SQLite, ingest --batch articles at a time while `copydesk run` runs, each batch once the "
        "one before is placed and written (each grouping takes one batch)",
    )
    parser.add_argument(
        "--profile",
        default="",
        metavar="DIR",
        help="profile each worker and `copydesk run` into DIR (cProfile)",
    )
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    # Stopped, it stops its processes too (the `finally` around each run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    reports = Reports(args.seed).stream(args.articles)
    results = []
    if not args.no_postgres:
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            raise SystemExit("set DATABASE_URL to a PostgreSQL server (e.g. run under .ci/with-postgres)")
        for count in [int(c) for c in args.workers.split(",")]:
            results.append(run_workers(count, reports, url, args.batch, args.timeout, args.profile))
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    if not args.no_sqlite:
        results.append(run_sqlite(reports, args.timeout, args.profile, args.batch if args.stream else 0))
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    summary = {"cores": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2), "runs": results}
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(f"{args.articles} articles, {summary['cores']} cores")
    for r in results:
        print(
            f"{r['mode']:<42} {r['seconds']:>8.1f} s {r['articles_per_second']:>8.2f} articles/s "
            f"peak RSS {r['peak_rss_mib_per_process']} MiB, {r['stories_published']} stories published"
        )


if __name__ == "__main__":
    main()
