"""Train the support model on the factuality features and write it as ONNX for the product to run.

Needs scikit-learn and skl2onnx, which the product does not: run it from a separate environment
(`python -m venv /tmp/train && /tmp/train/bin/pip install scikit-learn skl2onnx onnx numpy`). The
features come from `tools/support_features.py`. What it learns from and what it is judged on:

- fitted on the SummEdits sets of seven other domains ("train", all of them) and the dev halves of
  SummEdits news and QAGS; the test halves are never read here;
- one row per claim: its sentences' worst value of each feature (the least similar, the most novel, any
  rule's finding), since a claim holds only when every sentence does, and the model judges one
  sentence at a time in the product;
- the threshold is the one that gives the best balanced accuracy on the dev halves of news and QAGS,
  scored by models fitted without them (5 folds over the dev claims; claims of one document may fall in
  different folds), so it is not chosen on rows
  the model has seen.

    /tmp/train/bin/python tools/train_support.py --features /tmp/support-features.npz \\
        --out src/copydesk/support_model.onnx
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

# Features where more is worse take the claim's maximum; where more is better, its minimum.
BETTER_HIGH = ("similarity", "best_passage_words")


def claims(data: dict[str, np.ndarray], names: list[str]) -> dict[str, np.ndarray]:
    """One row per claim: the worst value of each feature over its sentences."""
    x, case = data["x"], data["case"]
    high = np.array([n in BETTER_HIGH for n in names])
    ids = np.unique(case)
    rows = np.empty((len(ids), x.shape[1]), dtype=np.float32)
    first = np.searchsorted(case, ids)
    for k, (start, stop) in enumerate(zip(first, [*first[1:], len(case)], strict=True)):
        part = x[start:stop]
        rows[k] = np.where(high, part.min(axis=0), part.max(axis=0))
    return {
        "x": rows,
        "y": data["label"][first].astype(int),
        "set": data["set"][first],
        "half": data["half"][first],
    }


def balanced(y: np.ndarray, predicted: np.ndarray) -> float:
    return float(np.mean([np.mean(predicted[y == c] == c) for c in (0, 1) if np.any(y == c)]))


def model():  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--features", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    from skl2onnx import to_onnx

    stored = dict(np.load(args.features))
    names = [str(n) for n in stored["names"]]  # core.support.FEATURES when the features were made
    data = claims(stored, names)
    fit = data["half"] != "test"
    dev = data["half"] == "dev"
    # Dev claims scored by models that never saw them: five folds over the dev rows.
    scores = np.zeros(len(data["y"]))
    folds = np.arange(len(data["y"])) % 5
    for fold in range(5):
        held = dev & (folds == fold)
        trained = model().fit(data["x"][fit & ~held], data["y"][fit & ~held])
        scores[held] = trained.predict_proba(data["x"][held])[:, 1]
    grid = np.linspace(0.05, 0.95, 91)
    threshold = float(max(grid, key=lambda t: balanced(data["y"][dev], scores[dev] >= t)))
    final = model().fit(data["x"][fit], data["y"][fit])
    report = {
        "threshold": round(threshold, 3),
        "dev_balanced_accuracy_held_out": round(balanced(data["y"][dev], scores[dev] >= threshold), 4),
        "fitted_on_claims": int(fit.sum()),
        "weights": dict(zip(names, np.round(final[-1].coef_[0], 3).tolist(), strict=True)),
    }
    onnx_model = to_onnx(final, data["x"][:1], options={"zipmap": False}, target_opset=17)
    onnx_model.metadata_props.add(key="threshold", value=str(report["threshold"]))
    onnx_model.metadata_props.add(key="features", value=",".join(names))
    args.out.write_bytes(onnx_model.SerializeToString())
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
