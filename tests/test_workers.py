"""`copydesk worker`: several workers on one PostgreSQL, one of them killed mid-task, group and publish as one
does. PostgreSQL only (the suite's second run, .ci/with-postgres); on SQLite the command refuses clearly."""

from __future__ import annotations

import logging
import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import copydesk
from tests.databases import is_postgres
from tests.newsroom_stream import EVENTS, UNWRITABLE, stream

WORKERS = 3
BATCH = 5
APP = "copydesk-test-worker"


def test_worker_on_sqlite_says_it_needs_postgresql(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    result = copydesk("worker", data_dir=tmp_path, check=False)
    assert result.returncode == 1
    assert "workers need PostgreSQL" in result.stderr and "`copydesk run`" in result.stderr


postgres_only = pytest.mark.skipif(not is_postgres(), reason="workers run on PostgreSQL (this run is SQLite)")


def _start(n: int, url: str, data_dir: Path) -> subprocess.Popen[str]:
    """Worker `n`, its output in data_dir/worker-n.log: a file, not a pipe nobody reads while the test waits
    (a worker whose pipe filled would stop in the middle of a job, at its next line of log)."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "COPYDESK_DATA_DIR": str(data_dir),
        "COPYDESK_WORKER_SWEEP": "2",
        "PGAPPNAME": f"{APP}-{n}",  # libpq names each worker's sessions: the test sees who holds a lock
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    with (data_dir / f"worker-{n}.log").open("w") as log:  # the child keeps its own copy of the file
        return subprocess.Popen(
            [sys.executable, "-m", "copydesk", "worker"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )


def _logs(data_dir: Path) -> str:
    return "".join(f"--- {log.name}\n{log.read_text()}" for log in sorted(data_dir.glob("worker-*.log")))


def _jobs() -> list[tuple[str, str, int, int]]:
    """Each job's task, status, attempts and worker: what a test that timed out shows of the queue."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT task_name, status, attempts, worker_id FROM procrastinate_jobs ORDER BY id")
        return list(cursor.fetchall())


@pytest.fixture
def empty_queue() -> None:
    """Procrastinate's tables are not Django's to empty between tests (its models are unmanaged): a test's
    jobs and workers, a killed one's row among them, would be the next test's."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE procrastinate_jobs, procrastinate_workers, procrastinate_periodic_defers CASCADE"
        )


def _holder() -> int | None:
    """The number of a worker holding one of the pipeline's advisory locks (grouping, writing, relating)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE %s",
            [f"{APP}-%"],
        )
        row = cursor.fetchone()
    return int(row[0].rsplit("-", 1)[1]) if row else None


