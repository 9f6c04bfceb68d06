"""`copydesk eval clustering`: grouping reports into stories, scored with B-cubed.

Input: a NeuS `.source` file (or its folder: `val.source`; every line is one gold story of three
reports), the wikiref220 JSONL (`topic` labels: topics, not single events), or any JSONL with
`title`, `text` and a gold `story` label per line. The articles are shuffled (fixed seed) into one
date-less stream and go through the same decider as `copydesk write` (core.clustering: decide each
article, then settle the batch), with vectors from the bundled model and word rarity counted over the
stream. By default both NeuS val and wikiref220 are reported, NeuS first.
"""

from __future__ import annotations

import itertools
import json
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copydesk.core.clustering import (
    ArticleProfile,
    ClusteringOptions,
    NameRarity,
    StoryIndex,
    lead_text,
    weigh,
    words,
    words_text,
)
from copydesk.core.settling import place
from copydesk.core.text import names
from copydesk.errors import CopydeskError
from copydesk.evaluation.neus import read_stories
from copydesk.pipeline import Progress, quiet

SUBDIR = "."
SEED = 3
WIKIREF = Path("clustering") / "wikiref220" / "wikiref220.jsonl"
NEUS = Path("summarization") / "neus-allsides" / "val.source"


@dataclass(frozen=True)
class Labelled:
    """An article with its gold story."""

    title: str
    text: str
    story: str


def read(path: Path) -> list[Labelled]:
    """Labelled articles from a NeuS .source file or a JSONL file, shuffled into one stream."""
    if path.is_dir() or path.suffix == ".source":
        items = [Labelled(r.title, r.text, f"neus-{s.number}") for s in read_stories(path) for r in s.reports]
    elif path.suffix == ".jsonl":
        items = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            label = row.get("story", row.get("topic"))
            text = row.get("text") or ""
            title = row.get("title") or text.strip().split("\n", 1)[0][:200]
            if label is None or not text.strip():
                raise CopydeskError(f"{path}:{number}: each line needs text and a gold 'story' (or 'topic')")
            items.append(Labelled(title, text, str(label)))
    else:
        raise CopydeskError(f"{path}: expected a NeuS .source file or JSONL with title, text and story")
    random.Random(SEED).shuffle(items)
    return items


def bcubed(gold: Sequence[str], predicted: Sequence[int]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a predicted grouping against the gold one."""
    by_gold: dict[str, set[int]] = defaultdict(set)
    by_pred: dict[int, set[int]] = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        by_gold[g].add(i)
        by_pred[p].add(i)
    precision = recall = 0.0
    for g, p in zip(gold, predicted, strict=True):
        shared = len(by_gold[g] & by_pred[p])
        precision += shared / len(by_pred[p])
        recall += shared / len(by_gold[g])
    n = len(gold) or 1
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def group(items: list[Labelled], embedder: Any, options: ClusteringOptions) -> list[int]:
    """Story numbers for the stream, decided one article at a time, then settled."""
    vectors = embedder.embed([lead_text(a.title, a.text) for a in items])
    counts = [words(words_text(a.title, a.text)) for a in items]
    rarity = NameRarity.of(counts)
    profiles = [
        ArticleProfile(
            vector, frozenset(names(a.title) | names(a.text, initial=False)), None, weigh(c, rarity)
        )
        for a, vector, c in zip(items, vectors, counts, strict=True)
    ]
    return place(profiles, StoryIndex(), options, itertools.count())


def evaluate(path: Path, embedder: Any, options: ClusteringOptions) -> dict[str, Any]:
    items = read(path)
    start = time.perf_counter()
    predicted = group(items, embedder, options)
    precision, recall, f1 = bcubed([a.story for a in items], predicted)
    return {
        "articles": len(items),
        "gold_stories": len({a.story for a in items}),
        "predicted_stories": len(set(predicted)),
        "bcubed_precision": round(precision, 4),
        "bcubed_recall": round(recall, 4),
        "bcubed_f1": round(f1, 4),
        "seconds": round(time.perf_counter() - start, 1),
    }


def run(path: Path, progress: Progress[Any] = quiet, embedder: Any = None) -> dict[str, Any]:
    from copydesk.embedding import default_embedder

    embedder = embedder or default_embedder()
    options = ClusteringOptions()
    if path.is_file() or (path / "val.source").is_file():
        return evaluate(path, embedder, options)
    if not (path / NEUS).is_file():
        raise CopydeskError(f"{path / NEUS}: not found; pass --input with a .source or JSONL file")
    figures = evaluate(path / NEUS, embedder, options)
    if (path / WIKIREF).is_file():
        figures["wikiref220"] = evaluate(path / WIKIREF, embedder, options)
    return figures


def format_report(f: dict[str, Any]) -> str:
    def line(label: str, x: dict[str, Any]) -> str:
        return (
            f"  {label:<12} {x['articles']:>5} articles, {x['gold_stories']:>4} gold / "
            f"{x['predicted_stories']:>4} predicted stories   B-cubed P {x['bcubed_precision']:.4f}  "
            f"R {x['bcubed_recall']:.4f}  F1 {x['bcubed_f1']:.4f}   ({x['seconds']} s)"
        )

    lines = ["Clustering: one date-less stream, B-cubed against the gold stories", line("stream", f)]
    if "wikiref220" in f:
        lines.append(line("wikiref220", f["wikiref220"]) + "  (labels are topics, not events)")
    return "\n".join(lines)
