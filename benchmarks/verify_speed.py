"""Benchmark: milliseconds per sentence of the bundled checker, and the memory it takes (issue 15).

Each claim sentence of the factuality sets' dev halves (`../shared/eval/factuality`, or
COPYDESK_EVAL_DIR) is checked as a model writer's sentence is at publishing: embedded with the sentence
model, citing the document sentences it was told from as `copydesk eval factuality` cites them
(`factuality.cite`, not timed: a writer names its citations), then the rules and the support model
judge it. The documents' sentences are embedded first and not timed (in the product they are embedded
once, at the story's first write). Reports the median and 95th percentile per sentence of the check
alone and of embedding plus check, and the peak memory of the process. Goal: <= 20 ms per sentence on 2 cores.

    .venv/bin/python benchmarks/verify_speed.py [--limit 600] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("COPYDESK_EVAL_DIR") or ROOT.parent / "shared" / "eval")


def percentile(values: list[float], share: float) -> float:
    return sorted(values)[min(len(values) - 1, int(share * len(values)))]


def measure(limit: int) -> dict[str, Any]:
    from copydesk.core.verify import verify_sentence
    from copydesk.embedding import sentence_embedder
    from copydesk.evaluation.factuality import Documents, cite, load
    from copydesk.support_model import support_model

    cases = [c for c in load(EVAL / "factuality") if c.half == "dev"][:limit]
    embedder, model = sentence_embedder(), support_model()
    documents = Documents(embedder)
    check_ms: list[float] = []
    whole_ms: list[float] = []
    for case in cases:
        passages, vectors = documents.get(case.document)  # not timed: embedded once per source
        for sentence in case.sentences:
            start = time.perf_counter()
            vector = embedder.embed([sentence])[0]
            embedded = time.perf_counter()
            # Not timed: the eval's stand-in for the writer, which names the passages it cites.
            cited, similarity = cite(sentence, vector, passages, vectors)
            middle = time.perf_counter()
            verify_sentence(sentence, cited, similarity, model)
            end = time.perf_counter()
            check_ms.append((end - middle) * 1000)
            whole_ms.append((embedded - start + end - middle) * 1000)
    return {
        "sentences": len(check_ms),
        "check_ms_median": round(statistics.median(check_ms), 2),
        "check_ms_p95": round(percentile(check_ms, 0.95), 2),
        "embed_and_check_ms_median": round(statistics.median(whole_ms), 2),
        "embed_and_check_ms_p95": round(percentile(whole_ms, 0.95), 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cores": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=600, help="claims read from the dev halves")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not (EVAL / "factuality").is_dir():
        raise SystemExit(f"no factuality data at {EVAL / 'factuality'} (set COPYDESK_EVAL_DIR)")
    figures = measure(args.limit)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
