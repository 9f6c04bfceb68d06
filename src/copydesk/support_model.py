"""The support model: a small classifier, trained by the project, that scores whether cited passages
support a sentence (`core.support.features` in, the probability that they do out).

It ships as `support_model.onnx` beside this file, made by `tools/train_support.py` from public data
only (SummEdits of seven other domains and the dev halves of SummEdits news and QAGS), and runs on
onnxruntime as the embedder does; its threshold and feature names travel in the file's metadata, and a
file whose features are not the ones `core.support` computes is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from copydesk.core.support import FEATURES
from copydesk.errors import ModelError

MODEL_FILE = Path(__file__).with_name("support_model.onnx")


class SupportModel:
    """Scores features; `supported` says whether a score clears the threshold trained with it."""

    def __init__(self, path: Path = MODEL_FILE) -> None:
        import onnxruntime

        if not path.is_file():
            raise ModelError(f"support model missing: {path}")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # one row at a time: threads would only wait on each other
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        meta = self.session.get_modelmeta().custom_metadata_map
        if meta.get("features", "").split(",") != list(FEATURES):
            raise ModelError(f"{path} was trained on other features: {meta.get('features')!r}")
        self.threshold = float(meta["threshold"])
        self.input = self.session.get_inputs()[0].name
        self.outputs = [o.name for o in self.session.get_outputs()]

    def score(self, features: Sequence[float]) -> float:
        """The probability that the passages support the sentence."""
        row = np.asarray([features], dtype=np.float32)
        probabilities = self.session.run([self.outputs[-1]], {self.input: row})[0]
        return float(probabilities[0][1])


@lru_cache(maxsize=1)
def support_model() -> SupportModel:
    return SupportModel()
