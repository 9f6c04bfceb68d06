"""`copydesk eval clustering`: grouping reports into stories, scored with B-cubed.

Input: a NeuS `.source` file (or its folder: `val.source`; every line is one gold story of three
reports), the wikiref220 JSONL (`topic` labels: topics, not single events), or any JSONL with
`title`, `text` and a gold `story` label per line. The articles are shuffled (fixed seed) into one
date-less stream and go through the same decider as `copydesk write` (core.clustering: decide each
article, then settle the batch), with vectors from the bundled model and word rarity counted over the
stream. By default both NeuS val and wikiref220 are reported, NeuS first.

`--batch N` places the stream N articles at a time as `copydesk write` meets it (pipeline.assign):
each batch is decided against the stories made of the articles placed before it, word rarity counted
over those and the batch (members by their first WORDS_CHARS characters, as assign reads them), and
only the batch is settled; with dates (a `published` per JSONL line) the stream is in date order and a
batch meets only the stories within the window of its dates. `--batch all` (the default) places the
whole stream as one batch. Beside B-cubed, the merged-story rate: the share of predicted stories of
two or more articles that hold articles of two or more gold stories.
"""

from __future__ import annotations

import itertools
import json
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from copydesk.core.article_terms import (
    WORDS_CHARS,
    NameRarity,
    lead_signals,
    lead_text,
    weigh,
    words,
    words_text,
)
from copydesk.core.clustering import ArticleProfile, ClusteringOptions, StoryIndex, StoryProfile
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
    published: datetime | None = None


def read(path: Path, stories: int | None = None) -> list[Labelled]:
    """Labelled articles from a NeuS .source file or a JSONL file, shuffled into one stream.

    `stories`: only that many NeuS stories, drawn with a fixed seed (a dev slice of train.source)."""
    if path.is_dir() or path.suffix == ".source":
        chosen = read_stories(path)
        if stories is not None and stories < len(chosen):
            chosen = sorted(random.Random(SEED).sample(chosen, stories), key=lambda s: s.number)
        items = [Labelled(r.title, r.text, f"neus-{s.number}") for s in chosen for r in s.reports]
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
            items.append(Labelled(title, text, str(label), _date(row.get("published"), path, number)))
    else:
        raise CopydeskError(f"{path}: expected a NeuS .source file or JSONL with title, text and story")
    random.Random(SEED).shuffle(items)
    if items and all(a.published is not None for a in items):
        items.sort(key=lambda a: a.published)  # type: ignore[arg-type,return-value]  # all dated
    return items


