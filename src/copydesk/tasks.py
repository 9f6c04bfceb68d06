"""The pipeline's steps as procrastinate tasks, for `copydesk worker` on PostgreSQL (imported only there).

```
poll_due (periodic) -> poll_feed(feed) -> group -> write_story(story) -> relate
ingest(articles)    ----------------------^   sweep (periodic) re-queues whatever the database says is left
```
Every task is the single-machine step (`copydesk run`'s code) on part of the work, and finds what to do in
the database, not in its arguments: run twice, the second run finds nothing left; killed, its transactions
are whole items (an article stored, a story's articles placed, a revision published) and the rest is found
again by the next run or by `sweep`. Jobs carry a queueing lock so that one of a kind waits at a time.

Concurrency: steps that would decide twice on the same data are serialised with PostgreSQL advisory locks,
held by the worker's database session (released by PostgreSQL itself if the worker dies):
- grouping, one at a time across every worker: two groupings reading the same unplaced articles would
  each found a story for one event;
- writing, one worker per story; relating, one at a time (each ranks the whole archive);
- polling, one worker per feed (a second finds the lock taken and the feed no longer due).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db import close_old_connections, connection
from django.db.models import Count
from django.utils import timezone
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued, UniqueViolation
from procrastinate.jobs import Status

from copydesk import config
from copydesk.newsroom.models import SourceArticle, Story

log = logging.getLogger("copydesk.worker")

# Advisory lock keys: (namespace, id). 0x4344 is "CD"; the ids of one namespace never meet another's.
NS = 0x4344
GROUP, RELATE = 1, 2
WRITE_NS, FEED_NS = 0x43445752, 0x43444644  # "CDWR", "CDFD": (namespace, story or feed id)

# A failed job (a database error, a deadlock PostgreSQL broke) is tried again, later each time.
RETRY = RetryStrategy(max_attempts=5, exponential_wait=2)

#: The worker's writer and model judge (copydesk.writers.configured_writers), set by `copydesk worker`.
WRITERS: dict[str, Any] = {"writer": None, "judge": None}


@contextlib.contextmanager
def advisory(key: tuple[int, int], wait: bool = True) -> Iterator[bool]:
    """Hold PostgreSQL's advisory lock `key` for the block (True), or, with wait=False, skip when another
    session holds it (False). Session-level: a worker that dies releases it with its connection."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_{'' if wait else 'try_'}advisory_lock(%s, %s)", list(key))
        held = True if wait else bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", list(key))


@contextlib.contextmanager
def _job() -> Iterator[None]:
    """A job's database connection: checked before (a broken one is replaced), closed after when stale."""
    close_old_connections()
    try:
        yield
    finally:
        close_old_connections()


@contextlib.contextmanager
def _or_twin(lock: str) -> Iterator[None]:
    """A job that fails while its twin (same queueing lock) is waiting is done: the twin does the same
    work. Retried instead, it would be queued beside the twin, which the queueing lock forbids: the retry
    fails inside procrastinate and the job stays "doing" for good, with its worker alive."""
    try:
        yield
    except Exception as exc:
        if not app.job_manager.list_jobs(queueing_lock=lock, status="todo"):
            raise  # no twin: retried as any failed job
        if _conflict(exc):  # two workers' transactions crossed (PostgreSQL aborted one): nothing is wrong
            log.warning("%s met another worker's transaction (%s); the job waiting does its work", lock, exc)
        else:
            log.warning("%s failed; the job waiting with the same lock does its work", lock, exc_info=True)


def _conflict(exc: BaseException) -> bool:
    """Whether a job failed only because PostgreSQL aborted its transaction for another's: a deadlock or a
    serialization failure, which the same work done again resolves."""
    cause = exc.__cause__ or exc
    return getattr(cause, "sqlstate", None) in {"40P01", "40001"}


def queue(task: Any, lock: str, **kwargs: Any) -> bool:
    """Defer `task` unless one with the same queueing lock is waiting already (then it does the work)."""
    try:
        task.configure(queueing_lock=lock).defer(**kwargs)
    except AlreadyEnqueued:
        return False
    return True


@app.task(name="copydesk.ingest", retry=RETRY)
def ingest(articles: list[dict[str, Any]], where: str = "queue") -> dict[str, int]:
    """Store articles given as JSON objects (the fields of a JSONL line), embed them, then queue the
    grouping. A copy of one stored already (a retried job) is recognised as a copy: nothing is stored
    twice. Embedding here, in parallel on every worker, leaves the grouping (one at a time) only its
    decisions to make."""
    from copydesk.ingest.files import Item, article_from_mapping
    from copydesk.pipeline.ingest import IngestReport, NearDuplicates, ingest_items

    def items() -> Iterator[Item]:
        for n, data in enumerate(articles, 1):
            try:
                yield Item(f"{where}:{n}", article=article_from_mapping(data, f"{where}:{n}"))
            except Exception as exc:  # a bad item is reported, the rest go on
                log.warning("ingest: skipped %s:%s: %s", where, n, exc)

    with _job():
        now = timezone.now()
        report = IngestReport()
        ingest_items(items(), now, report, NearDuplicates(now))
        for error in report.errors:
            log.warning("ingest: skipped %s", error)
        _embed_stored(now)
        queue(group, "group")
        return {"added": report.added, "copies": report.duplicate_count, "errors": len(report.errors)}


