"""The pipeline: turns the core's decisions into database writes.

```
feed (due by its own rhythm) -> fetch (conditional GET) -> entries -> full text of summaries (poll.py)
source (file | dir | JSONL | URL) -> read -> normalise -> dedupe -> store    (ingest.py)
  -> embed -> assign to story (core.clustering decides)                      (assign.py)
  -> embed the sentences of ready stories, together                         (passages.py)
  -> write draft (core.extractive) -> verify (core.verify) -> publish revision (publish.py)
  -> related, ranked again where something changed (core.related)           (relate.py)
```
Every step can run on its own, is safe to re-run, and resumes after a crash: each article is stored,
assigned and each revision published in a transaction of its own, related links are written a hundred
stories at a time, and work left undone is found again from the database (unassigned articles, stories
marked `needs_writing`, stories whose `related_key` no longer matches). A story that cannot be written
keeps the reason (`Story.write_error`) and waits until its articles change. Long computations
(embedding, drafting, ranking) happen outside transactions, so no step holds SQLite's write lock for
more than a moment (benchmarks/related_scale.py measures it).
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