def _date(value: object, path: Path, number: int) -> datetime | None:
    """A line's `published` (ISO 8601; a date alone is midnight UTC), or None."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        raise CopydeskError(f"{path}:{number}: 'published' is not an ISO 8601 date: {value!r}") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


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


def group(
    items: list[Labelled], embedder: Any, options: ClusteringOptions, batch: int | None = None
) -> list[int]:
    """Story numbers for the stream: placed `batch` articles at a time (None: all at once), each batch
    decided one article at a time and then settled, as `copydesk write` places what is new."""
    vectors = embedder.embed([lead_text(a.title, a.text) for a in items])
    counts = [words(words_text(a.title, a.text)) for a in items]
    # What assign reads of an article placed before: its title and opening (pipeline.assign._members).
    opening = [words(words_text(a.title, a.text[:WORDS_CHARS])) for a in items]
    found = [frozenset(names(a.title) | names(a.text, initial=False)) for a in items]
    leads = [lead_signals(a.title, a.text) for a in items]

    def profile(i: int, c: Any, rarity: NameRarity) -> ArticleProfile:
        return ArticleProfile(vectors[i], found[i], items[i].published, weigh(c, rarity), *leads[i])

    size = batch or len(items) or 1
    placed: list[int] = []
    new_id = itertools.count()
    for start in range(0, len(items), size):
        fresh = range(start, min(start + size, len(items)))
        members = _members(items, placed, fresh, options)
        rarity = NameRarity.of([opening[i] for i in members] + [counts[i] for i in fresh])
        by_story: dict[int, list[ArticleProfile]] = defaultdict(list)
        open_: list[tuple[ArticleProfile, int]] = []
        for i in members:
            by_story[placed[i]].append(member := profile(i, opening[i], rarity))
            open_.append((member, placed[i]))
        index = StoryIndex(StoryProfile.of(story, profiles) for story, profiles in by_story.items())
        placement = place([profile(i, counts[i], rarity) for i in fresh], index, options, new_id, open_)
        for position, story in placement.moved.items():
            placed[members[position]] = story
        placed += placement.stories
    return placed


def _members(items: list[Labelled], placed: list[int], fresh: range, options: ClusteringOptions) -> list[int]:
    """The articles placed so far whose story is active in the window around the batch (all, undated)."""
    dates = [items[i].published for i in fresh if items[i].published is not None]
    if not dates:
        return list(range(len(placed)))
    low, high = min(dates) - options.window, max(dates) + options.window  # type: ignore[operator]
    last_seen: dict[int, datetime] = {}
    for i, story in enumerate(placed):
        when = items[i].published
        if when is not None and (story not in last_seen or when > last_seen[story]):
            last_seen[story] = when
    active = {story for story, when in last_seen.items() if low <= when <= high}
    return [i for i, story in enumerate(placed) if story in active]


def merged_rate(gold: Sequence[str], predicted: Sequence[int]) -> float:
    """Share of predicted stories of two or more articles that hold articles of two or more gold stories."""
    stories: dict[int, set[str]] = defaultdict(set)
    sizes: dict[int, int] = defaultdict(int)
    for g, p in zip(gold, predicted, strict=True):
        stories[p].add(g)
        sizes[p] += 1
    grouped = [p for p, n in sizes.items() if n >= 2]
    return sum(len(stories[p]) >= 2 for p in grouped) / len(grouped) if grouped else 0.0


def evaluate(
    path: Path,
    embedder: Any,
    options: ClusteringOptions,
    batch: int | None = None,
    stories: int | None = None,
) -> dict[str, Any]:
    items = read(path, stories)
    start = time.perf_counter()
    predicted = group(items, embedder, options, batch)
    gold = [a.story for a in items]
    precision, recall, f1 = bcubed(gold, predicted)
    return {
        "batch": batch or "all",
        "dated": bool(items) and all(a.published is not None for a in items),
        "merged_story_rate": round(merged_rate(gold, predicted), 4),
        "articles": len(items),
        "gold_stories": len({a.story for a in items}),
        "predicted_stories": len(set(predicted)),
        "bcubed_precision": round(precision, 4),
        "bcubed_recall": round(recall, 4),
        "bcubed_f1": round(f1, 4),
        "seconds": round(time.perf_counter() - start, 1),
    }


def run(
    path: Path,
    progress: Progress[Any] = quiet,
    embedder: Any = None,
    batch: int | None = None,
    stories: int | None = None,
) -> dict[str, Any]:
    """Figures for `path` (default: NeuS val, then wikiref220), placed `batch` articles at a time;
    `stories` draws that many NeuS stories of the file with a fixed seed (the dev slice of train)."""
    from copydesk.embedding import default_embedder

    embedder = embedder or default_embedder()
    options = ClusteringOptions()
    if path.is_file() or (path / "val.source").is_file():
        return evaluate(path, embedder, options, batch, stories)
    if not (path / NEUS).is_file():
        raise CopydeskError(f"{path / NEUS}: not found; pass --input with a .source or JSONL file")
    figures = evaluate(path / NEUS, embedder, options, batch)
    if (path / WIKIREF).is_file():
        figures["wikiref220"] = evaluate(path / WIKIREF, embedder, options, batch)
    return figures


def format_report(f: dict[str, Any]) -> str:
    def line(label: str, x: dict[str, Any]) -> str:
        return (
            f"  {label:<12} {x['articles']:>5} articles, {x['gold_stories']:>4} gold / "
            f"{x['predicted_stories']:>4} predicted stories   B-cubed P {x['bcubed_precision']:.4f}  "
            f"R {x['bcubed_recall']:.4f}  F1 {x['bcubed_f1']:.4f}   merged {x['merged_story_rate']:.2%}"
            f"   ({x['seconds']} s)"
        )

    order = "in date order" if f["dated"] else "date-less, shuffled"
    title = (
        f"Clustering: one stream ({order}) placed {f['batch']} at a time, B-cubed against the gold stories"
    )
    lines = [title, line("stream", f)]
    if "wikiref220" in f:
        lines.append(line("wikiref220", f["wikiref220"]) + "  (labels are topics, not events)")
    return "\n".join(lines)