def _embed_stored(now: datetime) -> None:
    """Embed the articles this task stored (their `ingested_at` is its `now`), outside the grouping's lock."""
    from copydesk.embedding import default_embedder
    from copydesk.pipeline.assign import embed_missing

    stored = SourceArticle.objects.filter(ingested_at=now, embedding__isnull=True)
    embed_missing(list(stored), default_embedder())


@app.task(name="copydesk.group", retry=RETRY)
def group() -> int:
    """Place every article without a story (`assign_new`), one grouping at a time, and queue the writing of
    the stories it changed."""
    from copydesk.pipeline.assign import assign_new

    touched: set[int] = set()
    placed = 0
    with _or_twin("group"), _job():
        with advisory((NS, GROUP)):
            placed = assign_new(timezone.now(), touched=touched)
        for story in sorted(touched):
            queue(write_story, f"write-{story}", story=story)
    return placed


@app.task(name="copydesk.write_story", retry=RETRY)
def write_story(story: int) -> str:
    """Write, verify and publish one story if it is still marked to be written, then queue the relating."""
    from copydesk.pipeline.publish import write_stories

    with _or_twin(f"write-{story}"), _job(), advisory((WRITE_NS, story)):
        report = write_stories(
            timezone.now(),
            min_sources=config.current().min_sources,
            writer=WRITERS["writer"],
            judge=WRITERS["judge"],
            only=[story],
            raise_lock_errors=True,
        )
        for line in report.failure_lines():
            log.warning("%s", line)
        if report.published or report.withdrawn:
            queue(relate, "relate")
        return "published" if report.published else "withdrawn" if report.withdrawn else "unchanged"
    return "left to the job waiting"


@app.task(name="copydesk.relate", retry=RETRY)
def relate() -> int:
    """Bring the related links up to date (only what changed is ranked again), one run at a time."""
    from copydesk.pipeline.relate import relate_published

    with _or_twin("relate"), _job(), advisory((NS, RELATE)):
        return relate_published()
    return 0


@app.task(name="copydesk.poll_feed", retry=RETRY)
def poll_feed(feed: int) -> int:
    """Poll one feed if it is still due; queue the grouping when it brought new articles."""
    from copydesk.newsroom.models import Feed
    from copydesk.pipeline.poll import run_poller

    with _or_twin(f"poll-{feed}"), _job(), advisory((FEED_NS, feed), wait=False) as mine:
        now = timezone.now()
        due = Feed.objects.select_related("outlet").filter(id=feed, next_poll__lte=now).first()
        if not mine or due is None:  # being polled, polled already, or removed
            return 0
        report = run_poller(lambda poller: poller.poll_all([due]), now)
        _embed_stored(now)
        if report.articles.added:
            queue(group, "group")
        return int(report.articles.added)
    return 0


def sweep(now: datetime) -> None:
    """Queue what the database says is left: feeds due, articles not grouped, stories ready and marked to
    be written (work a killed worker left, or articles stored by `copydesk ingest`), and retry the jobs of
    workers that stopped beating."""
    from copydesk.pipeline.poll import due_feeds

    for feed in due_feeds(now):
        queue(poll_feed, f"poll-{feed.id}", feed=feed.id)
    if SourceArticle.objects.filter(story__isnull=True).exists():
        queue(group, "group")
    rule = config.current().min_sources
    ready = (
        Story.objects.filter(needs_writing=True, write_error="")
        .annotate(n=Count("articles"))
        .filter(n__gte=rule)
        .values_list("id", flat=True)
    )
    for story in ready:
        queue(write_story, f"write-{story}", story=story)
    _retry_stalled()


def _retry_stalled() -> None:
    """Jobs held by workers that sent no heartbeat for 30 seconds (killed, or their machine is gone) are
    queued again: their work was left whole-or-nothing, and the task does what is left. One whose twin
    (same queueing lock) is waiting already is ended as aborted: the twin does the same work."""
    from asgiref.sync import async_to_sync

    async def retry() -> None:
        for job in await app.job_manager.get_stalled_jobs():
            try:
                await app.job_manager.retry_job(job)
            except UniqueViolation:
                await app.job_manager.finish_job(job, Status.ABORTED, delete_job=False)

    async_to_sync(retry)()


@app.periodic(cron=config.current().worker_sweep_cron, periodic_id="copydesk-sweep")
@app.task(name="copydesk.sweep", queueing_lock="sweep")
def periodic_sweep(timestamp: int) -> None:
    """Scheduled through the queue (every worker's deferrer agrees on one job per tick)."""
    from asgiref.sync import async_to_sync

    with _job():
        sweep(timezone.now())
        # Finished jobs are kept a day (to look into), then deleted; failed ones stay until removed.
        async_to_sync(app.job_manager.delete_old_jobs)(nb_hours=24)
