"""A learned judge of whether two reports tell one event, beside the hand-weighted `clustering.pair_fit`: a
probe of issue 14, not part of the product (the grouping runs it only through `gated`, patched in by
`benchmarks/train_pairs.py --group`).

What grouping knows of a pair of reports (`pair_features`: their meaning cosine, their rare-words cosine and
how much of it one word carries, the names, numbers, months, weekdays and places their openings give, the
days between their dates) and their meaning vectors multiplied dimension by dimension go through a logistic
regression learned on NeuS train same-story and different-story pairs outside the dev slice
(`benchmarks/train_pairs.py` writes it as JSON: the features' means and scales, a weight each, a weight per
meaning dimension and a bias). Pure numpy.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from copydesk.core.article_terms import shared_terms
from copydesk.core.clustering import pair_fit
from copydesk.core.dates import days_apart
from copydesk.core.places import apart

if TYPE_CHECKING:
    from copydesk.core.clustering import ArticleProfile, ClusteringOptions

FEATURES = (
    "cosine",
    "words",
    "cosine_x_words",
    "top_word",
    "top_share",
    "shared_count",
    "numbers_apart",
    "numbers_one_apart",
    "numbers_alike",
    "months_apart",
    "months_alike",
    "next_day",
    "days_apart",
    "days_alike",
    "places_apart",
    "places_alike",
    "names_shared",
    "names_jaccard",
    "dated_gap",
    "words_fewer",
    "words_more",
)
"""What `pair_features` gives, in order."""


def pair_features(a: ArticleProfile, b: ArticleProfile) -> list[float]:
    """The pair's features (`FEATURES`): symmetric in the two reports."""
    cosine = float(np.dot(a.vector, b.vector))
    small, large = (a.terms, b.terms) if len(a.terms) <= len(b.terms) else (b.terms, a.terms)
    products = [w * large[t] for t, w in small.items() if t in large]
    words = shared_terms(a.terms, b.terms)
    top = max(products, default=0.0)
    numbers_both = bool(a.numbers) and bool(b.numbers)
    numbers_alike = bool(a.numbers & b.numbers)
    gap = days_apart(a.days, a.published, b.days, b.published)
    places_apart = apart(a.places, a.names, [(b.places, b.names)])
    names_shared = len(a.names & b.names)
    names_all = len(a.names | b.names)
    dated = a.published is not None and b.published is not None
    return [
        cosine,
        words,
        cosine * words,
        top,
        top / words if words > 0 else 0.0,
        math.log1p(len(products)),
        float(len(a.numbers) >= 2 and len(b.numbers) >= 2 and not numbers_alike),
        float(numbers_both and not numbers_alike and not (len(a.numbers) >= 2 and len(b.numbers) >= 2)),
        float(numbers_alike),
        float(bool(a.months) and bool(b.months) and not a.months & b.months),
        float(bool(a.months & b.months)),
        float(gap == 1),
        float(gap > 1),
        float(bool(a.days) and bool(b.days) and gap == 0),
        float(places_apart),
        float(bool(a.places & b.places)),
        math.log1p(names_shared),
        names_shared / names_all if names_all else 0.0,
        math.log1p(abs((a.published - b.published).total_seconds()) / 86400) if dated else 0.0,  # type: ignore[operator]
        math.log1p(len(small)),
        math.log1p(len(large)),
    ]


@dataclass(frozen=True)
class PairModel:
    """A logistic regression over standardised `pair_features` and the two reports' meaning vectors
    multiplied dimension by dimension: a learned weight per dimension of the meaning cosine, so that
    the dimensions that tell one event from another of the same subject count more than those that say
    what the subject is."""

    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]
    meaning: npt.NDArray[np.float64]
    """Weight of each dimension's product (standardisation folded in)."""
    bias: float

    def logit(self, a: ArticleProfile, b: ArticleProfile) -> float:
        """The log-odds that the two reports tell one event."""
        x = (np.asarray(pair_features(a, b), dtype=np.float64) - self.mean) / self.scale
        return float(x @ self.weights) + float(np.dot(a.vector * self.meaning, b.vector)) + self.bias

    def to_json(self) -> str:
        return json.dumps(
            {
                "features": list(FEATURES),
                "mean": self.mean.round(8).tolist(),
                "scale": self.scale.round(8).tolist(),
                "weights": self.weights.round(8).tolist(),
                "meaning": self.meaning.round(8).tolist(),
                "bias": round(self.bias, 8),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> PairModel:
        data = json.loads(text)
        if data["features"] != list(FEATURES):
            raise ValueError("the pair model was trained on other features than pair_features gives")
        return cls(
            np.array(data["mean"], dtype=np.float64),
            np.array(data["scale"], dtype=np.float64),
            np.array(data["weights"], dtype=np.float64),
            np.array(data["meaning"], dtype=np.float64),
            float(data["bias"]),
        )


def load(path: Path) -> PairModel:
    return PairModel.from_json(path.read_text(encoding="utf-8"))


def gated(
    model: PairModel, least: float
) -> Callable[[ArticleProfile, ArticleProfile, ClusteringOptions], float]:
    """`pair_fit`, but minus infinity where the model's log-odds fall below `least`: patched in for
    `clustering.pair_fit` and `settling.pair_fit`, a pair then holds in a story (`coherent`) only when its
    hand fit reaches `pair_floor` and the model agrees, and two reports regroup (`settling.regroup`) only
    when the model agrees. Never above the hand fit, so the second look's bounds (`settling._Reach`) hold."""

    def fit(a: ArticleProfile, b: ArticleProfile, options: ClusteringOptions) -> float:
        hand = pair_fit(a, b, options)
        return hand if model.logit(a, b) >= least else -math.inf

    return fit
