"""`copydesk eval factuality`: the verifier as a classifier of supported and unsupported summaries.

SummEdits (news, evaluation split): a (document, summary, label) row is judged consistent when every
summary sentence verifies. QAGS (CNN/DM and XSum): each summary sentence is one case, its label the
majority of three crowd votes. As in production, a sentence cites passages of its source: here the
three closest to it in meaning (`--cite cover`: those it was told from, as a writer cites them, the
closest in meaning then those holding its other words, three in all; more favourable to a sentence that
swaps in a name from elsewhere in its document, so reported beside, not gated), and the verifier
checks its numbers, names, quotes and negations against them and its closeness in meaning. The figure is
balanced accuracy (the mean of the recall on supported and on unsupported cases).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from copydesk.core.text import STOPWORDS, split_sentences, words
from copydesk.core.types import Passage
from copydesk.core.verify import Judge, verify_sentence
from copydesk.errors import CopydeskError
from copydesk.pipeline import Progress, quiet

SUBDIR = "factuality"
CITED = 3
CLOSEST, COVER = "closest", "cover"
"""How a summary sentence's cited passages are chosen (`cite`)."""
DOMAIN_PREFIX = "summedits-"
HALVES = ("dev", "test", "train")


@dataclass(frozen=True)
class Case:
    """A document, the sentences claimed about it, and whether the claim is supported (gold)."""

    set: str
    document: str
    sentences: tuple[str, ...]
    supported: bool

    @property
    def half(self) -> str:
        """ "dev" or "test" by a hash of the document (fixed, so both halves stay apart for good), or
        "train" for the SummEdits sets of other domains, which are for developing only."""
        if self.set.startswith(DOMAIN_PREFIX):
            return "train"
        return "test" if hashlib.sha256(self.document.encode()).digest()[0] & 1 else "dev"


def _sentences(text: str) -> tuple[str, ...]:
    return tuple(text[a:b] for a, b in split_sentences(text))


