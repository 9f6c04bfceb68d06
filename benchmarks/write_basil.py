"""Benchmark: `copydesk write` on the 150 BASIL reports (50 events of three outlets), new and old together.

The reports (`stories/basil-dev/articles.jsonl` in the shared evaluation folder) are converted to
Copydesk's JSONL in a temporary directory (one has no title: its event's name stands in; nothing is
copied into the project) and ingested once into a template data dir per code version. Each run then
copies the template and times `copydesk write` (grouping, writing, verifying, publishing, relating)
in a process of its own, which also sums the time spent inside `Embedder.embed`.

The old way is the code of a git revision (`--baseline`, default 13eae75, the code before the write
stage's embedding was batched), taken with `git archive` into a temporary directory and run exactly
the same way. Runs alternate, old then new, so that both meet the same load on a shared machine; the
figures are medians. The first run of each also exports the published stories, and the benchmark says
whether both versions published the same articles. Goal: new at least 3x faster per story.

    .venv/bin/python benchmarks/write_basil.py [--repeat 3] [--baseline 13eae75] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("COPYDESK_EVAL_DIR") or ROOT.parent / "shared" / "eval")
BASIL = EVAL / "stories" / "basil-dev" / "articles.jsonl"

# Runs `copydesk write` in this process with Embedder.embed timed; the figures go out on the last line.
DRIVER = """
import json, sys, time
from copydesk import embedding
from copydesk.cli import main

spent = {"seconds": 0.0, "texts": 0}
embed = embedding.Embedder.embed

def timed(self, texts):
    start = time.perf_counter()
    try:
        return embed(self, texts)
    finally:
        spent["seconds"] += time.perf_counter() - start
        spent["texts"] += len(texts)

embedding.Embedder.embed = timed
start = time.perf_counter()
code = main(["write"])
seconds = time.perf_counter() - start
spent["embed_seconds"] = spent.pop("seconds")
print(json.dumps({"code": code, "seconds": seconds, **spent}))
"""


def convert(source: Path, target: Path) -> int:
    """BASIL's rows as Copydesk's input articles; returns how many."""
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    with target.open("w", encoding="utf-8") as out:
        for row in rows:
            title = row["title"].strip() or row["main_event"]
            article = {"title": title, "text": row["text"], "published": row["published"]}
            article |= {"outlet": row["outlet"], "url": row["url"]}
            out.write(json.dumps(article) + "\n")
    return len(rows)


def checkout(revision: str, target: Path) -> Path:
    """The `src` folder of `revision`, extracted from git (the working tree is not touched)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "src"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / "src"


def copydesk(src: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src), "COPYDESK_DATA_DIR": str(data)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, check=True, cwd=data.parent
    )


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def published_articles(src: Path, data: Path) -> list[Any]:
    """The exported stories without what differs between runs (times, ids)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in {"published", "updated", "at", "id"}}
        return [strip(v) for v in value] if isinstance(value, list) else value

    return strip(json.loads(copydesk(src, data, "-m", "copydesk", "export").stdout))  # type: ignore[no-any-return]


def run_write(src: Path, template: Path, work: Path, export: bool) -> dict[str, Any]:
    data = work / "data"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(template, data)
    cpu, wall = children_cpu(), time.perf_counter()
    result = copydesk(src, data, "-c", DRIVER)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["process_seconds"] = time.perf_counter() - wall
    figures["cpu_seconds"] = children_cpu() - cpu
    published = re.search(r"(\d+) stories published", result.stdout)
    figures["stories"] = int(published.group(1)) if published else 0
    if export:
        figures["articles"] = published_articles(src, data)
    return figures


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    stories = runs[0]["stories"]
    seconds = statistics.median(r["seconds"] for r in runs)
    embed = statistics.median(r["embed_seconds"] for r in runs)
    return {
        "stories": stories,
        "write_seconds": round(seconds, 2),
        "seconds_per_story": round(seconds / max(1, stories), 3),
        "embed_seconds": round(embed, 2),
        "embed_share": round(statistics.median(r["embed_seconds"] / r["seconds"] for r in runs), 3),
        "texts_embedded": runs[0]["texts"],
        "cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in runs), 2),
        "runs_seconds": [round(r["seconds"], 2) for r in runs],
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each version (default 3)")
    parser.add_argument("--baseline", default="13eae75", help="the old code's git revision (default 13eae75)")
    parser.add_argument("--input", type=Path, default=BASIL, help="BASIL's articles.jsonl")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="copydesk-write-basil-") as tmp:
        work = Path(tmp)
        reports = convert(args.input, work / "basil.jsonl")
        versions = {"old": checkout(args.baseline, work / "old"), "new": ROOT / "src"}
        templates = {}
        for name, src in versions.items():
            templates[name] = work / f"template-{name}" / "data"
            templates[name].parent.mkdir()
            copydesk(src, templates[name], "-m", "copydesk", "ingest", str(work / "basil.jsonl"))
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in versions}
        for turn in range(args.repeat):
            for name, src in versions.items():
                runs[name].append(run_write(src, templates[name], work / f"run-{name}", export=turn == 0))
                if not args.json:
                    print(f"{name} run {turn + 1}: {runs[name][-1]['seconds']:.1f} s", file=sys.stderr)
    figures: dict[str, Any] = {"reports": reports, "baseline": args.baseline}
    figures |= {name: summarise(r) for name, r in runs.items()}
    figures["same_articles"] = runs["old"][0]["articles"] == runs["new"][0]["articles"]
    figures["speedup_per_story"] = round(
        figures["old"]["seconds_per_story"] / figures["new"]["seconds_per_story"], 2
    )
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"copydesk write on {reports} BASIL reports (medians of {args.repeat} alternating runs)")
    for name in versions:
        f = figures[name]
        print(
            f"  {name:<4} {f['seconds_per_story']:.3f} s per story ({f['stories']} stories, "
            f"{f['write_seconds']} s), embedding {f['embed_share']:.0%} ({f['embed_seconds']} s, "
            f"{f['texts_embedded']} texts), CPU {f['cpu_seconds']} s"
        )
    print(f"  speed-up per story: {figures['speedup_per_story']}x; same articles: {figures['same_articles']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
