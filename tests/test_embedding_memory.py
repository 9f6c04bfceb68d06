"""The embedders' memory does not grow with the texts they embed: no memory pattern per input shape, and
the arena's unused memory given back after each call (issue 17: `copydesk run` under 1 GiB)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import json, sys
from pathlib import Path
from copydesk.embedding import Embedder

def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

words = "harbour quay council budget library storm coast river museum roof union vote".split()
# texts of 4 to 250 words: each batch of 8 has a length (an input shape) of its own
texts = [" ".join(words[(i + k) % len(words)] for k in range(4 + 3 * i)) + "." for i in range(82)]
embedder = Embedder()
embedder.embed(["warm up"])
loaded = rss()
first = embedder.embed(texts)
after = rss()
again = embedder.embed(texts[::-1])[::-1]
print(json.dumps({"loaded": loaded, "after": after, "same": bool((first == again).all())}))
"""


TOKENS_SCRIPT = """
import json
from pathlib import Path
import numpy as np
from copydesk.embedding import DIMENSIONS, Embedder

def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

class Session:  # the model's answer left out: only what the tokenizer and the batches hold is measured
    def run(self, outputs, feeds, options=None):
        return [np.ones((*feeds["input_ids"].shape, DIMENSIONS), dtype=np.float32)]

embedder = Embedder()
embedder.session = Session()
words = [f"w{n}x{n * 7 % 13}" for n in range(500)]
texts = [" ".join(words[(i * 11 + k) % len(words)] for k in range(600)) for i in range(3000)]
before = rss()
vectors = embedder.embed(texts)
print(json.dumps({"held": rss() - before, "rows": len(vectors)}))
"""


def _figures(script: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def test_embedding_gives_the_arena_back_and_keeps_the_vectors() -> None:
    figures = _figures(SCRIPT)
    assert figures["same"]
    # With onnxruntime's defaults the process held about 150 MB more after these texts than before.
    assert figures["after"] - figures["loaded"] < 40, figures


def test_embedding_keeps_token_ids_and_not_the_tokenizer_s_encodings() -> None:
    figures = _figures(TOKENS_SCRIPT)
    assert figures["rows"] == 3000
    # 3,000 texts cut at 256 tokens: encode_batch held 232 MB of encodings here (and did not give it back)
    assert figures["held"] < 40, figures
