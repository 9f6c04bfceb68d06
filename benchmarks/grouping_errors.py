"""The merged stories of a grouping run on the dev data, for error analysis: which gold stories each mixes,
its articles' titles and openings, and how the articles of different gold stories fit each other.

    PYTHONPATH=src .venv/bin/python benchmarks/grouping_errors.py --batch 1 [--set pair_floor=0.9] [--json]

Same data, cache and settings as `benchmarks/grouping_dev.py` (the NeuS train dev slice by default). The
fits are recomputed with word rarity over the whole slice, so they approximate the ones the run saw.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from grouping_dev import EVAL, CachedEmbedder, options_from

from copydesk.core.article_terms import (
    NameRarity,
    lead_days,
    lead_months,
    lead_numbers,
    lead_text,
    shared_terms,
    weigh,
    words,
    words_text,
)
from copydesk.core.clustering import ArticleProfile, ClusteringOptions, pair_fit
from copydesk.core.places import lead_places
from copydesk.core.text import names
from copydesk.evaluation.clustering import group, read


def profiles(items: list[Any], embedder: CachedEmbedder) -> list[ArticleProfile]:
    vectors = embedder.embed([lead_text(a.title, a.text) for a in items])
    counts = [words(words_text(a.title, a.text)) for a in items]
    rarity = NameRarity.of(counts)
    return [
        ArticleProfile(
            vectors[i],
            frozenset(names(a.title) | names(a.text, initial=False)),
            a.published,
            weigh(counts[i], rarity),
            lead_places(a.text),
            lead_numbers(a.title, a.text),
            lead_days(a.title, a.text),
            lead_months(a.title, a.text),
        )
        for i, a in enumerate(items)
    ]


def merged(
    items: list[Any], predicted: list[int], found: list[ArticleProfile], options: ClusteringOptions
) -> list[dict[str, Any]]:
    by_story: dict[int, list[int]] = defaultdict(list)
    for i, story in enumerate(predicted):
        by_story[story].append(i)
    out = []
    for story, members in sorted(by_story.items()):
        golds = sorted({items[i].story for i in members})
        if len(golds) < 2:
            continue
        cross = []
        for x in members:
            for y in members:
                if x < y and items[x].story != items[y].story:
                    a, b = found[x], found[y]
                    cross.append(
                        {
                            "pair": [x, y],
                            "cosine": round(float(np.dot(a.vector, b.vector)), 3),
                            "words": round(shared_terms(a.terms, b.terms), 3),
                            "fit": round(pair_fit(a, b, options), 3),
                        }
                    )
        out.append(
            {
                "story": story,
                "gold": golds,
                "articles": [
                    {
                        "i": i,
                        "gold": items[i].story,
                        "title": items[i].title,
                        "lead": items[i].text[:300],
                        "places": sorted(found[i].places),
                        "numbers": sorted(found[i].numbers),
                        "days": sorted(found[i].days),
                    }
                    for i in members
                ],
                "cross": sorted(cross, key=lambda c: -c["fit"]),
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--batch", default="1")
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/copydesk-grouping-vectors.npz"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    options = options_from(args.set)
    embedder = CachedEmbedder(args.cache)
    items = read(EVAL / "summarization" / "neus-allsides" / "train.source", args.stories)
    predicted = group(items, embedder, options, None if args.batch == "all" else int(args.batch))
    found = merged(items, predicted, profiles(items, embedder), options)
    if args.json:
        print(json.dumps(found, indent=1))
        return
    for story in found:
        print(f"=== story {story['story']}: {len(story['gold'])} gold stories {story['gold']}")
        for a in story["articles"]:
            print(f"  [{a['i']}] {a['gold']}: {a['title']}\n      {a['lead'][:240]}")
            print(f"      places {a['places']} numbers {a['numbers']} days {a['days']}")
        for c in story["cross"][:4]:
            print(f"  cross {c['pair']}: cosine {c['cosine']} words {c['words']} fit {c['fit']}")


if __name__ == "__main__":
    main()
