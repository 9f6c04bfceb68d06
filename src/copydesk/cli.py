"""The `copydesk` command: thin commands over the pipeline and the site."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from copydesk import __version__, config, running, working
from copydesk.errors import ConfigError, CopydeskError
from copydesk.evaluation.cli import add_eval_command
from copydesk.pipeline import terminal

DEMO_DIR = "./copydesk-demo"
DEMO_MARKER = ".copydesk-demo"
DATA_DIR_HELP = "where the database and keys live (default: $COPYDESK_DATA_DIR or ./copydesk-data)"


def _setup() -> None:
    """Configure Django and bring the database schema up to date (quietly, idempotently)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copydesk.settings")
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    # Workers and web processes starting together on PostgreSQL migrate one after another, not at once.
    lock = "SELECT pg_advisory_{}(17247, 0)" if connection.vendor == "postgresql" else ""
    if lock:
        with connection.cursor() as cursor:
            cursor.execute(lock.format("lock"))
    try:
        call_command("migrate", interactive=False, verbosity=0)
        if lock:
            call_command("createcachetable", verbosity=0)  # the shared cache (settings.CACHES)
            from copydesk.newsroom import pgvector

            pgvector.catch_up(connection)  # pgvector installed on the server since 0016 ran
    finally:
        if lock:
            with connection.cursor() as cursor:
                cursor.execute(lock.format("unlock"))


def _now() -> Any:
    from django.utils import timezone

    return timezone.now()


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _run_poller(work: Any, total: int, label: str) -> Any:
    """Run `work(poller, tick)` with a fetcher and a progress bar; returns the poller's report."""
    from copydesk.pipeline.poll import run_poller
    from copydesk.pipeline.progress import counter

    with counter(label, total) as bar:
        return run_poller(lambda poller: work(poller, bar.update), _now())


def _import_opml(paths: list[Path]) -> bool:
    """Follow the feeds of each OPML file; False when one could not be read."""
    from copydesk.pipeline.feeds import import_opml

    ok = True
    for path in paths:
        try:
            added, known, refused = import_opml(path.read_bytes(), str(path), _now())
        except (OSError, CopydeskError) as exc:
            print(f"skipped {path}: {exc}", file=sys.stderr)
            ok = False
            continue
        for error in refused:
            print(f"skipped feed {error}", file=sys.stderr)
        print(f"OPML {path}: {added} feeds added, {known} already followed, {len(refused)} refused")
    return ok


def cmd_ingest(args: argparse.Namespace) -> int:
    import asyncio

    from copydesk.pipeline.ingest import ingest_paths

    urls = [s for s in args.sources if _is_url(s)]
    files = [Path(s) for s in args.sources if not _is_url(s)]
    opml_ok = _import_opml([p for p in files if p.suffix.lower() == ".opml"])
    paths = [p for p in files if p.suffix.lower() != ".opml"]
    report = ingest_paths(paths, _now(), progress=terminal)
    if urls:

        async def read(poller: Any, tick: Any) -> None:
            async def one(url: str) -> None:
                await poller.read_url(url)
                tick()

            await asyncio.gather(*(one(u) for u in urls))

        fetched = _run_poller(read, len(urls), "Fetching")
        report.added += fetched.articles.added
        report.duplicates.update(fetched.articles.duplicates)
        report.errors.extend(fetched.articles.errors)
        report.notes.extend(fetched.articles.notes)
    for error in report.errors:
        print(f"skipped {error}", file=sys.stderr)
    for note in report.notes:
        print(f"stored without link {note}", file=sys.stderr)
    if paths or urls:
        print(f"Ingest: {report.summary()}")
    nothing = bool(report.errors) and not report.added and not report.duplicate_count
    return 1 if nothing or not opml_ok else 0


def cmd_poll(args: argparse.Namespace) -> int:
    from copydesk.pipeline.poll import due_feeds

    feeds = due_feeds(_now(), everything=args.all)
    if not feeds:
        print("No feed is due. `copydesk feeds list` shows when each is polled next.")
        return 0

    async def poll(poller: Any, tick: Any) -> None:
        await poller.poll_all(feeds, tick)

    report = _run_poller(poll, len(feeds), "Polling feeds")
    print(f"Poll: {report.summary()}")
    return 0


