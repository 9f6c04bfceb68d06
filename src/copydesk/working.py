"""`copydesk worker`: the pipeline's steps as jobs of a queue kept in PostgreSQL (copydesk.tasks), run by
as many workers, on as many machines, as the load needs. `copydesk run` stays the single-machine form.

`--concurrency N` starts N worker processes on this machine, not N threads: the steps (embedding,
grouping, verifying) are Python and numpy work that one process runs on one core at a time.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

from copydesk.errors import CopydeskError

QUICK = 10.0
"""A worker process that ends within this many seconds of its start is not started again."""
NEEDS_POSTGRES = (
    "workers need PostgreSQL (DATABASE_URL=postgresql://user:pass@host/db): their job queue lives in it. "
    "On SQLite, `copydesk run` is the form for one machine: it polls, writes and serves in one process"
)


def cmd_worker(args: argparse.Namespace) -> int:
    from django.db import connection

    if connection.vendor != "postgresql":
        raise CopydeskError(NEEDS_POSTGRES)
    if args.concurrency > 1:
        return _processes(args.concurrency)
    return _work()


def _work() -> int:
    """One worker in this process until SIGTERM or Ctrl+C (procrastinate finishes the job in hand)."""
    from procrastinate.contrib.django import app

    from copydesk import tasks
    from copydesk.running import _log
    from copydesk.writers import configured_writers

    with configured_writers() as (writer, judge):
        tasks.WRITERS.update(writer=writer, judge=judge)
        _log(f"worker running (pid {os.getpid()}): polling, grouping, writing and relating from the queue")
        # The worker fetches jobs and listens for new ones through a psycopg pool of its own (Django's
        # connection cannot LISTEN); the tasks' own work goes through Django's.
        with app.replace_connector(app.connector.get_worker_connector()):  # type: ignore[attr-defined]
            app.run_worker(concurrency=1, wait=True, install_signal_handlers=True, listen_notify=True)
    _log("worker stopped")
    return 0


def _processes(count: int) -> int:
    """`count` workers as child processes, stopped together; one that dies is started again."""
    from copydesk.running import _die_with_parent, _log

    command = [sys.executable, "-m", "copydesk", "worker", "--concurrency", "1"]
    stopping = failed = False

    def start() -> subprocess.Popen[bytes]:
        child = subprocess.Popen(command, preexec_fn=_die_with_parent)
        started[child.pid] = time.monotonic()
        return child

    started: dict[int, float] = {}

    children = [start() for _ in range(count)]

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    while not stopping:
        pid, status = os.wait()
        for n, child in enumerate(children):
            if child.pid != pid or stopping:
                continue
            child.returncode = code = os.waitstatus_to_exitcode(status)
            if time.monotonic() - started[pid] < QUICK:  # it cannot start (configuration, database)
                _log(f"worker {pid} ended at once ({code}); stopping the others")
                stop()
                failed = True
            else:
                _log(f"worker {pid} ended ({code}); starting another")
                children[n] = start()
    for child in children:
        child.wait()
    return 1 if failed else 0


def add_command(commands: argparse._SubParsersAction, common: list[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "worker",
        parents=common,
        help="run the pipeline's jobs from the PostgreSQL queue (as many workers and machines as needed)",
    )
    p.add_argument(
        "--concurrency",
        type=int,
        default=1,
        metavar="N",
        help="worker processes on this machine (default: 1; at most one per core helps)",
    )
    p.set_defaults(func=cmd_worker)
