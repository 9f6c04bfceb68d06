"""Benchmark: poll 10,000 feeds from loopback servers (mostly 304, some with a new entry).

Reports feeds per second and the peak memory of the polling process. Goal: 10,000 feeds in 60 s or
less on 2 cores. Traffic goes to 127.0.0.x only, one request per feed, and the run stops by itself.

    .venv/bin/python benchmarks/poll_feeds.py [--feeds 10000] [--hosts 20] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def setup(data_dir: Path) -> None:
    os.environ["COPYDESK_DATA_DIR"] = str(data_dir)
    os.environ["COPYDESK_ALLOW_NETWORKS"] = "127.0.0.0/8"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copydesk.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def seed(feeds: int, hosts: int, port: int, now: datetime) -> None:
    """Feeds as if polled once before: each holds the ETag of its first edition."""
    from copydesk.newsroom.models import Feed

    Feed.objects.bulk_create(
        Feed(
            url=f"http://127.0.0.{n % hosts + 1}:{port}/feed/{n}.xml",
            added_at=now - timedelta(days=1),
            next_poll=now - timedelta(minutes=1),
            etag=f'"{n}-1"',
            last_status="ok",
        )
        for n in range(feeds)
    )


def poll(now: datetime) -> tuple[object, float]:
    from asgiref.sync import async_to_sync

    from copydesk.fetch import Fetcher, FetchOptions
    from copydesk.pipeline.poll import Poller, due_feeds

    feeds = due_feeds(now)

    async def run() -> object:
        async with Fetcher(FetchOptions.from_env()) as fetcher:
            return await Poller(fetcher, now).poll_all(feeds)

    start = time.perf_counter()
    report = async_to_sync(run)()
    return report, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--fresh-every", type=int, default=20, help="one feed in N has a new entry")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "feedserver.py"),
            "--hosts",
            str(args.hosts),
            "--port",
            str(port),
            "--fresh-every",
            str(args.fresh_every),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout and server.stdout.readline().strip() == "ready"
        with tempfile.TemporaryDirectory(prefix="copydesk-bench-") as tmp:
            setup(Path(tmp))
            now = datetime.now(UTC)
            seed(args.feeds, args.hosts, port, now)
            report, seconds = poll(now)
    finally:
        server.terminate()
        server.wait(timeout=10)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "feeds": report.feeds,  # type: ignore[attr-defined]
        "not_modified": report.not_modified,  # type: ignore[attr-defined]
        "new_articles": report.articles.added,  # type: ignore[attr-defined]
        "errors": dict(report.errors),  # type: ignore[attr-defined]
        "seconds": round(seconds, 2),
        "feeds_per_second": round(report.feeds / seconds, 1),  # type: ignore[attr-defined]
        "peak_rss_mb": round(peak_mb, 1),
        "goal_seconds": 60,
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(
            f"Polled {figures['feeds']} feeds in {figures['seconds']} s "
            f"({figures['feeds_per_second']} feeds/s): "
            f"{figures['not_modified']} not modified, {figures['new_articles']} new articles, "
            f"errors {figures['errors'] or 'none'}; peak memory {figures['peak_rss_mb']} MB (goal: 60 s)"
        )
    return 0 if seconds <= 60 and not figures["errors"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
