"""The vector index's HNSW graph kept on disk, so that a process starting on a large archive loads it
instead of building it again (over 1,000,000 centroids the build takes minutes; loading, seconds).

Kept in the data directory: `story-vectors.npz` (the rows' story ids, which of them are published, the
sequence number the index had reached and each story's `vector_seq` at or below it) and
`story-vectors-<token>.hnsw` (hnswlib's file, which holds the centroids too, named by a token the .npz
gives, so that a graph is only ever read with the rows it was saved with). Each is written under
another name and then renamed, so that a process never reads half a file.

A kept index is used only if the database still holds what it was made from: every story whose
`vector_seq` is at most the kept one is kept with that very number, and every kept story is still
there (a story changed since has a higher number, and is taken in again as the index catches up; a
database restored from an earlier copy, or another database, fails the test). Anything else, or a file that
cannot be read, and the index is built from the database as if nothing were kept.
"""

from __future__ import annotations

import logging
import os
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connection

from copydesk.embedding import DIMENSIONS
from copydesk.newsroom.models import Story

log = logging.getLogger(__name__)
NAME = "story-vectors"
CHUNK = 50_000  # centroids copied out of the graph at a time


@dataclass
class Kept:
    """What a saved index holds: its rows (the first `size` of each array) and its graph."""

    seq: int
    ids: npt.NDArray[np.int64]
    matrix: npt.NDArray[np.float32]
    live: npt.NDArray[np.bool_]
    graph: Any


def numbered(seq: int | None = None) -> npt.NDArray[np.int64]:
    """The stories whose vector_seq is at most `seq` (any), as rows of (id, vector_seq), by id."""
    stories = Story.objects.filter(vector_seq__isnull=False)
    if seq is not None:
        stories = stories.filter(vector_seq__lte=seq)
    query = stories.order_by("id").values_list("id", "vector_seq")
    with connection.cursor() as cursor:  # a plain cursor: no converter per row
        cursor.execute(*query.query.sql_with_params())
        return np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 2)


def _matches(kept: npt.NDArray[np.int64], seq: int, now: npt.NDArray[np.int64]) -> bool:
    """Whether the stories `now` (id, vector_seq) are those `kept` at `seq` but for the ones changed
    since: each at most `seq` kept with that number, each kept one still there (all by id)."""
    older = now[now[:, 1] <= seq]
    at = np.searchsorted(kept[:, 0], older[:, 0])
    if len(older) and at.max() >= len(kept):
        return False
    return bool(np.array_equal(kept[at], older)) and bool(np.isin(kept[:, 0], now[:, 0]).all())


def save(
    directory: Path, seq: int, ids: npt.NDArray[np.int64], live: npt.NDArray[np.bool_], graph: Any
) -> None:
    """Writes the index (its graph, then its rows), then removes the graphs of earlier saves."""
    token = secrets.token_hex(8)
    graph_path = directory / f"{NAME}-{token}.hnsw"
    partial = directory / f".{NAME}-{token}.partial"
    graph.save_index(str(partial))
    os.replace(partial, graph_path)
    with open(partial, "wb") as out:
        np.savez(out, seq=np.array(seq), token=np.array(token), ids=ids, live=live, numbered=numbered(seq))
    os.replace(partial, directory / f"{NAME}.npz")
    for old in directory.glob(f"{NAME}-*.hnsw"):
        if old != graph_path:
            old.unlink(missing_ok=True)


def load(directory: Path) -> Kept | None:
    """The index saved in `directory` if it matches the database, else None (nothing saved, another
    database, or a file that cannot be read)."""
    rows = directory / f"{NAME}.npz"
    if not rows.exists():
        return None
    try:
        with np.load(rows) as saved:
            seq, token = int(saved["seq"]), str(saved["token"])
            if not _matches(saved["numbered"], seq, numbered()):
                log.info("the kept vector index is not this database's: building it again")
                return None
            ids, live = saved["ids"], saved["live"]
        graph = _graph(directory / f"{NAME}-{token}.hnsw")
        return Kept(seq, ids, _centroids(graph, live), live, graph)
    except (OSError, ValueError, KeyError, RuntimeError, EOFError, zipfile.BadZipFile) as exc:
        log.warning("the kept vector index could not be read (%s): building it again", exc)
        return None


def _centroids(graph: Any, live: npt.NDArray[np.bool_]) -> npt.NDArray[np.float32]:
    """The published rows' centroids, as the graph holds them (the others are never read)."""
    matrix = np.zeros((len(live), DIMENSIONS), dtype=np.float32)
    rows = np.flatnonzero(live)
    for start in range(0, len(rows), CHUNK):
        part = rows[start : start + CHUNK]
        matrix[part] = graph.get_items(part, return_type="numpy")
    return matrix


def _graph(path: Path) -> Any:
    import hnswlib

    graph = hnswlib.Index(space="ip", dim=DIMENSIONS)
    graph.load_index(str(path))  # with the room it was saved with
    return graph
