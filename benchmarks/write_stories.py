"""Benchmark: time to write and verify a story of 2, 5 and 10 sources with the extractive writer.

Sentence embeddings are stored (as `copydesk write` keeps them after the first write), so the figure
is the writer, the differences finder and the verifier. Also reported: the verifier's overhead on a
model's draft, which adds embedding each sentence to measure its closeness to the cited passages.
Sources are the bundled demo reports. Goal: under 0.5 s for 10 sources.

    .venv/bin/python benchmarks/write_stories.py [--repeat 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from copydesk.core.differences import find_differences
from copydesk.core.extractive import write_extractive
from copydesk.core.text import split_sentences
from copydesk.core.types import Passage, SourceDoc
from copydesk.core.verify import verify_draft
from copydesk.embedding import default_embedder
from copydesk.ingest.files import read_path

DEMO = Path(__file__).resolve().parent.parent / "src" / "copydesk" / "demo" / "sources"


def demo_docs() -> list[SourceDoc]:
    """The demo reports, the largest stories first (so 5 sources are one story, 10 span two or three)."""
    folders = sorted(DEMO.iterdir(), key=lambda f: (-len(list(f.glob("*.md"))), f.name))
    docs = []
    for folder in folders:
        for path in sorted(folder.glob("*.md")):
            for item in read_path(path):
                assert item.article is not None
                text = item.article.text
                passages = tuple(Passage(len(docs), a, b, text[a:b]) for a, b in split_sentences(text))
                docs.append(
                    SourceDoc(len(docs), item.article.title, item.article.outlet or "", None, passages)
                )
    return docs


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    embedder = default_embedder()
    docs = demo_docs()
    stored = [embedder.embed([p.text for p in d.passages]) for d in docs]
    figures: dict[str, object] = {}
    for n in (2, 5, 10):
        sources, vectors = docs[:n], stored[:n]
        passages = [p for d in sources for p in d.passages]

        def write() -> None:
            draft = write_extractive(sources, vectors)  # noqa: B023 (run at once, in this iteration)
            find_differences(passages, np.concatenate(vectors))  # noqa: B023
            verify_draft(draft)

        figures[f"sources_{n}_seconds"] = round(median_seconds(write, args.repeat), 4)
        figures[f"sources_{n}_sentences"] = len(passages)
    draft = write_extractive(docs[:10], stored[:10])
    as_model = replace(draft, writer="model")
    rows = {
        (p.source_id, p.start): v
        for d, vs in zip(docs, stored, strict=False)
        for p, v in zip(d.passages, vs, strict=True)
    }

    def verify_model_draft() -> None:
        own = embedder.embed([s.text for s in as_model.sentences()])
        closeness = [
            max(float(v @ rows[(c.source_id, c.start)]) for c in s.citations)
            for s, v in zip(as_model.sentences(), own, strict=True)
        ]
        verify_draft(as_model, closeness)

    figures["verify_extractive_draft_seconds"] = round(
        median_seconds(lambda: verify_draft(draft), args.repeat), 4
    )
    figures["verify_model_draft_seconds"] = round(median_seconds(verify_model_draft, args.repeat), 4)
    figures["draft_sentences"] = len(draft.sentences())
    figures["goal_seconds_10_sources"] = 0.5
    if args.json:
        print(json.dumps(figures))
    else:
        for n in (2, 5, 10):
            print(
                f"write + verify, {n:>2} sources ({figures[f'sources_{n}_sentences']} sentences): "
                f"{figures[f'sources_{n}_seconds']:.3f} s"
            )
        print(
            f"verifier on a {figures['draft_sentences']}-sentence draft: extractive "
            f"{figures['verify_extractive_draft_seconds']:.4f} s, model draft (with closeness) "
            f"{figures['verify_model_draft_seconds']:.4f} s   (goal: 10 sources under 0.5 s)"
        )
    return 0 if float(figures["sources_10_seconds"]) < 0.5 else 1  # type: ignore[arg-type]


if __name__ == "__main__":
    raise SystemExit(main())
