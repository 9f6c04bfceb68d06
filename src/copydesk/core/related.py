"""Ranking related stories: close in meaning, sharing names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from copydesk.core.vectors import Vector, jaccard


@dataclass(frozen=True)
class StorySummary:
    """What relatedness looks at: a story's centroid and its names."""

    id: int
    centroid: Vector
    names: frozenset[str]


def rank_related(
    story: StorySummary, others: Sequence[StorySummary], k: int = 4, name_weight: float = 0.5
) -> list[tuple[int, float]]:
    """The `k` stories most related to `story`, best first, as (id, score)."""
    scored = [
        (o.id, float(np.dot(story.centroid, o.centroid)) + name_weight * jaccard(story.names, o.names))
        for o in others
        if o.id != story.id
    ]
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return scored[:k]
