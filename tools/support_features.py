"""Features of every claim sentence of the factuality sets, for training the support model.

Runs in the product's environment (it embeds with the sentence model and cites as `copydesk eval
factuality` does: `factuality.cite`, `--cite` as the eval's) and writes one .npz outside the
repository, the test halves left out: per sentence its features (`core.support.FEATURES`), its case
number, set, half, the case's gold label and its document (a short hash: claims of one document share a
fold).
`tools/train_support.py` trains on it.

    .venv/bin/python tools/support_features.py --out /tmp/support-features.npz [--cite cover]

The shipped model was fitted on `--cite closest` features (the default). Fitted on `cover` ones, its
held-out figures at the same threshold were no better (0.70: SummEdits news dev 0.718, QAGS dev 0.761),
and the threshold the training script chooses for them (0.55) gave QAGS dev 0.686 for SummEdits news
dev 0.821, which rests on two documents.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import numpy as np

from copydesk.core.support import FEATURES, features
from copydesk.core.types import Passage
from copydesk.core.verify import rule_findings
from copydesk.embedding import sentence_embedder
from copydesk.evaluation.factuality import CLOSEST, COVER, Documents, cite, load
from copydesk.pipeline.progress import terminal


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--input", type=Path, default=Path(__file__).resolve().parents[2] / "shared/eval/factuality"
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cite", choices=(CLOSEST, COVER), default=CLOSEST, help="as `copydesk eval`'s")
    args = parser.parse_args()
    cases = load(args.input)
    documents = Documents(sentence_embedder())
    rows, case_ids, sets, halves, labels, docs = [], [], [], [], [], []
    for number, case in enumerate(terminal(cases, "Claims", len(cases))):
        if case.half == "test":
            continue  # never fitted on, never looked at while developing: the test halves are read once
        passages, doc_vectors = documents.get(case.document)
        vectors = documents.embedder.embed(list(case.sentences))
        for sentence, vector in zip(case.sentences, vectors, strict=True):
            rows.append(row(sentence, vector, passages, doc_vectors, args.cite))
            case_ids.append(number)
            sets.append(case.set)
            halves.append(case.half)
            labels.append(case.supported)
            docs.append(hashlib.sha256(case.document.encode()).hexdigest()[:12])
    save(args.out, rows, case_ids, sets, halves, labels, docs)
    print(f"{len(rows)} sentences of {len(cases)} claims -> {args.out}")


def row(
    sentence: str, vector: np.ndarray, passages: list[Passage], doc_vectors: np.ndarray, mode: str = CLOSEST
) -> list[float]:
    """A sentence's features against the passages of its document it cites, as the eval cites them."""
    cited, similarity = cite(sentence, vector, passages, doc_vectors, mode)
    _, found = rule_findings(sentence, cited)
    return list(features(sentence, [p.text for p in cited], similarity, found))


def save(
    out: Path,
    rows: list[list[float]],
    cases: list[int],
    sets: list[str],
    halves: list[str],
    labels: list[bool],
    docs: list[str],
) -> None:
    """The feature table as `train_support.py` reads it: one row per sentence, with its claim, set,
    half, label and document."""
    np.savez(
        out,
        x=np.array(rows, dtype=np.float32),
        case=np.array(cases),
        set=np.array(sets),
        half=np.array(halves),
        label=np.array(labels),
        doc=np.array(docs),
        names=np.array(FEATURES),
    )


if __name__ == "__main__":
    main()
