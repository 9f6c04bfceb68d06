"""Grouping on the development data, fast enough to tune on: the NeuS train dev slice and basil-dev.

    PYTHONPATH=src .venv/bin/python benchmarks/grouping_dev.py --batch 1 25 all [--set threshold=1.2] [--json]

The dev slice is `--stories` (default 300) stories of NeuS train.source drawn with the eval's fixed seed
(`copydesk eval clustering --input .../train.source --stories 300` gives the same figures); basil-dev is
dated, so it runs in date order with the window. Vectors are cached by text in `--cache` (a .npz file),
so a second run spends its time grouping, not embedding. NeuS val is never read here: tune on this, report
val once.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from copydesk.core.clustering import ClusteringOptions
from copydesk.evaluation.clustering import Labelled, bcubed, group, merged_rate, read

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


class CachedEmbedder:
    """The bundled embedder, with its vectors kept by text in a .npz file between runs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cache: dict[str, np.ndarray] = {}
        if path.is_file():
            with np.load(path) as data:
                self.cache = {key: data[key] for key in data.files}
        self.inner: Any = None

    def embed(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self.cache}.items())
        if todo:
            if self.inner is None:
                from copydesk.embedding import default_embedder

                self.inner = default_embedder()
            vectors = self.inner.embed([t for _, t in todo])
            self.cache.update({k: v for (k, _), v in zip(todo, vectors, strict=True)})
            np.savez(self.path, **self.cache)
        return np.stack([self.cache[k] for k in keys])


def demo() -> list[Labelled]:
    """The bundled demo's 45 reports, gold by folder, in date order (it is grouped as one batch)."""
    from copydesk.cli import demo_sources
    from copydesk.ingest.files import parse_text

    items = []
    for path in sorted(demo_sources().rglob("*.md")):
        article = parse_text(path.read_bytes(), path.name)
        items.append(Labelled(article.title, article.text, path.parent.name, article.published))
    return sorted(items, key=lambda a: a.published or datetime.min.replace(tzinfo=UTC))


def options_from(settings: list[str]) -> ClusteringOptions:
    options = ClusteringOptions()
    kinds = {f.name: type(getattr(options, f.name)) for f in fields(options)}
    for setting in settings:
        key, value = setting.split("=", 1)
        if key not in kinds:
            sys.exit(f"unknown option {key!r}; known: {', '.join(kinds)}")
        kind = kinds[key]  # bool("false") is True: a switch is read as a word
        typed = value.lower() in ("1", "true", "yes", "on") if kind is bool else kind(value)
        options = replace(options, **{key: typed})
    return options


def measure(
    items: list[Any], embedder: CachedEmbedder, options: ClusteringOptions, batch: int | None
) -> dict[str, Any]:
    predicted = group(items, embedder, options, batch)
    gold = [a.story for a in items]
    p, r, f1 = bcubed(gold, predicted)
    return {
        "batch": batch or "all",
        "P": round(p, 4),
        "R": round(r, 4),
        "F1": round(f1, 4),
        "merged": round(merged_rate(gold, predicted), 4),
        "stories": len(set(predicted)),
        "gold": len(set(gold)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--batch", nargs="+", default=["1", "25", "all"])
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--sets", nargs="+", default=["neus-dev", "basil-dev", "demo"])
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="a ClusteringOptions field"
    )
    parser.add_argument("--cache", type=Path, default=Path("/tmp/copydesk-grouping-vectors.npz"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    options = options_from(args.set)
    embedder = CachedEmbedder(args.cache)
    data = {
        "neus-dev": lambda: read(EVAL / "summarization" / "neus-allsides" / "train.source", args.stories),
        "basil-dev": lambda: read(EVAL / "stories" / "basil-dev" / "articles.jsonl"),
        "demo": demo,
    }
    results = []
    for name in args.sets:
        items = data[name]()
        for b in args.batch:
            row = {"set": name, **measure(items, embedder, options, None if b == "all" else int(b))}
            results.append(row)
            if not args.json:
                print(
                    f"{name:<10} batch {row['batch']!s:>4}  P {row['P']:.4f}  R {row['R']:.4f}  "
                    f"F1 {row['F1']:.4f}  merged {row['merged']:.2%}  {row['stories']}/{row['gold']} stories",
                    flush=True,
                )
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