def cmd_feeds(args: argparse.Namespace) -> int:
    from copydesk.newsroom.models import Feed
    from copydesk.pipeline.feeds import add_feed, export_opml, remove_feed

    if args.action == "add":
        feed, new = add_feed(args.url, _now(), title=args.title or "")
        print(f"{'Added' if new else 'Already following'} {feed.url}; `copydesk poll` reads it.")
    elif args.action == "remove":
        if not remove_feed(args.url):
            raise CopydeskError(f"not following {args.url}")
        print(f"Removed {args.url}; its articles stay.")
    elif args.action == "export":
        sys.stdout.buffer.write(export_opml())
    else:
        feeds = list(Feed.objects.order_by("url"))
        for feed in feeds:
            polled = feed.last_polled.strftime("%Y-%m-%d %H:%M") if feed.last_polled else "never"
            status = feed.last_status or "new"
            error = f"\n  error: {feed.last_error[:200]}" if feed.last_error else ""
            print(
                f"{feed.url}\n  {feed.title or '(untitled)'} | last poll {polled}: {status}"
                f" | next {feed.next_poll:%Y-%m-%d %H:%M} | every {feed.interval // 60} min{error}"
            )
        print(f"{len(feeds)} feeds")
    return 0


def _write(min_sources: int) -> int:
    from copydesk.pipeline.assign import assign_new
    from copydesk.pipeline.find import index_published
    from copydesk.pipeline.publish import write_stories
    from copydesk.pipeline.relate import relate_published
    from copydesk.writers import configured_writers

    # Made before any work: a bad COPYDESK_WRITER, COPYDESK_LLM_* or COPYDESK_JUDGE_* stops here.
    with configured_writers() as (writer, judge):
        now = _now()
        assigned = assign_new(now, progress=terminal)
        report = write_stories(now, min_sources=min_sources, progress=terminal, writer=writer, judge=judge)
    index_published()
    relate_published()
    for line in report.failure_lines():
        print(line, file=sys.stderr)
    print(f"Grouped {assigned} new articles. Write: {report.summary()}")
    # A failed story waits for its sources to change; the run failed only if nothing else was done.
    worked = assigned or report.published or report.withdrawn
    return 1 if report.failures and not worked else 0


def cmd_write(args: argparse.Namespace) -> int:
    # --writer is applied with the configuration (main), where it overrides COPYDESK_WRITER.
    return _write(args.min_sources or config.current().min_sources)


