"""`copydesk eval factuality`: the verifier as a classifier of supported and unsupported summaries.

SummEdits (news, evaluation split): a (document, summary, label) row is judged consistent when every
summary sentence verifies. QAGS (CNN/DM and XSum): each summary sentence is one case, its label the
majority of three crowd votes. As in production, a sentence cites passages of its source: here the
three document sentences closest to it in meaning (bundled embedding model), and the verifier checks
its numbers, names, quotes and negations against them and its closeness in meaning. The figure is
balanced accuracy (the mean of the recall on supported and on unsupported cases).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from copydesk.core.text import split_sentences
from copydesk.core.types import Passage
from copydesk.core.verify import verify_sentence
from copydesk.errors import CopydeskError
from copydesk.pipeline import Progress, quiet

SUBDIR = "factuality"
CITED = 3


@dataclass(frozen=True)
class Case:
    """A document, the sentences claimed about it, and whether the claim is supported (gold)."""

    set: str
    document: str
    sentences: tuple[str, ...]
    supported: bool


def _sentences(text: str) -> tuple[str, ...]:
    return tuple(text[a:b] for a, b in split_sentences(text))


def summedits(path: Path) -> list[Case]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [Case("summedits", r["doc"], _sentences(r["summary"]), int(r["label"]) == 1) for r in rows]


def qags(path: Path) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        for item in row["summary_sentences"]:
            votes = [r["response"] == "yes" for r in item["responses"]]
            cases.append(
                Case(
                    f"qags-{path.stem.split('_')[-1]}",
                    row["article"],
                    (item["sentence"],),
                    sum(votes) * 2 > len(votes),
                )
            )
    return cases


def load(path: Path) -> list[Case]:
    """Cases from the factuality folder, or one file in either set's format."""
    if path.is_dir():
        files = sorted(path.glob("summedits/*.json")) + sorted(path.glob("qags/*.jsonl"))
        if not files:
            raise CopydeskError(f"{path}: no summedits/*.json or qags/*.jsonl inside")
        return [c for f in files for c in load(f)]
    if path.suffix == ".json":
        return summedits(path)
    if path.suffix == ".jsonl":
        return qags(path)
    raise CopydeskError(f"{path}: expected SummEdits .json or QAGS .jsonl")


class Documents:
    """Each document's passages and vectors, computed once (QAGS asks several claims of one article)."""

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder
        self.cache: dict[str, tuple[list[Passage], np.ndarray]] = {}

    def get(self, document: str) -> tuple[list[Passage], np.ndarray]:
        if document not in self.cache:
            spans = split_sentences(document)
            passages = [Passage(0, a, b, document[a:b]) for a, b in spans] or [Passage(0, 0, 0, document)]
            self.cache = {document: (passages, self.embedder.embed([p.text for p in passages]))}
        return self.cache[document]


def judge(case: Case, documents: Documents) -> bool:
    """Whether the verifier passes every sentence of the case against its closest passages."""
    passages, doc_vectors = documents.get(case.document)
    embedder = documents.embedder
    claim_vectors = embedder.embed(list(case.sentences))
    for sentence, vector in zip(case.sentences, claim_vectors, strict=True):
        sims = doc_vectors @ vector
        best = np.argsort(-sims)[:CITED]
        cited = [passages[int(i)] for i in sorted(best)]
        if not verify_sentence(sentence, cited, similarity=float(sims[best[0]])).verified:
            return False
    return True


def balanced_accuracy(pairs: Iterable[tuple[bool, bool]]) -> float:
    """Mean recall of the two classes over (gold, predicted) pairs."""
    pairs = list(pairs)
    recalls = []
    for label in (True, False):
        relevant = [p for g, p in pairs if g is label]
        if relevant:
            recalls.append(sum(p is label for p in relevant) / len(relevant))
    return sum(recalls) / len(recalls) if recalls else 0.0


def run(path: Path, progress: Progress[Any] = quiet, embedder: Any = None) -> dict[str, Any]:
    from copydesk.embedding import sentence_embedder

    embedder = embedder or sentence_embedder()
    cases = load(path)
    start = time.perf_counter()
    documents = Documents(embedder)
    results = [(c, judge(c, documents)) for c in progress(cases, "Verifying claims", len(cases))]
    figures: dict[str, Any] = {
        "n": len(results),
        "balanced_accuracy": round(balanced_accuracy((c.supported, p) for c, p in results), 4),
    }
    for name in sorted({c.set for c in cases}):
        part = [(c.supported, p) for c, p in results if c.set == name]
        figures[name] = {
            "n": len(part),
            "balanced_accuracy": round(balanced_accuracy(part), 4),
            "supported": sum(g for g, _ in part),
        }
    figures["seconds"] = round(time.perf_counter() - start, 1)
    return figures


def format_report(f: dict[str, Any]) -> str:
    lines = [f"Factuality: the verifier on {f['n']} claims, balanced accuracy {f['balanced_accuracy']:.4f}"]
    for name, part in f.items():
        if isinstance(part, dict):
            lines.append(
                f"  {name:<12} {part['n']:>4} claims ({part['supported']} supported)  "
                f"balanced accuracy {part['balanced_accuracy']:.4f}"
            )
    lines.append(f"  time: {f['seconds']} s")
    return "\n".join(lines)
