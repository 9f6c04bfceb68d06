"""A copy of the bundled model quantized for int8 arithmetic, made once per machine and kept.

The bundled file stores int8 weights that onnxruntime turns back into floats, so every product is
computed in fp32. onnxruntime's dynamic quantization rewrites each matrix product to run in int8, with
one scale per output channel of the weights (one scale per whole matrix kept only 0.96 cosine of the
vectors; per channel keeps 0.99). It can only do that to weights stored as constants, so the
dequantizing steps are first folded into plain float weights by loading the model once with
onnxruntime's basic graph optimizations and saving the result.

The copy is named after a digest of the bundled file and the onnxruntime version that made it: an
upgrade of either makes a new one. It is written under a temporary name and renamed, so two processes
that make it at once each leave a whole file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from copydesk.errors import ModelError


def quantized_model(source: Path, cache_dir: Path) -> Path:
    """The path of the quantized copy of `source` in `cache_dir`, made first if it is not there."""
    import onnxruntime

    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = cache_dir / f"sentence-model-{digest}-ort{onnxruntime.__version__}.onnx"
    if target.is_file():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".making-") as work:
        folded, made = Path(work) / "folded.onnx", Path(work) / "quantized.onnx"
        _fold(source, folded)
        _quantize(folded, made)
        os.replace(made, target)
    return target


def _fold(source: Path, folded: Path) -> None:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
    options.optimized_model_filepath = str(folded)
    options.log_severity_level = 3
    onnxruntime.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])


def _quantize(folded: Path, made: Path) -> None:
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as exc:  # it needs the `onnx` package
        raise ModelError(f"cannot quantize the sentence model: {exc} (pip install onnx)") from None
    quiet = logging.getLogger().level
    logging.getLogger().setLevel(logging.ERROR)  # its advice to pre-process is about other models
    try:
        quantize_dynamic(str(folded), str(made), weight_type=QuantType.QInt8, per_channel=True)
    finally:
        logging.getLogger().setLevel(quiet)
