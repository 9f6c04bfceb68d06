"""Ranking related stories: close in meaning, sharing names.

A story's score against another is the cosine of their centroids plus half the Jaccard share of their
names. `rank_related` ranks one story against a list, pair by pair. `RelatedIndex` gives the same
rankings over a whole archive at once: a float32 matrix product finds the few candidates, which are then
scored exactly as `rank_related` scores them, so both agree to the last bit whatever the archive's size
or order. That exactness is what lets the pipeline update links incrementally (`RelatedIndex.reached`
compares a new score with a stored one) and still equal a recomputation from scratch.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from copydesk.core.vectors import Vector, jaccard

NAME_WEIGHT = 0.5
NEAR_COPY = 0.95
"""Cosine (exact, `exact_dot`) from which another story is a copy of this one's event, not a related
story: a reader who followed the link would read the same news again."""

Ranking = list[tuple[int, float]]
"""(story id, score), best first; equal scores in order of id."""

Ids = npt.NDArray[np.int64]
Scores = npt.NDArray[np.float64]
Coarse = npt.NDArray[np.float32]


@dataclass(frozen=True)
class StorySummary:
    """What relatedness looks at: a story's centroid and its names."""

    id: int
    centroid: Vector
    names: frozenset[str]


def exact_dot(a: Vector, b: Vector) -> float:
    """The dot product of two float32 vectors, the same whatever the order of a and b.

    Each float32 product is exact in float64 and numpy sums a row pairwise in a fixed order, so the
    result depends on the two vectors alone, never on the BLAS kernel or where a row sits in a matrix.
    """
    return float((a.astype(np.float64) * b.astype(np.float64)).sum())


def score(a: StorySummary, b: StorySummary, name_weight: float = NAME_WEIGHT) -> float:
    """How related two stories are (symmetric)."""
    return exact_dot(a.centroid, b.centroid) + name_weight * jaccard(a.names, b.names)


def rank_related(
    story: StorySummary, others: Sequence[StorySummary], k: int = 4, name_weight: float = NAME_WEIGHT
) -> Ranking:
    """The `k` stories most related to `story`, best first, as (id, score); never the story itself nor
    a near-copy of it."""
    scored = [
        (o.id, score(story, o, name_weight))
        for o in others
        if o.id != story.id and exact_dot(story.centroid, o.centroid) < NEAR_COPY
    ]
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return scored[:k]


@dataclass(frozen=True)
class Floors:
    """Each indexed story's weakest kept link (its k-th), as (score, id), aligned with the index's rows.

    A story with fewer than k links has floor -inf: any story may join its list.
    """

    scores: Scores
    ids: Ids

    @classmethod
    def of(cls, index: RelatedIndex, kth: Mapping[int, tuple[float, int]]) -> Floors:
        scores = np.full(len(index), -np.inf)
        ids = np.zeros(len(index), dtype=np.int64)
        for row, story in enumerate(index.ids.tolist()):
            if story in kth:
                scores[row], ids[row] = kth[story]
        return cls(scores, ids)


@dataclass
class _Block:
    """Coarse scores of a few query stories against every indexed one, in float32: a first cut only."""

    queries: list[StorySummary]
    coarse: Coarse  # queries x rows
    named: list[tuple[Ids, Scores]]  # per query: the rows sharing a name with it, sorted, and their shares

    def shares(self, queries: npt.NDArray[np.intp], rows: npt.NDArray[np.intp]) -> Scores:
        """The name shares of (query, row) pairs: 0 where they share no name."""
        width = self.coarse.shape[1]
        keys = np.concatenate([i * width + named for i, (named, _) in enumerate(self.named)])
        values = np.concatenate([shares for _, shares in self.named])
        wanted = queries.astype(np.int64) * width + rows
        at = np.minimum(np.searchsorted(keys, wanted), max(0, len(keys) - 1))
        found = keys[at] == wanted if len(keys) else np.zeros(len(wanted), dtype=bool)
        return np.where(found, values[at] if len(keys) else 0.0, 0.0)