def _settled() -> bool:
    """No job waiting or running, no article unplaced, no story ready and unwritten."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COUNT(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing')"
            "        AND task_name <> 'copydesk.sweep'),"
            "       (SELECT COUNT(*) FROM newsroom_sourcearticle WHERE story_id IS NULL)"
        )
        jobs, unplaced = cursor.fetchone()
    return jobs == 0 and unplaced == 0


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("empty_queue")
def test_three_workers_one_killed_group_and_publish_as_one_does(tmp_path: Path) -> None:
    from django.db import connection

    from copydesk import tasks
    from copydesk.newsroom.models import Revision, SourceArticle, Story

    reports = stream()
    random.Random(17).shuffle(reports)  # the stories' reports arrive interleaved, in no order
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    workers = {n: _start(n, url, tmp_path) for n in range(WORKERS)}
    killed = None
    try:
        for start in range(0, len(reports), BATCH):
            tasks.ingest.defer(articles=reports[start : start + BATCH], where=f"batch-{start}")
            time.sleep(0.3)
            if killed is None and start >= len(reports) // 3:
                deadline = time.monotonic() + 60
                while killed is None and time.monotonic() < deadline:
                    killed = _holder()  # a worker in the middle of a task, for certain
                    time.sleep(0.02)
                assert killed is not None, "no worker was ever seen in a task"
                workers[killed].send_signal(signal.SIGKILL)
                workers[killed].wait(timeout=10)
        deadline, quiet = time.monotonic() + 300, 0
        while quiet < 3:
            assert time.monotonic() < deadline, f"unfinished after 5 minutes: {_jobs()}\n{_logs(tmp_path)}"
            quiet = quiet + 1 if _settled() else 0
            time.sleep(1)
    finally:
        for worker in workers.values():
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in workers.values():
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
    logs = _logs(tmp_path)
    assert "Traceback" not in logs, logs

    # No article lost or stored twice; each story holds one event's reports, each event is one story.
    articles = list(SourceArticle.objects.values_list("url", "story_id"))
    assert sorted(u for u, _ in articles) == sorted(r["url"] for r in reports)
    events: dict[str, set[int]] = defaultdict(set)
    for address, story in articles:
        events[address.split("/")[3]].add(story)
    assert all(len(stories) == 1 for stories in events.values()), events
    assert (
        len({s for stories in events.values() for s in stories})
        == len(events)
        == len(EVENTS) + len(UNWRITABLE)
    )
    # Nor a second story founded for an event and left empty when another worker placed its reports.
    ghosts = Story.objects.filter(articles__isnull=True, merged_into__isnull=True)
    assert not ghosts.exists(), [s.slug for s in ghosts]
    published = Story.objects.filter(current__isnull=False)
    assert published.count() == len(EVENTS)
    # Each published revision cites the story's articles as they are now (none written from half a story).
    for story in published.select_related("current"):
        assert set(story.current.sources.values_list("id", flat=True)) == set(
            story.articles.values_list("id", flat=True)
        )
    # Revisions are numbered without gaps or repeats: no story was written twice at once.
    for story in Story.objects.all():
        numbers = sorted(Revision.objects.filter(story=story).values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))
    # The killed worker's job was given again to a living worker and finished (or, when its twin was waiting
    # already, ended for the twin to do the work); nothing failed.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, COUNT(*) FROM procrastinate_jobs WHERE task_name <> 'copydesk.sweep' GROUP BY status"
        )
        statuses = dict(cursor.fetchall())
        cursor.execute(
            "SELECT COUNT(*) FROM procrastinate_jobs WHERE (attempts > 0 AND status = 'succeeded') "
            "OR status = 'aborted'"
        )
        retried = cursor.fetchone()[0]
    assert set(statuses) <= {"succeeded", "aborted"} and statuses.get("aborted", 0) <= 1, statuses
    assert retried >= 1, statuses


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("empty_queue")
def test_a_worker_polls_due_feeds_through_the_queue_and_publishes(tmp_path: Path) -> None:
    """The periodic sweep queues the due feed, a worker polls it from 127.0.0.1, groups and publishes."""
    from django.db import connection
    from django.utils import timezone

    from copydesk.newsroom.models import Feed, SourceArticle, Story
    from tests.httpserver import serving_site
    from tests.test_run import ENV, feed

    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    with serving_site() as site:
        site.add("/feed.xml", feed(3), headers={"Content-Type": "application/rss+xml"})
        Feed.objects.create(url=site.url("/feed.xml"), added_at=timezone.now(), next_poll=timezone.now())
        os.environ.update(ENV)  # loopback feeds allowed, one source enough to publish
        try:
            worker = _start(0, url, tmp_path)
        finally:
            for name in ENV:
                os.environ.pop(name)
        try:
            deadline = time.monotonic() + 120
            while Story.objects.filter(current__isnull=False).count() < 3:
                assert time.monotonic() < deadline and worker.poll() is None, "the feed was not polled"
                time.sleep(0.5)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)
    output = _logs(tmp_path)
    assert "Traceback" not in output, output
    polled = Feed.objects.get()
    assert polled.last_status == "ok" and polled.next_poll > timezone.now()
    assert SourceArticle.objects.count() == 3


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("empty_queue")
def test_concurrency_starts_that_many_worker_processes_and_stops_them_together(tmp_path: Path) -> None:
    from django.db import connection

    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    env = {**os.environ, "DATABASE_URL": url, "COPYDESK_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "copydesk", "worker", "--concurrency", "2"]
    with (tmp_path / "worker-parent.log").open("w") as log:
        parent = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:  # each worker process registers itself in the queue's table of workers
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM procrastinate_workers")
                if cursor.fetchone()[0] == 2:
                    break
            assert time.monotonic() < deadline and parent.poll() is None, "two workers did not start"
            time.sleep(0.3)
        children = [
            int(p) for p in Path(f"/proc/{parent.pid}/task/{parent.pid}/children").read_text().split()
        ]
        assert len(children) == 2
        parent.send_signal(signal.SIGTERM)
        parent.wait(timeout=60)
    finally:
        if parent.poll() is None:
            parent.kill()
    assert parent.returncode == 0, _logs(tmp_path)
    assert not any(Path(f"/proc/{child}").exists() for child in children)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM procrastinate_workers")
        assert cursor.fetchone()[0] == 0  # both unregistered: they stopped, not died


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("empty_queue")
def test_a_job_that_fails_while_its_twin_waits_leaves_the_work_to_the_twin() -> None:
    """Retried beside a twin that waits with the same queueing lock, a failed job would break the lock's
    rule inside procrastinate and stay "doing" for good (a clean-clone run's three-worker test hung on a
    group job so); it ends, and the twin does the work. Without a twin, the failure is raised (retried)."""
    from copydesk import tasks

    with pytest.raises(RuntimeError), tasks._or_twin("group"):
        raise RuntimeError("a deadlock PostgreSQL broke")
    assert tasks.queue(tasks.group, "group")  # the twin, waiting
    with tasks._or_twin("group"):
        raise RuntimeError("a deadlock PostgreSQL broke")
    assert [j.status for j in tasks.app.job_manager.list_jobs(queueing_lock="group")] == ["todo"]


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("empty_queue")
def test_a_deadlock_between_workers_is_told_in_one_line(caplog: pytest.LogCaptureFixture) -> None:
    """Two workers' transactions that cross make PostgreSQL abort one (a deadlock on the page stamps a
    clean-clone run met); with its twin waiting the work is done, so the log says so without a traceback.
    Any other failure keeps its traceback."""
    from django.db import OperationalError
    from psycopg import errors

    from copydesk import tasks

    assert tasks.queue(tasks.group, "group")  # the twin, waiting
    with caplog.at_level(logging.WARNING, logger="copydesk.worker"), tasks._or_twin("group"):
        try:
            raise errors.DeadlockDetected("deadlock detected")
        except errors.DeadlockDetected as exc:
            raise OperationalError("deadlock detected") from exc
    [record] = caplog.records
    assert "another worker's transaction" in record.getMessage() and record.exc_info is None
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="copydesk.worker"), tasks._or_twin("group"):
        raise RuntimeError("a real failure")
    [record] = caplog.records
    assert record.exc_info is not None
