"""Would another signal tell two reports of one event from two of different events better than `pair_fit`?

    PYTHONPATH=src .venv/bin/python benchmarks/grouping_signals.py [--weights 0.5 1 2 4] [--json]

On the NeuS train dev slice (the `benchmarks/grouping_dev.py` stories, word rarity over the whole slice as in
`benchmarks/grouping_errors.py`), every pair of reports whose plain fit (meaning cosine + 2.5 x rare-words
cosine) is at least 0.5 is scored by today's `pair_fit` and by candidate signals a newsroom has:

- `title`: the meaning cosine of the two headlines alone (the headline fit apart from the body fit);
- `body`: the meaning cosine of the two openings without their headlines;
- `title_words`: the rare-words cosine of the headlines alone;
- `names`: the summed rarity (idf) of the capitalised names both reports give;
- `local`: the words both reports share, each weighted by how rare it is among the two reports' `--neighbours`
  nearest reports (a contrastive rarity: what the pair shares that the reports about the same subject do not;
  "Trump" and "border wall" are common among a border-wall story's neighbours, a bill's name is not).

For each: the ROC AUC (same-story pairs above different-story pairs) alone and added to `pair_fit` with each
weight, over all those pairs and over the band where the decision is made (`pair_fit` between 0.6 and 1.4).
A pair signal is only a hint: what counts is the grouping run. `--mix local=2 --floors 0.85 1.0` places the
slice one article at a time (as `grouping_dev.py --batch 1`) with 2 x `local` added to every `pair_fit`, at
each pair floor (the signals' rarity and neighbours are the whole slice's: a probe, not the product).

    PYTHONPATH=src .venv/bin/python benchmarks/grouping_signals.py --mix local=2 --floors 0.85 1.0
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from grouping_dev import EVAL, CachedEmbedder, measure
from grouping_errors import profiles
from scipy.stats import mannwhitneyu

from copydesk.core import clustering, settling
from copydesk.core.article_terms import NameRarity, shared_terms, weigh, words
from copydesk.core.clustering import ArticleProfile, ClusteringOptions, pair_fit
from copydesk.core.text import names
from copydesk.evaluation.clustering import read

Floats = npt.NDArray[np.float64]
BAND = (0.6, 1.4)


def auc(scores: Floats, same: npt.NDArray[np.bool_]) -> float:
    """The chance that a same-story pair scores above a different-story one (Mann-Whitney U, ties halved)."""
    return float(mannwhitneyu(scores[same], scores[~same]).statistic / (same.sum() * (~same).sum()))


def term_matrix(terms: list[dict[str, float]]) -> Floats:
    vocabulary: dict[str, int] = {}
    for t in terms:
        for word in t:
            vocabulary.setdefault(word, len(vocabulary))
    matrix = np.zeros((len(terms), len(vocabulary)))
    for row, t in enumerate(terms):
        for word, weight in t.items():
            matrix[row, vocabulary[word]] = weight
    return matrix


class Signals:
    """The candidate signals of any two reports of the slice, by their positions in it."""

    kinds = ("title", "body", "title_words", "names", "local")

    def __init__(self, items: list[Any], embedder: CachedEmbedder, neighbours: int) -> None:
        options = ClusteringOptions()
        self.found = profiles(items, embedder)
        vectors = np.stack([f.vector for f in self.found]).astype(np.float64)
        self.titles = embedder.embed([a.title for a in items]).astype(np.float64)
        self.bodies = embedder.embed([a.text[:600] or a.title for a in items]).astype(np.float64)
        self.terms = term_matrix([dict(f.terms) for f in self.found])
        self.present = self.terms > 0
        self.plain = vectors @ vectors.T + options.pair_term_weight * (self.terms @ self.terms.T)
        np.fill_diagonal(self.plain, -np.inf)
        self.nearest = np.argsort(-self.plain, axis=1)[:, :neighbours]
        title_counts = [words(a.title) for a in items]
        title_rarity = NameRarity.of(title_counts)
        self.title_terms = [weigh(c, title_rarity) for c in title_counts]
        self.found_names = [frozenset(names(a.title) | names(a.text, initial=False)) for a in items]
        self.name_rarity = NameRarity.of(self.found_names)
        self.known: dict[tuple[int, int], dict[str, float]] = {}

    def pair(self, i: int, j: int) -> dict[str, float]:
        key = (min(i, j), max(i, j))
        if key not in self.known:
            self.known[key] = self._pair(*key)
        return self.known[key]

    def _pair(self, i: int, j: int) -> dict[str, float]:
        around = sorted((set(self.nearest[i]) | set(self.nearest[j])) - {i, j})
        seen = self.present[around].sum(axis=0)
        rarity = np.log((len(around) + 1) / (seen + 1)) / np.log(len(around) + 1)
        return {
            "title": float(self.titles[i] @ self.titles[j]),
            "body": float(self.bodies[i] @ self.bodies[j]),
            "title_words": shared_terms(self.title_terms[i], self.title_terms[j]),
            "names": sum(self.name_rarity.idf(n) for n in self.found_names[i] & self.found_names[j]) / 10,
            "local": float((self.terms[i] * self.terms[j] * rarity).sum()),
        }


def signals(items: list[Any], candidates: Signals) -> dict[str, Any]:
    """Each candidate pair's gold label, `pair_fit` and candidate signals."""
    options = ClusteringOptions()
    rows: dict[str, list[float]] = {k: [] for k in ("same", "fit", *Signals.kinds)}
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if candidates.plain[i, j] < 0.5:
                continue
            rows["same"].append(items[i].story == items[j].story)
            rows["fit"].append(pair_fit(candidates.found[i], candidates.found[j], options))
            for name, value in candidates.pair(i, j).items():
                rows[name].append(value)
    return {k: np.array(v) for k, v in rows.items()}


