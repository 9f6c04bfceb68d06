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
A pair signal is only a hint: what counts is the grouping run (`grouping_dev.py`), where these were tried
inside `pair_fit` (the README says what came of it).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from grouping_dev import EVAL, CachedEmbedder
from grouping_errors import profiles
from scipy.stats import mannwhitneyu

from copydesk.core.article_terms import NameRarity, shared_terms, weigh, words
from copydesk.core.clustering import ClusteringOptions, pair_fit
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


def signals(items: list[Any], embedder: CachedEmbedder, neighbours: int) -> dict[str, Any]:
    """Each candidate pair's gold label, `pair_fit` and candidate signals."""
    options = ClusteringOptions()
    found = profiles(items, embedder)
    vectors = np.stack([f.vector for f in found]).astype(np.float64)
    titles = embedder.embed([a.title for a in items]).astype(np.float64)
    bodies = embedder.embed([a.text[:600] or a.title for a in items]).astype(np.float64)
    terms = term_matrix([dict(f.terms) for f in found])
    present = terms > 0
    plain = vectors @ vectors.T + options.pair_term_weight * (terms @ terms.T)
    np.fill_diagonal(plain, -np.inf)
    nearest = np.argsort(-plain, axis=1)[:, :neighbours]
    title_counts = [words(a.title) for a in items]
    title_rarity = NameRarity.of(title_counts)
    title_terms = [weigh(c, title_rarity) for c in title_counts]
    found_names = [frozenset(names(a.title) | names(a.text, initial=False)) for a in items]
    name_rarity = NameRarity.of(found_names)
    rows: dict[str, list[float]] = {
        k: [] for k in ("same", "fit", "title", "body", "title_words", "names", "local")
    }
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if plain[i, j] < 0.5:
                continue
            around = sorted((set(nearest[i]) | set(nearest[j])) - {i, j})
            seen = present[around].sum(axis=0)
            rarity = np.log((len(around) + 1) / (seen + 1)) / np.log(len(around) + 1)
            rows["same"].append(items[i].story == items[j].story)
            rows["fit"].append(pair_fit(found[i], found[j], options))
            rows["title"].append(float(titles[i] @ titles[j]))
            rows["body"].append(float(bodies[i] @ bodies[j]))
            rows["title_words"].append(shared_terms(title_terms[i], title_terms[j]))
            rows["names"].append(sum(name_rarity.idf(n) for n in found_names[i] & found_names[j]) / 10)
            rows["local"].append(float((terms[i] * terms[j] * rarity).sum()))
    return {k: np.array(v) for k, v in rows.items()}


def report(rows: dict[str, Any], weights: list[float]) -> dict[str, Any]:
    same, fit = rows["same"].astype(bool), rows["fit"]
    band = (fit > BAND[0]) & (fit < BAND[1])
    out: dict[str, Any] = {
        "pairs": len(same),
        "same_story_pairs": int(same.sum()),
        "band_pairs": int(band.sum()),
        "fit": {"all": round(auc(fit, same), 4), "band": round(auc(fit[band], same[band]), 4)},
    }
    for name in ("title", "body", "title_words", "names", "local"):
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
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    items = read(EVAL / "summarization" / "neus-allsides" / "train.source", args.stories)
    figures = report(signals(items, CachedEmbedder(args.cache), args.neighbours), args.weights)
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"{figures['pairs']} pairs ({figures['same_story_pairs']} same story), "
        f"{figures['band_pairs']} in the band"
    )
    print(f"pair_fit: AUC all {figures['fit']['all']}  band {figures['fit']['band']}")
    for name in ("title", "body", "title_words", "names", "local"):
        mixes = "  ".join(f"{k} {v['all']}/{v['band']}" for k, v in figures[name].items() if k != "alone")
        print(f"{name:<12} alone {figures[name]['alone']}  {mixes}")


if __name__ == "__main__":
    main()