def summedits(path: Path) -> list[Case]:
    """SummEdits rows; the news file is set "summedits", another domain's "summedits-<domain>"."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    domain = path.stem.removeprefix("summedits_")
    name = "summedits" if domain.startswith("news") else DOMAIN_PREFIX + domain
    return [Case(name, r["doc"], _sentences(r["summary"]), int(r["label"]) == 1) for r in rows]


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
        files = [
            *sorted(path.glob("summedits/*.json")),
            *sorted(path.glob("qags/*.jsonl")),
            *sorted(path.glob("summedits-domains/*.json")),
        ]
        if not files:
            raise CopydeskError(
                f"{path}: no summedits/*.json, qags/*.jsonl or summedits-domains/*.json inside"
            )
        return [c for f in files for c in load(f)]
    if path.suffix == ".json":
        return summedits(path)
    if path.suffix == ".jsonl":
        return qags(path)
    raise CopydeskError(f"{path}: expected SummEdits .json or QAGS .jsonl")


class Documents:
    """Each document's passages and vectors, computed once: a set asks several claims of one document,
    not always one after the other (the last KEPT documents are kept)."""

    KEPT = 256

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder
        self.cache: dict[str, tuple[list[Passage], np.ndarray]] = {}

    def get(self, document: str) -> tuple[list[Passage], np.ndarray]:
        if document not in self.cache:
            spans = split_sentences(document)
            passages = [Passage(0, a, b, document[a:b]) for a, b in spans] or [Passage(0, 0, 0, document)]
            if len(self.cache) >= self.KEPT:
                del self.cache[next(iter(self.cache))]
            self.cache[document] = (passages, self.embedder.embed([p.text for p in passages]))
        return self.cache[document]


def _content(text: str) -> set[str]:
    return {w for w in words(text) if w not in STOPWORDS and len(w) > 2}


def cite(
    sentence: str, vector: np.ndarray, passages: list[Passage], doc_vectors: np.ndarray, mode: str = CLOSEST
) -> tuple[list[Passage], float]:
    """The passages a sentence cites and its closeness to the closest of them, in document order.

    "closest" (the default, which the gate holds): the CITED passages closest in meaning. "cover": as a
    writer cites the
    passages it wrote a sentence from, the closest passage, then, while words of the sentence are in
    none cited yet, the passage that holds most of them (closer in meaning first on a tie), up to CITED
    in all; places left are the next closest. A sentence told from two sentences of its document ("on
    the eve of the anniversary" in one, the protest in another) cites both, as the product's writer
    would, where the closest three can all be about the protest."""
    sims = doc_vectors @ vector
    order = [int(i) for i in np.argsort(-sims)]
    chosen = order[:1]
    if mode == COVER:
        missing = _content(sentence) - _content(passages[order[0]].text)
        while missing and len(chosen) < CITED:
            gain = {i: len(missing & _content(passages[i].text)) for i in order if i not in chosen}
            best = max(gain, key=lambda i: (gain[i], sims[i]), default=None)
            if best is None or not gain[best]:
                break
            chosen.append(best)
            missing -= _content(passages[best].text)
    elif mode != CLOSEST:
        raise CopydeskError(f"unknown citation mode {mode!r}: {CLOSEST} or {COVER}")
    chosen += [i for i in order if i not in chosen][: CITED - len(chosen)]
    return [passages[i] for i in sorted(chosen)], float(sims[order[0]])


def judge(case: Case, documents: Documents, model: Judge | None = None, mode: str = CLOSEST) -> bool:
    """Whether the verifier passes every sentence of the case against the passages it cites (`cite`)."""
    passages, doc_vectors = documents.get(case.document)
    embedder = documents.embedder
    claim_vectors = embedder.embed(list(case.sentences))
    for sentence, vector in zip(case.sentences, claim_vectors, strict=True):
        cited, similarity = cite(sentence, vector, passages, doc_vectors, mode)
        if not verify_sentence(sentence, cited, similarity, model).verified:
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


def _figures(pairs: list[tuple[bool, bool]]) -> dict[str, Any]:
    return {
        "n": len(pairs),
        "supported": sum(g for g, _ in pairs),
        "balanced_accuracy": round(balanced_accuracy(pairs), 4),
    }


def _family(name: str) -> str:
    """The gate's groups: SummEdits news, QAGS (both sets), and the other domains."""
    return "domains" if name.startswith(DOMAIN_PREFIX) else name.split("-")[0]


def run(
    path: Path,
    progress: Progress[Any] = quiet,
    embedder: Any = None,
    model: Judge | bool | None = True,
    cite: str = CLOSEST,
) -> dict[str, Any]:
    """Figures per set and half; the flat keys the gate reads are `<family>_<half>` balanced accuracies
    ("summedits_test", "qags_test", ...) and `balanced_accuracy`, SummEdits news and QAGS test halves
    together."""
    from copydesk.embedding import sentence_embedder
    from copydesk.support_model import support_model

    embedder = embedder or sentence_embedder()
    judged_by = support_model() if model is True else model or None  # False: the rules and floor alone
    cases = load(path)
    start = time.perf_counter()
    documents = Documents(embedder)
    claims = progress(cases, "Verifying claims", len(cases))
    results = [(c, judge(c, documents, judged_by, cite)) for c in claims]
    news_test = [(c.supported, p) for c, p in results if c.half == "test"]
    figures: dict[str, Any] = {
        "n": len(results),
        "balanced_accuracy": _figures(news_test)["balanced_accuracy"],
    }
    groups: dict[str, list[tuple[bool, bool]]] = {}
    sets: dict[str, dict[str, Any]] = {}
    for case, judged in results:
        groups.setdefault(f"{_family(case.set)}_{case.half}", []).append((case.supported, judged))
        sets.setdefault(case.set, {}).setdefault(case.half, []).append((case.supported, judged))
    for key, pairs in sorted(groups.items()):
        figures[key] = _figures(pairs)["balanced_accuracy"]
    figures["sets"] = {
        name: {half: _figures(pairs) for half, pairs in sorted(halves.items())}
        for name, halves in sorted(sets.items())
    }
    figures["cite"] = cite
    figures["seconds"] = round(time.perf_counter() - start, 1)
    return figures


def format_report(f: dict[str, Any]) -> str:
    lines = [
        f"Factuality: the verifier on {f['n']} claims; SummEdits news and QAGS test halves: balanced "
        f"accuracy {f['balanced_accuracy']:.4f}"
    ]
    for name, halves in f["sets"].items():
        for half, part in halves.items():
            lines.append(
                f"  {name:<24} {half:<5} {part['n']:>5} claims ({part['supported']} supported)  "
                f"balanced accuracy {part['balanced_accuracy']:.4f}"
            )
    lines.append(f"  cited: {f.get('cite', CLOSEST)}; time: {f['seconds']} s")
    return "\n".join(lines)
