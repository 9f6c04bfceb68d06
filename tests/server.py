"""Run `copydesk serve` as a real process on a free loopback port, for HTTP and browser tests."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.databases import command_env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def answers(port: int) -> int:
    """The status of GET / on 127.0.0.1:port, not following redirects (OSError while not listening)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/")
        return connection.getresponse().status
    finally:
        connection.close()


@contextmanager
def serving(data_dir: Path, timeout: float = 60, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start the server (with `env` added to the environment), wait until it answers, yield its base URL,
    and stop it."""
    port = free_port()
    env = command_env(data_dir, {**os.environ, **(env or {})})
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "copydesk", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                answers(port)  # any answer will do: a redirect to HTTPS is one
                break
            except OSError as exc:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read() if process.stdout else ""
                    raise AssertionError(f"server did not start:\n{output}") from exc
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