@dataclass
class RelatedIndex:
    """The published stories' centroids as one matrix, their names, and the rankings over them."""

    ids: Ids
    matrix: npt.NDArray[np.float32]
    names: Sequence[frozenset[str]]
    name_weight: float = NAME_WEIGHT
    _postings: dict[str, Ids] = field(default_factory=dict, repr=False)
    _sizes: Ids = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)

    @classmethod
    def of(cls, stories: Sequence[StorySummary], name_weight: float = NAME_WEIGHT) -> RelatedIndex:
        dim = len(stories[0].centroid) if stories else 0
        matrix = np.array([s.centroid for s in stories], dtype=np.float32).reshape(len(stories), dim)
        ids = np.array([s.id for s in stories], dtype=np.int64)
        return cls(ids, matrix, [s.names for s in stories], name_weight)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def slack(self) -> float:
        """How far a float32 product of two unit vectors can be from the exact one.

        A sum of d products, in any order, is within d * eps/2 of exact (Higham's bound); twice that
        leaves room for centroids a hair longer than 1 and for adding the name share in float32.
        """
        return float(self.matrix.shape[1] * np.finfo(np.float32).eps)

    def summary(self, row: int) -> StorySummary:
        return StorySummary(int(self.ids[row]), self.matrix[row], self.names[row])

    def rank(self, stories: Sequence[StorySummary], k: int = 4) -> dict[int, Ranking]:
        """Each story's `k` most related indexed stories, as `rank_related` ranks them."""
        out: dict[int, Ranking] = {}
        for block in self._blocks(stories):
            kth = self._kth(block, k)
            # the exact k-th is at least the coarse bound less `slack`, and every exact score is within
            # `slack` of its coarse one: nothing below bound - 2 * slack can be among the k best
            queries, rows = np.nonzero(block.coarse >= kth[:, None] - 2 * self.slack)
            out.update(self._best(block, queries, rows, k))
        return out

    def reached(self, stories: Sequence[StorySummary], floors: Floors) -> set[int]:
        """Indexed stories whose list one of `stories` now enters: it beats their floor."""
        found: set[int] = set()
        for block in self._blocks(stories):
            near = (block.coarse + self.slack >= floors.scores[None, :]) & np.isfinite(block.coarse)
            queries, rows = np.nonzero(near)
            exact = self._exact(block, queries, rows)
            query_ids = np.array([s.id for s in block.queries], dtype=np.int64)[queries]
            beats = (exact > floors.scores[rows]) | (
                (exact == floors.scores[rows]) & (query_ids < floors.ids[rows])
            )
            found.update(self.ids[rows[beats]].tolist())
        return found

    def _blocks(self, stories: Sequence[StorySummary]) -> Iterator[_Block]:
        """Queries a few at a time, so that a block's scores stay within some 32 MB."""
        size = max(1, min(256, (1 << 22) // max(1, len(self))))
        row_of = {story: row for row, story in enumerate(self.ids.tolist())}
        self._index_names(frozenset().union(*(s.names for s in stories)))
        for start in range(0, len(stories), size):
            queries = list(stories[start : start + size])
            vectors = np.array([q.centroid for q in queries], dtype=np.float32)
            block = _Block(queries, vectors @ self.matrix.T, [])
            self._drop_copies(block)
            for i, query in enumerate(queries):
                rows, shares = self._named(query)
                block.coarse[i, rows] += self.name_weight * shares
                block.named.append((rows, shares))
                if (own := row_of.get(query.id)) is not None:
                    block.coarse[i, own] = -np.inf  # never the story itself
            yield block

    def _drop_copies(self, block: _Block) -> None:
        """Never a near-copy: the pairs whose coarse cosine comes near NEAR_COPY are decided by their
        exact one, as `rank_related` decides them, and dropped (-inf) when it is a copy's."""
        queries, rows = np.nonzero(block.coarse >= NEAR_COPY - 2 * self.slack)
        for i, row in zip(queries.tolist(), rows.tolist(), strict=True):
            if exact_dot(block.queries[i].centroid, self.matrix[row]) >= NEAR_COPY:
                block.coarse[i, row] = -np.inf

    def _named(self, query: StorySummary) -> tuple[Ids, Scores]:
        """The rows sharing a name with `query`, and the share of names (Jaccard) each has with it."""
        if not query.names:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        rows, shared = np.unique(
            np.concatenate([self._postings[name] for name in query.names]), return_counts=True
        )
        # integer counts divided once, as `score` divides them: the same float
        return rows, shared / (len(query.names) + self._sizes[rows] - shared)

    def _index_names(self, wanted: frozenset[str]) -> None:
        """Find the rows of each wanted name not looked up yet, in one pass over the archive's names.

        A run that ranks a few stories asks for their few names only; ranking all asks for all.
        """
        if len(self._sizes) != len(self.names):
            self._sizes = np.fromiter((len(names) for names in self.names), np.int64, len(self.names))
        missing = wanted - self._postings.keys()
        if not missing:
            return
        found: dict[str, list[int]] = {name: [] for name in missing}
        for row, names in enumerate(self.names):
            for name in names & missing:
                found[name].append(row)
        self._postings.update((name, np.array(rows, dtype=np.int64)) for name, rows in found.items())

    def _kth(self, block: _Block, k: int) -> Coarse:
        """For each query, a score its k-th best coarse score is at least (-inf: k others or fewer).

        The k-th best of the maxima of 256 slices of the row: they are k different scores of the row,
        so at most its k-th best, and close to it when the best are spread out (they are in any order
        of ids). One pass over the row, three times faster than partitioning it.
        """
        width = block.coarse.shape[1]
        if width - 1 <= k:
            return np.full(len(block.queries), -np.inf, dtype=np.float32)
        if width < 256 * 16:
            return np.partition(block.coarse, -k, axis=1)[:, -k]
        whole = width // 256 * 256
        maxima = block.coarse[:, :whole].reshape(len(block.queries), 256, -1).max(axis=2)
        return np.partition(maxima, -k, axis=1)[:, -k]

    def _exact(self, block: _Block, queries: npt.NDArray[np.intp], rows: npt.NDArray[np.intp]) -> Scores:
        """Exact scores of (query, row) pairs, computed as `score` computes them."""
        vectors = np.array([q.centroid for q in block.queries], dtype=np.float32).astype(np.float64)
        dots: Scores = (self.matrix[rows].astype(np.float64) * vectors[queries]).sum(axis=1)
        return dots + self.name_weight * block.shares(queries, rows)

    def _best(
        self, block: _Block, queries: npt.NDArray[np.intp], rows: npt.NDArray[np.intp], k: int
    ) -> dict[int, Ranking]:
        """The k best of the candidate (query, row) pairs for each query, by exact score, then id."""
        finite = np.isfinite(block.coarse[queries, rows])
        queries, rows = queries[finite], rows[finite]
        exact = self._exact(block, queries, rows)
        order = np.lexsort((self.ids[rows], -exact, queries))
        out: dict[int, Ranking] = {q.id: [] for q in block.queries}
        for at in order.tolist():
            ranking = out[block.queries[int(queries[at])].id]
            if len(ranking) < k:
                ranking.append((int(self.ids[rows[at]]), float(exact[at])))
        return out
