"""The published stories' centroids, searchable by meaning, kept in each process and brought up to
date with only what changed.

Every story whose centroid or publication changes gets a higher `Story.vector_seq` (pipeline.find), so
a process reads, at each query, the one number `MAX(vector_seq)` and, when it moved, only the rows
above the last it took in. Below `hnsw_from` stories the search is exact (a float32 matrix product:
6 ms at 100,000); above, an HNSW graph (hnswlib: 0.23 ms p50 at 1,000,000, recall@10 0.998 as
measured in PACKAGES.md), where a withdrawn story is marked deleted and a revised one replaced.
Building that graph over 1,000,000 centroids takes minutes, so the process-wide index keeps it in the
data directory (newsroom.kept_vectors) and a process starting later loads it and takes in only the
stories changed since. On a PostgreSQL with pgvector none of this is held: `nearest_stories` asks the
database's HNSW index (newsroom.pgvector).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connection
from django.db.models import Max

from copydesk import config
from copydesk.embedding import DIMENSIONS
from copydesk.newsroom.models import Story

log = logging.getLogger(__name__)
HNSW_FROM = 50_000
"""Stories from which an HNSW graph answers instead of the exact product (the exact one is 6 ms at
100,000 and 62 ms at 1,000,000 on these machines)."""
EF = 64  # HNSW's breadth of search: recall@10 0.998 at 1,000,000 (PACKAGES.md)
ROWS = 5_000  # rows read per fetch when catching up
KEEP_AFTER = 5_000
"""Stories a loaded graph took in after which it is kept again, so that what a starting process takes
in stays small however old the kept graph."""


class StoryVectors:
    """Nearest published stories to a vector, by cosine (the centroids are unit vectors)."""

    def __init__(self, hnsw_from: int = HNSW_FROM, keep_in: Path | None = None) -> None:
        self.hnsw_from = hnsw_from
        self.keep_in = keep_in  # where the graph is kept between processes (None: never kept)
        self.seq = -1
        self.size = 0  # rows in use; the arrays below have room for more
        self.row_of: dict[int, int] = {}
        self.ids = np.zeros(0, dtype=np.int64)
        self.matrix = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self.live = np.zeros(0, dtype=bool)
        self.graph: Any = None
        self.lock = threading.Lock()

    def __len__(self) -> int:
        return int(self.live[: self.size].sum())

    def refresh(self) -> None:
        """Take in the stories changed since the last refresh (the first time: all of them, or those
        changed since the kept graph was saved)."""
        latest = Story.objects.aggregate(top=Max("vector_seq"))["top"] or 0
        if latest <= self.seq:
            return
        with self.lock:
            if self.seq < 0 and self.keep_in is not None:
                self._load_kept(self.keep_in)
            taken = 0
            for rows in _changed_since(self.seq):
                self._take(rows)
                taken += len(rows)
            self.seq = latest
            built = self.graph is None and len(self) >= self.hnsw_from
            if built:
                self._build_graph()
            if self.keep_in is not None and self.graph is not None and (built or taken >= KEEP_AFTER):
                self._keep(self.keep_in)

    def _load_kept(self, directory: Path) -> None:
        from copydesk.newsroom import kept_vectors

        kept = kept_vectors.load(directory)
        if kept is None:
            return
        self.seq, self.size, self.graph = kept.seq, len(kept.ids), kept.graph
        self.ids, self.matrix, self.live = kept.ids, kept.matrix, kept.live
        self.row_of = {story: row for row, story in enumerate(kept.ids.tolist())}
        self.graph.set_ef(EF)

    def _keep(self, directory: Path) -> None:
        """Saves the graph for the next process; a failure (a full disk) costs only that process's build."""
        from copydesk.newsroom import kept_vectors

        try:
            kept_vectors.save(directory, self.seq, self.ids[: self.size], self.live[: self.size], self.graph)
        except (OSError, RuntimeError) as exc:
            log.warning("the vector index could not be kept in %s: %s", directory, exc)

    def _grow(self, extra: int) -> None:
        """Room for `extra` more rows, doubling: catching up on a million stories copies each once."""
        need = self.size + extra
        if need <= len(self.ids):
            return
        room = max(need, 2 * len(self.ids), 1024)
        ids, matrix, live = self.ids, self.matrix, self.live
        self.ids = np.zeros(room, dtype=np.int64)
        self.matrix = np.zeros((room, DIMENSIONS), dtype=np.float32)
        self.live = np.zeros(room, dtype=bool)
        self.ids[: self.size], self.matrix[: self.size], self.live[: self.size] = (
            ids[: self.size],
            matrix[: self.size],
            live[: self.size],
        )

    def _take(self, rows: list[tuple[int, bytes | None, bool]]) -> None:
        new = [story for story, _, _ in rows if story not in self.row_of]
        self._grow(len(new))
        for story in new:
            self.row_of[story] = self.size
            self.ids[self.size] = story
            self.size += 1
        changed = []
        for story, blob, published in rows:
            row = self.row_of[story]
            self.live[row] = bool(published and blob)
            if self.live[row]:
                self.matrix[row] = np.frombuffer(bytes(blob or b""), dtype=np.float32)
                changed.append(row)
            elif self.graph is not None:
                with contextlib.suppress(RuntimeError):  # never added, or deleted already
                    self.graph.mark_deleted(row)
        if self.graph is not None and changed:
            self._add_to_graph(np.array(changed, dtype=np.int64))

    def _build_graph(self) -> None:
        import hnswlib

        graph = hnswlib.Index(space="ip", dim=DIMENSIONS)
        graph.init_index(max_elements=max(1024, 2 * self.size), ef_construction=100, M=16)
        graph.set_ef(EF)
        self.graph = graph
        self._add_to_graph(np.flatnonzero(self.live[: self.size]))

    def _add_to_graph(self, rows: npt.NDArray[np.int64]) -> None:
        graph = self.graph
        if graph.get_max_elements() < self.size:
            graph.resize_index(2 * self.size)
        graph.add_items(self.matrix[rows], rows)
        for row in rows.tolist():  # a story published again after a withdrawal
            with contextlib.suppress(RuntimeError):
                graph.unmark_deleted(row)

    def nearest(self, vector: npt.NDArray[np.float32], k: int) -> list[tuple[int, float]]:
        """The `k` published stories closest to `vector`: (story id, cosine), closest first."""
        self.refresh()
        if not len(self):
            return []
        query = np.asarray(vector, dtype=np.float32)
        if self.graph is not None:
            with self.lock:  # hnswlib: no query while the graph is resized or marked
                labels, distances = self.graph.knn_query(query, k=min(k, len(self)))
            return [(int(self.ids[r]), 1.0 - float(d)) for r, d in zip(labels[0], distances[0], strict=True)]
        scores = self.matrix[: self.size] @ query
        scores[~self.live[: self.size]] = -np.inf
        top = np.argpartition(-scores, min(k, len(scores) - 1))[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self.ids[r]), float(scores[r])) for r in top if self.live[r]]


def _changed_since(seq: int) -> Iterator[list[tuple[int, bytes | None, bool]]]:
    """(id, centroid, published) of the stories whose vector_seq is above `seq`, ROWS at a time."""
    query = Story.objects.filter(vector_seq__gt=seq).values_list("id", "centroid", "current_id")
    with connection.cursor() as cursor:  # a plain cursor: no converter per row
        cursor.execute(*query.query.sql_with_params())
        while rows := cursor.fetchmany(ROWS):
            yield [(story, blob, current is not None) for story, blob, current in rows]


def nearest_stories(vector: npt.NDArray[np.float32], k: int) -> list[tuple[int, float]]:
    """The `k` published stories closest to `vector`: (story id, cosine), closest first. On a PostgreSQL
    with pgvector, one query through its HNSW index (newsroom.pgvector); elsewhere the process-wide index."""
    from copydesk.newsroom import pgvector

    if pgvector.ready():
        return pgvector.nearest(vector, k)
    return story_vectors().nearest(vector, k)


@lru_cache(maxsize=1)
def story_vectors() -> StoryVectors:
    """The process-wide index, filled on first use (its graph kept in the data directory)."""
    return StoryVectors(keep_in=config.current().data_dir)
