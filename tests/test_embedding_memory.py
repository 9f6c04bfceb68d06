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


def test_embedding_gives_the_arena_back_and_keeps_the_vectors() -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["same"]
    # With onnxruntime's defaults the process held about 150 MB more after these texts than before.
    assert figures["after"] - figures["loaded"] < 40, figures