def cmd_export(args: argparse.Namespace) -> int:
    from copydesk.newsroom.document import all_documents, published_stories

    stories = list(all_documents(published_stories()))
    json.dump(stories, sys.stdout, ensure_ascii=False, indent=2 if args.indent else None)
    sys.stdout.write("\n")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    from copydesk.serving import serve

    proxy = config.current().site.trusted_proxy
    # Fingerprinted copies of the static files (served with a far-future expiry), made at each start.
    call_command("collectstatic", interactive=False, verbosity=0)
    config.pass_to_children()
    print(f"Serving Copydesk on http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
    if proxy:
        print(f"Trusting X-Forwarded-Proto and X-Forwarded-For from {proxy}", flush=True)
    serve(args.host, args.port, args.workers, args.threads)
    return 0


def demo_sources() -> Path:
    """The sample source articles bundled with the package."""
    return Path(__file__).parent / "demo" / "sources"


def _fresh_demo_dir(path: Path) -> None:
    """Empty the demo's data dir, refusing to touch a directory that holds something else."""
    if path.exists() and any(path.iterdir()) and not (path / DEMO_MARKER).exists():
        raise CopydeskError(
            f"{path} is not empty and was not made by `copydesk demo`; choose another --data-dir"
        )
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    (path / DEMO_MARKER).write_text("Made by `copydesk demo`; rebuilt on every run.\n")


def cmd_demo(args: argparse.Namespace) -> int:
    from copydesk.pipeline.ingest import ingest_paths

    print(f"Building the demo newsroom in {config.current().data_dir}")
    report = ingest_paths([demo_sources()], _now(), progress=terminal)
    print(f"Ingest: {report.summary()}")
    if report.errors:
        for error in report.errors:
            print(f"  {error}", file=sys.stderr)
        raise CopydeskError("the bundled demo sources did not all read cleanly")
    _write(config.current().min_sources)
    if args.no_serve:
        return 0
    args.threads, args.workers = 8, 1
    return cmd_serve(args)


def _configure(args: argparse.Namespace) -> config.Config:
    """The configuration, read and checked before any command starts, with the flags that override it."""
    overrides = {"COPYDESK_DATA_DIR": args.data_dir} if args.data_dir else {}
    if getattr(args, "writer", None):
        overrides["COPYDESK_WRITER"] = args.writer
    return config.configure(
        overrides, default_data_dir=DEMO_DIR if args.command == "demo" else config.DEFAULT_DATA_DIR
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="copydesk",
        description="A self-hosted AI newsroom: ingest source articles, group them into stories, "
        "publish one article per story with every sentence cited.",
    )
    parser.add_argument("--version", action="version", version=f"copydesk {__version__}")
    # --data-dir works before or after the command name.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=DATA_DIR_HELP)
    parser.add_argument("--data-dir", help=DATA_DIR_HELP)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser(
        "demo", parents=[common], help="build a fresh demo newsroom from the bundled sources and serve it"
    )
    p.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    p.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)")
    p.add_argument("--no-serve", action="store_true", help="only build the newsroom, do not serve it")
    p.set_defaults(func=cmd_demo)

    p = commands.add_parser(
        "ingest", parents=[common], help="read source articles from files, directories, URLs and OPML"
    )
    p.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="files (.json, .jsonl, .txt, .md, feeds as .xml/.rss/.atom/.rdf), directories, "
        "feed or page URLs, or .opml files (whose feeds are followed)",
    )
    p.set_defaults(func=cmd_ingest)

    p = commands.add_parser("feeds", parents=[common], help="follow feeds: add, list, remove, export OPML")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = actions.add_parser("add", parents=[common], help="follow a feed (RSS, Atom, RDF or JSON Feed URL)")
    a.add_argument("url", metavar="URL")
    a.add_argument("--title", help="a name for the feed (default: the feed's own title)")
    a = actions.add_parser("remove", parents=[common], help="stop following a feed (its articles stay)")
    a.add_argument("url", metavar="URL")
    actions.add_parser("list", parents=[common], help="every feed with its last status, error and next poll")
    actions.add_parser("export", parents=[common], help="print the feeds as OPML on standard output")
    p.set_defaults(func=cmd_feeds)

    p = commands.add_parser("poll", parents=[common], help="fetch every feed that is due, concurrently")
    p.add_argument("--all", action="store_true", help="poll every feed, due or not")
    p.set_defaults(func=cmd_poll)

    p = commands.add_parser(
        "write", parents=[common], help="group new articles into stories, write, verify and publish them"
    )
    p.add_argument(
        "--min-sources",
        type=int,
        default=None,
        help="outlets a story needs before it is published (default: $COPYDESK_MIN_SOURCES or 2)",
    )
    # The names of copydesk.writers.settings.WRITERS, which is not imported at start-up.
    p.add_argument(
        "--writer",
        choices=["extractive", "openai", "gguf"],
        default=None,
        help="who drafts the articles (default: $COPYDESK_WRITER or extractive); "
        "a model writer that fails on a story hands it to the extractive writer",
    )
    p.set_defaults(func=cmd_write)

    p = commands.add_parser("serve", parents=[common], help="serve the site and JSON API")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--threads", type=int, default=8, help="threads per worker process (default: 8)")
    p.add_argument(
        "--workers", type=int, default=1, help="worker processes (default: 1; see README for production)"
    )
    p.set_defaults(func=cmd_serve)

    p = commands.add_parser(
        "run", parents=[common], help="serve the site and keep the newsroom current: poll, write, publish"
    )
    p.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    p.add_argument(
        "--idle",
        type=float,
        default=60.0,
        help="longest sleep between cycles, in seconds, when no feed is due sooner (default: 60)",
    )
    p.set_defaults(func=running.cmd_run)

    p = commands.add_parser(
        "status", parents=[common], help="feeds due and failing, stories waiting, last runs"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=running.cmd_status)

    p = commands.add_parser(
        "export", parents=[common], help="print every published story as JSON on standard output"
    )
    p.add_argument("--format", choices=["json"], default="json", help="output format (default: json)")
    p.add_argument("--indent", action="store_true", help="pretty-print the JSON")
    p.set_defaults(func=cmd_export)

    working.add_command(commands, [common])
    add_eval_command(commands, [common])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = _configure(args)
        if args.command == "demo":
            _fresh_demo_dir(settings.data_dir)
        if getattr(args, "needs_db", True):
            _setup()
        return int(args.func(args))
    except ConfigError as exc:
        print(f"copydesk: error: {exc}", file=sys.stderr)
        return 2
    except CopydeskError as exc:
        print(f"copydesk: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("copydesk: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # `python -m copydesk.cli` as well as `python -m copydesk`
    raise SystemExit(main())