def grouped(
    items: list[Any], embedder: CachedEmbedder, candidates: Signals, mix: str, floors: list[float]
) -> list[dict[str, Any]]:
    """The grouping run placed one article at a time with `weight x signal` added to every `pair_fit`, at
    each pair floor: a probe, so `pair_fit` is patched here rather than given an option."""
    name, weight = mix.split("=")
    position = {np.asarray(f.vector, np.float32).tobytes(): i for i, f in enumerate(candidates.found)}
    plain_fit = clustering.pair_fit

    def mixed(a: ArticleProfile, b: ArticleProfile, options: ClusteringOptions) -> float:
        i, j = (position[np.asarray(x.vector, np.float32).tobytes()] for x in (a, b))
        return plain_fit(a, b, options) + float(weight) * candidates.pair(i, j)[name]

    clustering.pair_fit = settling.pair_fit = mixed  # type: ignore[assignment]
    try:
        return [
            {
                "mix": mix,
                "pair_floor": floor,
                **measure(items, embedder, replace(ClusteringOptions(), pair_floor=floor), 1),
            }
            for floor in floors
        ]
    finally:
        clustering.pair_fit = settling.pair_fit = plain_fit  # type: ignore[assignment]


def report(rows: dict[str, Any], weights: list[float]) -> dict[str, Any]:
    same, fit = rows["same"].astype(bool), rows["fit"]
    band = (fit > BAND[0]) & (fit < BAND[1])
    out: dict[str, Any] = {
        "pairs": len(same),
        "same_story_pairs": int(same.sum()),
        "band_pairs": int(band.sum()),
        "fit": {"all": round(auc(fit, same), 4), "band": round(auc(fit[band], same[band]), 4)},
    }
    for name in Signals.kinds:
        signal = rows[name]
        out[name] = {"alone": round(auc(signal, same), 4)}
        for w in weights:
            mixed = fit + w * signal
            out[name][f"fit+{w:g}x"] = {
                "all": round(auc(mixed, same), 4),
                "band": round(auc(mixed[band], same[band]), 4),
            }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--neighbours", type=int, default=10)
    parser.add_argument("--weights", type=float, nargs="+", default=[0.5, 1.0, 2.0, 4.0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/copydesk-grouping-vectors.npz"))
    parser.add_argument("--mix", metavar="SIGNAL=WEIGHT", help="group with it added to pair_fit, batch 1")
    parser.add_argument("--floors", type=float, nargs="+", default=[0.85], help="pair floors for --mix")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    items = read(EVAL / "summarization" / "neus-allsides" / "train.source", args.stories)
    embedder = CachedEmbedder(args.cache)
    candidates = Signals(items, embedder, args.neighbours)
    if args.mix:
        runs = grouped(items, embedder, candidates, args.mix, args.floors)
        for run in runs:
            if not args.json:
                print(run, flush=True)
        if args.json:
            print(json.dumps(runs))
        return
    figures = report(signals(items, candidates), args.weights)
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"{figures['pairs']} pairs ({figures['same_story_pairs']} same story), "
        f"{figures['band_pairs']} in the band"
    )
    print(f"pair_fit: AUC all {figures['fit']['all']}  band {figures['fit']['band']}")
    for name in Signals.kinds:
        mixes = "  ".join(f"{k} {v['all']}/{v['band']}" for k, v in figures[name].items() if k != "alone")
        print(f"{name:<12} alone {figures[name]['alone']}  {mixes}")


if __name__ == "__main__":
    main()
