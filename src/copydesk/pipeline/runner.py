"""`copydesk run`: the newsroom keeps itself current, one cycle after another, until told to stop.

A cycle polls the feeds that are due, then, when anything is new (articles from the poll or from
`copydesk ingest`, stories waiting to be written), groups, writes, verifies, publishes and ranks related
stories: the same steps as `copydesk poll` and `copydesk write`, in the same code. Between cycles it
sleeps until the next feed is due (at most `idle` seconds, so that articles ingested by hand are seen).

Stopping: `stop` (set by SIGTERM or Ctrl+C) is looked at between steps and between stories, so the
story being written is finished and the rest wait for the next start (they keep `needs_writing`). Every
step commits item by item, so a kill at any point leaves whole items: a restart does the rest.

It logs one line per event worth knowing: a feed failed, a story was published or failed to write, a
cycle's summary when it did something; not a line per quiet cycle.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, TypeVar

from django.db.models import Min
from django.utils import timezone

from copydesk import config
from copydesk.newsroom.models import Feed, Revision, SourceArticle, Story

T = TypeVar("T")
Log = Callable[[str], None]


def until_stopped(stop: threading.Event) -> Callable[..., Iterator[Any]]:
    """A progress wrapper for the pipeline's loops that ends the loop once `stop` is set."""

    def wrap(items: Iterable[T], label: str = "", total: int | None = None) -> Iterator[T]:
        for item in items:
            if stop.is_set():
                return
            yield item

    return wrap


def poll_due(now: datetime, log: Log) -> int:
    """Poll the feeds that are due; the number of new articles. Each failure is logged."""
    from copydesk.pipeline.poll import due_feeds, run_poller

    feeds = due_feeds(now)
    if not feeds:
        return 0
    report = run_poller(lambda poller: poller.poll_all(feeds), now)
    for feed in Feed.objects.filter(id__in=[f.id for f in feeds]).exclude(last_error=""):
        log(f"feed failed: {feed.url}: {feed.last_error[:300]}")
    if report.articles.added:
        log(f"polled {len(feeds)} feeds: {report.summary()}")
    return int(report.articles.added)


def waiting() -> frozenset[int]:
    """Stories marked to be written: new sources, an editor's correction, or too few sources yet."""
    return frozenset(Story.objects.filter(needs_writing=True).values_list("id", flat=True))


def has_work(left: frozenset[int] | None) -> bool:
    """Articles not grouped yet, or stories marked to be written since the last write left `left` (None:
    no write yet in this process). A story still waiting for a second source is not work every cycle."""
    return SourceArticle.objects.filter(story__isnull=True).exists() or waiting() != left


def write_new(now: datetime, stop: threading.Event, log: Log, writer: Any = None, judge: Any = None) -> None:
    """Group, write, publish and relate what is new, stopping between stories when asked."""
    from copydesk.pipeline.assign import assign_new
    from copydesk.pipeline.find import index_published
    from copydesk.pipeline.publish import write_stories
    from copydesk.pipeline.relate import relate_published

    assign_new(now)
    if stop.is_set():
        return
    rule = config.current().min_sources
    report = write_stories(now, min_sources=rule, progress=until_stopped(stop), writer=writer, judge=judge)
    for revision in Revision.objects.filter(created_at=now).select_related("story"):
        log(f"published: {revision.headline} (/stories/{revision.story.slug}/)")
    for line in report.failure_lines():
        log(line)
    if report.published or report.withdrawn:
        index_published()
        relate_published(keep=True)  # later runs read only the stories changed since


def next_due(now: datetime, idle: float) -> float:
    """Seconds until the next feed is due, between 1 and `idle`."""
    soonest = Feed.objects.aggregate(soonest=Min("next_poll"))["soonest"]
    if soonest is None:
        return idle
    return max(1.0, min(idle, (soonest - now).total_seconds()))


def run_newsroom(
    stop: threading.Event,
    log: Log,
    idle: float = 60.0,
    writer: Any = None,
    judge: Any = None,
    clock: Callable[[], datetime] = timezone.now,
) -> int:
    """Cycle until `stop` is set; the number of cycles run."""
    cycles, left = 0, None
    while not stop.is_set():
        now = clock()
        poll_due(now, log)
        if not stop.is_set() and has_work(left):
            write_new(now, stop, log, writer, judge)
            left = waiting()
        cycles += 1
        stop.wait(next_due(clock(), idle))
    return cycles


def status(now: datetime) -> dict[str, Any]:
    """What `copydesk status` and /healthz report: feeds due and failing, stories waiting, last runs."""
    feeds = Feed.objects.all()
    last_poll = feeds.exclude(last_polled=None).order_by("-last_polled").values_list("last_polled", flat=True)
    last_published = Revision.objects.order_by("-created_at").values_list("created_at", flat=True)
    return {
        "feeds": feeds.count(),
        "feeds_due": feeds.filter(next_poll__lte=now).count(),
        "feeds_failing": feeds.exclude(last_error="").count(),
        "articles_ungrouped": SourceArticle.objects.filter(story__isnull=True).count(),
        "stories_waiting": Story.objects.filter(needs_writing=True).count(),
        "stories_failed": Story.objects.exclude(write_error="").count(),
        "stories_published": Story.objects.filter(current__isnull=False).count(),
        "last_poll": _iso(last_poll.first()),
        "last_published": _iso(last_published.first()),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None
