"""Pairs for training the cross-encoder support model (`tools/train_cross.py`): each a sentence, the
passages the product would give the verifier for it, and whether they support it (issue 15).

Runs in the product's environment (it embeds with the sentence model and cites as `copydesk eval
factuality --cite closest` does, the three closest sentences of the document) and writes one JSONL file
outside the repository. What goes in, the test halves never:

- the SummEdits sets of seven other domains and the dev halves of SummEdits news and QAGS, a sentence
  a row. A claim of several sentences that is unsupported says not which sentence is wrong: a sentence
  that a supported claim of the same document also has is supported; when one sentence is left, it is
  the unsupported one, and otherwise the claim is left out;
- made claims (`tools/support_edits.py`'s edits: a hedge removed, a quantity, a negation, two names
  swapped, a name or number replaced by another of the passages; and the sentence itself and its
  faithful shortening) from NeuS train reports and basil-dev articles (`--stories`, `--articles`);
- each row also carries what the product decides today: whether a rule vetoes the sentence, and the
  logistic support model's score, so `train_cross.py` can compare and combine on held-out documents.

A document is "held" (not fitted on, used to choose the threshold and the combination) when the first
byte of its hash is below `HELD`; a made claim's document never is.

    PYTHONPATH=src .venv/bin/python tools/cross_pairs.py --out /tmp/cross-pairs.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

import numpy as np

from copydesk.core.support import features
from copydesk.core.types import Passage
from copydesk.core.verify import rule_findings
from copydesk.embedding import sentence_embedder
from copydesk.evaluation.factuality import CLOSEST, Case, Documents, cite, load
from copydesk.pipeline.progress import terminal
from copydesk.support_model import support_model

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support_edits import embedded_claims, reports

SHARED = Path(__file__).resolve().parents[2] / "shared/eval"
HELD = 64
"""Documents whose hash's first byte is under this (a quarter) are held out of fitting."""


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def labelled(cases: list[Case]) -> list[tuple[Case, str, bool]]:
    """(case, sentence, label) for every sentence whose label the claims tell (see the docstring)."""
    supported: dict[str, set[str]] = {}
    for case in cases:
        if case.supported:
            supported.setdefault(case.document, set()).update(case.sentences)
    found = []
    for case in cases:
        if case.supported or len(case.sentences) == 1:
            found += [(case, s, case.supported) for s in case.sentences]
            continue
        novel = [s for s in case.sentences if s not in supported.get(case.document, set())]
        if len(novel) == 1:
            found += [(case, s, s != novel[0]) for s in case.sentences]
    return found


def pair(sentence: str, vector: np.ndarray, passages: list[Passage], vectors: np.ndarray) -> dict[str, Any]:
    cited, similarity = cite(sentence, vector, passages, vectors, CLOSEST)
    reasons, found = rule_findings(sentence, cited)
    texts = [p.text for p in cited]
    score = support_model().score(features(sentence, texts, similarity, found))
    return {"sentence": sentence, "passages": texts, "veto": bool(reasons), "logistic": round(score, 4)}


def factuality_rows(folder: Path) -> list[dict[str, Any]]:
    cases = [c for c in load(folder) if c.half != "test"]  # the test halves are never read here
    documents = Documents(sentence_embedder())
    rows = []
    for case, sentence, label in terminal(labelled(cases), "Sentences", None):
        passages, vectors = documents.get(case.document)
        vector = documents.embedder.embed([sentence])[0]
        doc = digest(case.document)
        held = int(doc[:2], 16) < HELD
        rows.append(
            {
                **pair(sentence, vector, passages, vectors),
                "label": label,
                "set": case.set,
                "half": case.half,
                "doc": doc,
                "held": held,
                "claim": case.sentences,
            }
        )
    return rows


def made_rows(texts: list[str], name: str) -> list[dict[str, Any]]:
    embedder = sentence_embedder()
    rows = []
    for text in terminal(texts, name, len(texts)):
        passages, vectors, claims = embedded_claims(text, embedder)
        for claim, label, vector in claims:
            row = pair(claim, vector, passages, vectors)
            rows.append(
                {**row, "label": label, "set": name, "half": "train", "doc": digest(text), "held": False}
            )
    return rows


def basil(folder: Path) -> list[str]:
    lines = (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--stories", type=int, default=600, help="NeuS train lines to make claims from")
    parser.add_argument("--articles", type=int, default=200, help="basil-dev articles to make claims from")
    args = parser.parse_args()
    random.seed(15)
    rows = factuality_rows(SHARED / "factuality")
    neus = reports(SHARED / "summarization/neus-allsides/train.source", args.stories)
    rows += made_rows(neus, "neus-edits")
    rows += made_rows(basil(SHARED / "stories/basil-dev")[: args.articles], "basil-edits")
    with args.out.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
    print(f"{len(rows)} pairs ({sum(r['label'] for r in rows)} supported) -> {args.out}")


if __name__ == "__main__":
    main()
