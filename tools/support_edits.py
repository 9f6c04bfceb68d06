"""Made claims for training the support model: sentences of NeuS train reports, edited the way a model
writer goes wrong, and faithful shortenings of them (issue 15).

Each chosen sentence of a report cites, as `copydesk eval factuality --cite closest` does, the report's
three sentences closest to it in meaning (embedded with the bundled sentence model). From it are made:

- unsupported: a hedge removed ("may" -> "will"), a quantity word changed ("some" -> "all"), a negation
  added or removed at its verb, two names swapped (who did what to whom), a name or number of the sentence
  replaced by another one the cited passages give (so no rule can name it: it stands in the passages);
- supported: the sentence itself, and the sentence cut short at its last comma (a faithful shortening).

Writes one .npz outside the repository in the form of `tools/support_features.py` (set "neus-edits",
half "train"), which `tools/train_support.py --edits` adds to what it fits on (its docstring gives
what they did to the held-out figures: the shipped model is fitted without them). NeuS train only: its
val split is never read.

    .venv/bin/python tools/support_edits.py --out /tmp/support-edits.npz [--stories 800]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from copydesk.core.text import names, number_values, split_sentences
from copydesk.core.types import Passage
from copydesk.embedding import sentence_embedder
from copydesk.evaluation.factuality import CLOSEST

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support_features import row, save

SOURCE = Path(__file__).resolve().parents[2] / "shared/eval/summarization/neus-allsides/train.source"
_HEDGE = re.compile(r"\b(may|might|could)\b")
_QUANTITY = {"some": "all", "many": "all", "several": "all", "most": "all", "few": "many", "all": "some"}
_QUANTITY_WORD = re.compile(r"\b(" + "|".join(_QUANTITY) + r")\b")
_AUXILIARY = re.compile(r"\b(is|was|are|were|will|has|have|had|can|would|did|does)\b(?! not)")
_NEGATED = re.compile(r"\b(is|was|are|were|will|has|have|had|can|would|did|does) not\b")

Edit = Callable[[str, str], str | None]


def hedge(sentence: str, _: str) -> str | None:
    return _HEDGE.sub("will", sentence, count=1) if _HEDGE.search(sentence) else None


def quantity(sentence: str, _: str) -> str | None:
    found = _QUANTITY_WORD.search(sentence)
    if not found:
        return None
    return sentence[: found.start()] + _QUANTITY[found.group(1)] + sentence[found.end() :]


def negation(sentence: str, _: str) -> str | None:
    if _NEGATED.search(sentence):
        return _NEGATED.sub(r"\1", sentence, count=1)
    found = _AUXILIARY.search(sentence)
    return sentence[: found.end()] + " not" + sentence[found.end() :] if found else None


def roles(sentence: str, _: str) -> str | None:
    found = [n for n in names(sentence, initial=False) if len(n) > 2 and sentence.count(n) == 1]
    found.sort(key=sentence.find)
    if len(found) < 2:
        return None
    first, second = found[0], found[1]
    if first in second or second in first:
        return None
    return sentence.replace(first, "\0").replace(second, first).replace("\0", second)


def other_name(sentence: str, support: str) -> str | None:
    said = sorted(names(sentence, initial=False), key=len, reverse=True)
    others = sorted(names(support, initial=False) - names(sentence))
    others = [o for o in others if all(o not in s and s not in o for s in said)]
    if not said or not others:
        return None
    return sentence.replace(said[0], random.choice(others), 1)


def other_number(sentence: str, support: str) -> str | None:
    digits = re.findall(r"\b\d[\d,.]*\d\b|\b\d\b", sentence)
    others = sorted({m for m in re.findall(r"\b\d[\d,.]*\d\b", support) if m not in sentence})
    if not digits or not others or number_values(others[0]) & number_values(sentence):
        return None
    return sentence.replace(digits[0], random.choice(others), 1)


def shortened(sentence: str, _: str) -> str | None:
    cut = sentence.rfind(", ")
    if cut < 0 or len(sentence[:cut].split()) < 6:
        return None
    return sentence[:cut].rstrip() + "."


UNSUPPORTED: tuple[Edit, ...] = (hedge, quantity, negation, roles, other_name, other_number)


def reports(path: Path, stories: int) -> list[str]:
    """The reports of the first `stories` lines of NeuS train (three outlets' reports a line)."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines()[:stories]:
        for part in line.split("[SEP]"):
            _, _, article = part.partition("ARTICLE=>")
            if len(article.split()) > 40:
                found.append(article.strip())
    return found


def made(report: str) -> list[tuple[str, bool]]:
    """Edited and faithful claims from two sentences of a report."""
    spans = [report[a:b] for a, b in split_sentences(report)]
    chosen = [s for s in spans if 8 <= len(s.split()) <= 45][:2]
    claims: list[tuple[str, bool]] = []
    support = report
    for sentence in chosen:
        claims.append((sentence, True))
        short = shortened(sentence, support)
        if short:
            claims.append((short, True))
        for edit in UNSUPPORTED:
            edited = edit(sentence, support)
            if edited and edited != sentence:
                claims.append((edited, False))
    return claims


def embedded_claims(report: str, embedder: Any) -> tuple[list[Passage], Any, list[tuple[str, bool, Any]]]:
    """The report's passages and their vectors, and the claims made from it (`made`), each with its label
    and vector; no claims when none could be made."""
    claims = made(report)
    if not claims:
        return [], None, []
    passages = [Passage(0, a, b, report[a:b]) for a, b in split_sentences(report)]
    doc_vectors = embedder.embed([p.text for p in passages])
    vectors = embedder.embed([c for c, _ in claims])
    return passages, doc_vectors, [(c, label, v) for (c, label), v in zip(claims, vectors, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--input", type=Path, default=SOURCE)
    parser.add_argument("--stories", type=int, default=800)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    random.seed(15)
    embedder = sentence_embedder()
    rows, labels, docs = [], [], []
    for report in reports(args.input, args.stories):
        passages, doc_vectors, claims = embedded_claims(report, embedder)
        for claim, supported, vector in claims:
            rows.append(row(claim, vector, passages, doc_vectors, CLOSEST))
            labels.append(supported)
            docs.append(hashlib.sha256(report.encode()).hexdigest()[:12])
    n = len(rows)
    save(args.out, rows, list(range(n)), ["neus-edits"] * n, ["train"] * n, labels, docs)
    print(f"{n} made claims ({sum(labels)} supported) -> {args.out}")


if __name__ == "__main__":
    main()
