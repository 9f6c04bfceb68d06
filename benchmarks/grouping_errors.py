"""The merged stories of a grouping run on the dev data, for error analysis: which gold stories each mixes,
its articles' titles and openings, and how the articles of different gold stories fit each other (the
words that did most to join them, what was taken off for told days, months or numbers). With
`--split`, the gold events split over two or more stories instead: each part's reports, the fit of every
pair kept apart, what was taken off it (told days, months, numbers), and a cause per event.

    PYTHONPATH=src .venv/bin/python benchmarks/grouping_errors.py --batch 1 [--set pair_floor=0.9] [--json]
    PYTHONPATH=src .venv/bin/python benchmarks/grouping_errors.py --batch 1 --split [--json]

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
    lead_signals,
    lead_text,
    shared_terms,
    weigh,
    words,
    words_text,
)
from copydesk.core.clustering import ArticleProfile, ClusteringOptions, pair_fit
from copydesk.core.telling_apart import pair_penalties
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
            *lead_signals(a.title, a.text),
        )
        for i, a in enumerate(items)
    ]


def joined_on(a: ArticleProfile, b: ArticleProfile, most: int = 5) -> list[str]:
    """The words that did most for two reports' rare-words cosine: what joined them."""
    shared = sorted(((w * b.terms[t], t) for t, w in a.terms.items() if t in b.terms), reverse=True)
    return [t for _, t in shared[:most]]


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
                            "joined_on": joined_on(a, b),
                            "taken": [name for name, _ in pair_penalties(a, b, options)],
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


def cause(cross: list[dict[str, Any]], options: ClusteringOptions) -> str:
    """Why an event's parts stayed apart. A report joins a story only when it fits each of its reports
    (complete linkage), so two parts are judged on their worst pair, and the event on its two closest
    parts: that worst pair's plain fit is below the floor, a rule took it below, or every pair fits and
    the parts stayed apart all the same (the story fit, settling)."""
    worst: dict[tuple[int, int], dict[str, Any]] = {}
    for c in cross:
        key = (min(c["parts"]), max(c["parts"]))
        if key not in worst or c["fit"] < worst[key]["fit"]:
            worst[key] = c
    closest = max(worst.values(), key=lambda c: c["fit"])
    if closest["fit"] >= options.pair_floor:
        return "every pair fits, kept apart (story fit / settling)"
    if closest["plain"] >= options.pair_floor:
        return "rule: " + "+".join(closest["taken"])
    return "plain fit below floor"


def split(
    items: list[Any], predicted: list[int], found: list[ArticleProfile], options: ClusteringOptions
) -> list[dict[str, Any]]:
    by_gold: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(items):
        by_gold[a.story].append(i)
    out = []
    for gold, members in sorted(by_gold.items()):
        parts = sorted({predicted[i] for i in members})
        if len(parts) < 2:
            continue
        cross = []
        for x in members:
            for y in members:
                if x < y and predicted[x] != predicted[y]:
                    a, b = found[x], found[y]
                    plain = float(np.dot(a.vector, b.vector)) + options.pair_term_weight * shared_terms(
                        a.terms, b.terms
                    )
                    cross.append(
                        {
                            "pair": [x, y],
                            "parts": [predicted[x], predicted[y]],
                            "cosine": round(float(np.dot(a.vector, b.vector)), 3),
                            "words": round(shared_terms(a.terms, b.terms), 3),
                            "plain": round(plain, 3),
                            "taken": [name for name, _ in pair_penalties(a, b, options)],
                            "fit": round(pair_fit(a, b, options), 3),
                        }
                    )
        out.append(
            {
                "gold": gold,
                "parts": len(parts),
                "cause": cause(cross, options),
                "articles": [
                    {
                        "i": i,
                        "story": predicted[i],
                        "title": items[i].title,
                        "lead": items[i].text[:300],
                        "places": sorted(found[i].places),
                        "numbers": sorted(found[i].numbers),
                        "days": sorted(found[i].days),
                        "months": sorted(found[i].months),
                    }
                    for i in sorted(members, key=lambda i: predicted[i])
                ],
                "cross": sorted(cross, key=lambda c: -c["fit"]),
            }
        )
    return out


def print_split(events: list[dict[str, Any]]) -> None:
    for event in events:
        print(f"=== {event['gold']}: {event['parts']} parts; {event['cause']}")
        for a in event["articles"]:
            print(f"  [{a['i']}] story {a['story']}: {a['title']}\n      {a['lead'][:240]}")
            print(f"      places {a['places']} numbers {a['numbers']} days {a['days']} months {a['months']}")
        for c in event["cross"][:4]:
            print(
                f"  apart {c['pair']}: cosine {c['cosine']} words {c['words']} plain {c['plain']} "
                f"taken {c['taken']} fit {c['fit']}"
            )
    causes: dict[str, int] = defaultdict(int)
    for event in events:
        causes[event["cause"]] += 1
    print(f"\n{len(events)} split events")
    for name, count in sorted(causes.items(), key=lambda kv: -kv[1]):
        print(f"  {count:>4}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--batch", default="1")
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/copydesk-grouping-vectors.npz"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--split", action="store_true", help="list split events instead of merged stories")
    args = parser.parse_args()
    options = options_from(args.set)
    embedder = CachedEmbedder(args.cache)
    items = read(EVAL / "summarization" / "neus-allsides" / "train.source", args.stories)
    predicted = group(items, embedder, options, None if args.batch == "all" else int(args.batch))
    if args.split:
        events = split(items, predicted, profiles(items, embedder), options)
        if args.json:
            print(json.dumps(events, indent=1))
        else:
            print_split(events)
        return
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
            print(
                f"  cross {c['pair']}: cosine {c['cosine']} words {c['words']} taken {c['taken']} "
                f"fit {c['fit']}; joined on {', '.join(c['joined_on'])}"
            )


if __name__ == "__main__":
    main()
