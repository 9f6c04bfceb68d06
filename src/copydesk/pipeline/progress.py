"""Progress on standard error: a bar on a terminal, plain lines elsewhere.

Under a service manager, in a log file or a pipe, a bar redrawn with carriage returns shows nothing
until the work is done, so a long write looks hung; there, a line such as "Writing stories: 40/300"
is printed when the work starts, then at most every `INTERVAL` seconds, and when it ends.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol, TextIO, TypeVar

T = TypeVar("T")

INTERVAL = 5.0
"""Seconds between two plain progress lines."""


class Counter(Protocol):
    def update(self, n: int = 1) -> object: ...


class Lines:
    """Progress as a plain line now and then: "Label: done/total"."""

    def __init__(
        self,
        label: str,
        total: int | None,
        stream: TextIO,
        interval: float = INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label, self.total, self.stream = label, total, stream
        self.interval, self.clock = interval, clock
        self.done = 0
        self.shown: int | None = None
        self.shown_at = clock()
        self._show()

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.done == self.total or self.clock() - self.shown_at >= self.interval:
            self._show()

    def close(self) -> None:
        """The final count, unless it is the last line shown."""
        if self.shown != self.done:
            self._show()

    def _show(self) -> None:
        of = f"/{self.total}" if self.total is not None else ""
        print(f"{self.label}: {self.done}{of}", file=self.stream, flush=True)
        self.shown, self.shown_at = self.done, self.clock()


@contextmanager
def counter(label: str, total: int | None, stream: TextIO | None = None) -> Iterator[Counter]:
    """A progress counter on `stream` (standard error): a tqdm bar on a terminal, else `Lines`."""
    stream = stream or sys.stderr
    if stream.isatty():
        from tqdm import tqdm

        with tqdm(total=total, desc=label, unit="item", file=stream, leave=False) as bar:
            yield bar
        return
    lines = Lines(label, total, stream)
    try:
        yield lines
    finally:
        lines.close()


def terminal(items: Iterable[T], label: str, total: int | None) -> Iterator[T]:
    """The CLI's progress: counts the items on standard error as they are done."""
    with counter(label, total) as shown:
        for item in items:
            yield item
            shown.update()
