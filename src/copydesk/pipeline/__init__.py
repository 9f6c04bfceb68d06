"""The pipeline: turns the core's decisions into database writes.

```
source (file | dir | JSONL) -> read -> normalise -> dedupe -> store          (ingest.py)
  -> embed -> assign to story (core.clustering decides)                      (assign.py)
  -> embed the sentences of ready stories, together                         (passages.py)
  -> write draft (core.extractive) -> verify (core.verify) -> publish revision (publish.py)
  -> related (core.related)                                                  (relate.py)
```
Every step can run on its own, is safe to re-run, and resumes after a crash: each article is stored,
assigned and each revision published in a transaction of its own, and work left undone is found
again from the database (unassigned articles, stories marked `needs_writing`). A story that cannot
be written keeps the reason (`Story.write_error`) and waits until its articles change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from copydesk.pipeline.progress import terminal

__all__ = ["Progress", "quiet", "terminal"]

T = TypeVar("T")

#: Wraps an iterable to show progress: (items, label, total) -> items. The CLI passes `terminal`.
Progress = Callable[[Iterable[T], str, int | None], Iterable[T]]


def quiet(items: Iterable[T], label: str, total: int | None) -> Iterator[T]:
    """The default progress: none."""
    yield from items
