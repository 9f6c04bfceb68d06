"""`copydesk run` and `copydesk status` as commands: the process around `pipeline.runner` (signals, the
web server's child process, one log line per event)."""

from __future__ import annotations

import argparse
import json
import os
import sys


def cmd_run(args: argparse.Namespace) -> int:
    import signal
    import subprocess
    import threading

    from copydesk import config
    from copydesk.pipeline.runner import run_newsroom
    from copydesk.writers import configured_writers

    # Made before serving: a bad COPYDESK_WRITER, COPYDESK_LLM_* or COPYDESK_JUDGE_* stops here.
    with configured_writers() as (writer, judge):
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        serve = ["serve", "--host", args.host, "--port", str(args.port)]
        data_dir = ["--data-dir", str(config.current().data_dir)]
        server = subprocess.Popen(
            [sys.executable, "-m", "copydesk", *serve, *data_dir], preexec_fn=_die_with_parent
        )

        def watch() -> None:  # the site gone, the newsroom stops too: a service manager restarts both
            code = server.wait()
            if not stop.is_set():
                _log(f"the web server stopped (exit code {code}); stopping")
                stop.set()

        threading.Thread(target=watch, daemon=True).start()
        _log(f"newsroom running: feeds polled when due, new articles written at once (pid {os.getpid()})")
        try:
            cycles = run_newsroom(stop, _log, idle=args.idle, writer=writer, judge=judge)
        finally:
            stop.set()
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    _log(f"stopped after {cycles} cycles")
    return 0


def _die_with_parent() -> None:
    """In the server child: stop when the runner dies, even by SIGKILL (Linux's PR_SET_PDEATHSIG), so that
    no orphan keeps the port. Elsewhere the child outlives a killed runner until stopped."""
    import contextlib
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)


def _log(message: str) -> None:
    from django.utils import timezone

    print(f"{timezone.now():%Y-%m-%d %H:%M:%S} {message}", flush=True)


def cmd_status(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from copydesk.pipeline.runner import status

    figures = status(timezone.now())
    if args.json:
        print(json.dumps(figures))
        return 0
    print(
        f"Feeds: {figures['feeds']} ({figures['feeds_due']} due, {figures['feeds_failing']} failing); "
        f"last poll {figures['last_poll'] or 'never'}"
    )
    print(
        f"Stories: {figures['stories_published']} published, last {figures['last_published'] or 'never'}; "
        f"{figures['stories_waiting']} waiting to be written, {figures['stories_failed']} failed to write; "
        f"{figures['articles_ungrouped']} articles not grouped yet"
    )
    return 0
