"""`copydesk eval extraction`: article bodies from `extract_page` scored like article-extraction-benchmark.

The set (scrapinghub/article-extraction-benchmark) is a folder with `ground-truth.json` (id ->
{"articleBody", "url"}) and `html/<id>.html.gz`. The scoring follows the benchmark's `evaluate.py`
exactly (its README defers to that script):

- tokens are `\\w+` matches; the units compared are shingles of 4 consecutive tokens (a text of fewer
  than 4 tokens is one shingle; an empty text has none);
- per page, TP/FP/FN are multiset overlaps of the shingles, normalised to sum to 1;
- precision is the mean over pages with TP+FP > 0 (so a page with empty output does not enter it),
  recall the mean over pages with TP+FN > 0; both are 1 when FP = FN = 0;
- F1 is the harmonic mean of those two means (not a mean of per-page F1);
- accuracy is the share of pages whose token sequences are identical.

A page whose extraction raises (an IngestError: no article text) counts as empty output.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from copydesk.errors import CopydeskError, IngestError
from copydesk.pipeline import Progress, quiet

SUBDIR = "extraction"
GROUND_TRUTH = "ground-truth.json"
SHINGLE = 4
TpFpFn = tuple[float, float, float]

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def tokenize(text: str | None) -> list[str]:
    """The benchmark's tokens: runs of word characters."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Counts of the text's n-token shingles (one shorter shingle when the text has fewer tokens)."""
    tokens = tokenize(text)
    grams = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


def shingle_matching(true: str | None, pred: str | None, n: int = SHINGLE) -> TpFpFn:
    """TP, FP, FN over shingles for one page, normalised so that long pages weigh no more."""
    want, got = shingles(true, n), shingles(pred, n)
    tp = float(sum((want & got).values()))
    fp = float(sum((got - want).values()))
    fn = float(sum((want - got).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (tp, fp, fn)


def precision_score(tp: float, fp: float, fn: float) -> float:
    """Precision of one page, by the benchmark's conventions for empty texts."""
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    """Recall of one page, by the benchmark's conventions for empty texts."""
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics(pages: Iterable[TpFpFn]) -> dict[str, float]:
    """Precision, recall (means over the pages where each is defined) and the F1 of the two means."""
    rows = list(pages)
    precisions = [precision_score(*row) for row in rows if row[0] + row[1] > 0]
    recalls = [recall_score(*row) for row in rows if row[0] + row[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def load_set(path: Path) -> tuple[dict[str, dict[str, Any]], Path]:
    """The ground truth and the folder of pages, from the set's folder or its ground-truth.json."""
    truth_file = path / GROUND_TRUTH if path.is_dir() else path
    if not truth_file.is_file():
        raise CopydeskError(f"{truth_file}: no {GROUND_TRUTH} (expected the extraction set's layout)")
    try:
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CopydeskError(f"{truth_file}: unreadable ground truth: {exc}") from None
    if not isinstance(truth, dict):
        raise CopydeskError(f"{truth_file}: expected an object of id -> {{articleBody, url}}")
    return truth, truth_file.parent / "html"


def read_page(html_dir: Path, page_id: str) -> bytes:
    """The raw bytes of one page (`<id>.html.gz`, or `<id>.html`)."""
    packed = html_dir / f"{page_id}.html.gz"
    if packed.is_file():
        return gzip.decompress(packed.read_bytes())
    plain = html_dir / f"{page_id}.html"
    if plain.is_file():
        return plain.read_bytes()
    raise CopydeskError(f"{packed}: page missing")


def run(path: Path, progress: Progress[Any] = quiet) -> dict[str, Any]:
    """Extract every page with the project's extract_page and score the text against articleBody."""
    from copydesk.ingest.pages import extract_page

    truth, html_dir = load_set(path)
    rows: list[TpFpFn] = []
    exact: list[float] = []
    empty = crashes = 0
    spent = 0.0
    for page_id in progress(sorted(truth), "extraction", len(truth)):
        item = truth[page_id]
        raw = read_page(html_dir, page_id)
        started = time.perf_counter()
        try:
            text = extract_page(raw, url=item.get("url")).text
        except IngestError:
            text, empty = "", empty + 1
        except Exception:  # a crash is a figure here, not the end of the run
            text, crashes = "", crashes + 1
        spent += time.perf_counter() - started
        expected = item.get("articleBody") or ""
        rows.append(shingle_matching(expected, text))
        exact.append(float(tokenize(expected) == tokenize(text)))
    figures: dict[str, Any] = {"pages": len(rows), **metrics(rows)}
    figures.update(
        accuracy=statistics.mean(exact) if exact else 0.0,
        empty=empty,
        crashes=crashes,
        seconds=round(spent, 3),
        pages_per_second=round(len(rows) / spent, 2) if spent else None,
    )
    return figures


def format_report(figures: dict[str, Any]) -> str:
    """A few readable lines."""
    return "\n".join(
        [
            f"Extraction: {figures['pages']} pages, article body against the benchmark's ground truth",
            f"  precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  F1 {figures['f1']:.3f}"
            f"  exact {figures['accuracy']:.3f}",
            f"  no text extracted: {figures['empty']}  crashes: {figures['crashes']}",
            f"  speed: {figures['pages_per_second']} pages/s ({figures['seconds']} s extracting)",
        ]
    )
