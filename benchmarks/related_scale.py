"""Benchmark (issue #12): one `copydesk write` against archives of 1,000 to 100,000 published stories.

For each size N:
1. build: N published stories written straight to the database in bulk (one revision each; unit vectors
   around N/25 topics, names shared within a topic plus a few common ones, dates over the three years
   before the sample sources), then their related links ranked by `relate_published` as a first run
   after an upgrade would (timed: "first relate"); then the write-ahead log is checkpointed and the
   disk synced, so that the bulk load's writeback does not fall on the rounds;
2. write: in a fresh process, as `copydesk write` runs (embedder loaded and warmed first), three rounds
   of 10 new articles each from the bundled sample sources (in folder order, so that some stories grow
   and are written again in the next round): each round ingests its articles (not timed), then times
   `assign_new`, `write_stories` and `relate_published`, the steps of `copydesk write`;
3. meanwhile a probe process tries `BEGIN IMMEDIATE` on the database every 2 ms without waiting and
   measures each stretch during which it could not get the write lock: the longest stretch is the longest
   any step held the lock (the probe's own attempts hold it for microseconds).

Memory: the write process's peak resident set, and the relate step's own peak above what the process
held before it (Linux: peak reset through /proc/self/clear_refs).
Goals: time per write (the three steps) grows less than 2x from 1,000 to 100,000 stories; the longest
write transaction during the write rounds stays under 1 s.

    .venv/bin/python benchmarks/related_scale.py [--sizes 1000,10000,100000] [--rounds 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

DATABASE = "copydesk.sqlite3"
DIM = 384
END = datetime(2025, 12, 31, tzinfo=UTC)
BATCH = 5000


def setup(data_dir: Path) -> None:
    os.environ["COPYDESK_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copydesk.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def synthetic(n: int, seed: int) -> tuple[np.ndarray, list[list[str]]]:
    """Unit vectors around n/25 topics (cosine within a topic about 0.5) and each story's names."""
    rng = np.random.default_rng(seed)
    topics = max(1, n // 25)
    centres = rng.standard_normal((topics, DIM), dtype=np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    of = rng.integers(topics, size=n)
    vectors = centres[of] + rng.standard_normal((n, DIM), dtype=np.float32) / np.sqrt(DIM)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    common = [f"Capital{i}" for i in range(20)]
    names = []
    for story in range(n):
        topic = int(of[story])
        own = {f"Person{topic}x{int(j)}" for j in rng.integers(4, size=2)}
        extra = {common[int(rng.integers(20))]} if rng.random() < 0.3 else set()
        names.append(sorted(own | extra | {f"Place{int(rng.integers(max(1, n // 10)))}"}))
    return vectors.astype(np.float32), names


def build(n: int, data_dir: Path) -> dict[str, float]:
    """The archive: stories and revisions inserted with executemany, then the first related ranking."""
    setup(data_dir)
    from django.db import connection, transaction

    from copydesk.newsroom.models import Story
    from copydesk.pipeline.relate import relate_published

    began = time.perf_counter()
    vectors, names = synthetic(n, seed=n)
    # Text columns without a default in the schema, where this version of the code has them (the
    # benchmark also runs on older code, for comparison).
    present = {f.name for f in Story._meta.get_fields()}
    blank = [name for name in ("related_key", "write_error") if name in present]
    fixed = "id slug created_at last_seen centroid names size current_id needs_writing".split()
    columns = ", ".join([*fixed, *blank])
    marks = ", ".join(["%s"] * (9 + len(blank)))
    span = 3 * 365 * 86400
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, n, BATCH):
            stop = min(n, start + BATCH)
            dates = [(END - timedelta(seconds=span * (n - i) / n)).isoformat() for i in range(start, stop)]
            revisions = [
                (i + 1, i + 1, 1, dates[i - start], f"Archive story {i + 1}", "extractive", "")
                for i in range(start, stop)
            ]
            cursor.executemany(
                "INSERT INTO newsroom_revision (id, story_id, number, created_at, headline, writer, note,"
                " sentence_count, verified_count, withheld_count, differences)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, 0, 0, 0, '[]')",
                revisions,
            )
            stories = [
                (i + 1, f"archive-{i + 1}", dates[i - start], dates[i - start], vectors[i].tobytes(),
                 json.dumps(names[i]), 2, i + 1, False, *[""] * len(blank))
                for i in range(start, stop)
            ]  # fmt: skip
            cursor.executemany(f"INSERT INTO newsroom_story ({columns}) VALUES ({marks})", stories)
    inserted = time.perf_counter() - began
    began = time.perf_counter()
    relate_published()
    ranked = time.perf_counter() - began
    settle_disk()
    return {"insert_s": inserted, "first_relate_s": ranked}


def settle_disk() -> None:
    """After the bulk load: fold the write-ahead log into the database and flush the OS's dirty pages, so
    that the write rounds measure writing, not the bulk load's writeback (as assign_scale.py does)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.sync()


def rounds(count: int, size: int = 10) -> list[list[Path]]:
    """The sample sources' files, `size` per round in folder order (so a story may grow in a later round)."""
    from copydesk.cli import demo_sources

    files = sorted(demo_sources().rglob("*.md"))
    return [files[start : start + size] for start in range(0, size * count, size)]


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def write(data_dir: Path, count: int) -> dict[str, Any]:
    """`copydesk write`'s steps, round by round, each step timed with its wall-clock span."""
    setup(data_dir)
    from django.utils import timezone

    from copydesk.embedding import default_embedder, sentence_embedder
    from copydesk.pipeline.assign import assign_new
    from copydesk.pipeline.ingest import ingest_paths
    from copydesk.pipeline.publish import write_stories
    from copydesk.pipeline.relate import relate_published

    embedder = default_embedder()
    embedder.embed(["A warm-up sentence for the embedder."] * 16)
    sentence_embedder().embed(["A warm-up sentence for the embedder."] * 4)
    out: list[dict[str, Any]] = []
    for files in rounds(count):
        now = timezone.now()
        added = ingest_paths(files, now).added
        spans: dict[str, tuple[float, float]] = {}
        began = time.time()
        assign_new(now, embedder=embedder)
        spans["assign"] = (began, time.time())
        report = write_stories(now, min_sources=2)
        spans["write"] = (spans["assign"][1], time.time())
        before, _ = rss_mb(), reset_peak()
        changed = relate_published()
        spans["relate"] = (spans["write"][1], time.time())
        out.append(
            {"articles": added, "published": report.published, "relate_changed": changed, "spans": spans,
             "relate_peak_mb": peak_rss_mb() - before}
        )  # fmt: skip
    return {"rounds": out, "peak_rss_mb": peak_rss_mb()}


def probe(database: Path, stop: Path) -> None:
    """Try for the write lock every 2 ms without waiting; print each stretch it was refused (start, s)."""
    connection = sqlite3.connect(database, timeout=0, isolation_level=None)
    stretches: list[tuple[float, float]] = []
    refused_since: float | None = None
    while not stop.exists():
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            if refused_since is not None:
                stretches.append((refused_since, time.time() - refused_since))
                refused_since = None
        except sqlite3.OperationalError:
            refused_since = refused_since or time.time()
        time.sleep(0.002)
    print(json.dumps(stretches))


def run(*args: str) -> Any:
    result = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(n: int, count: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"related-{n}-") as tmp:
        data_dir = Path(tmp)
        began = time.perf_counter()
        built = run("--build", str(n), "--data-dir", tmp)
        built["build_s"] = time.perf_counter() - began
        stop = data_dir / "stop"
        prober = subprocess.Popen(
            [sys.executable, __file__, "--probe", str(data_dir / DATABASE), "--stop", str(stop)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            written = run("--write", "--data-dir", tmp, "--rounds", str(count))
        finally:
            stop.touch()
            out, _ = prober.communicate(timeout=60)
        stretches = json.loads(out)
    return summarise(n, built, written, stretches)


def summarise(
    n: int, built: dict[str, Any], written: dict[str, Any], stretches: list[list[float]]
) -> dict[str, Any]:
    steps = ("assign", "write", "relate")
    per_round = []
    for r in written["rounds"]:
        times = {step: r["spans"][step][1] - r["spans"][step][0] for step in steps}
        # which step the longest refusal fell in
        held = {step: 0.0 for step in steps}
        for start, seconds in stretches:
            for step in steps:
                begin, end = r["spans"][step]
                if begin - 0.01 <= start <= end:
                    held[step] = max(held[step], seconds)
        per_round.append({**times, "total": sum(times.values()), "longest_lock": held, **{
            k: r[k] for k in ("articles", "published", "relate_changed", "relate_peak_mb")}})  # fmt: skip
    return {
        "stories": n,
        **{k: round(v, 2) for k, v in built.items()},
        "write_s_median": statistics.median(r["total"] for r in per_round),
        "relate_s_median": statistics.median(r["relate"] for r in per_round),
        "longest_lock_s": max((s for _, s in stretches), default=0.0),
        "peak_rss_mb": written["peak_rss_mb"],
        "rounds": per_round,
    }


def report(results: list[dict[str, Any]]) -> dict[str, Any]:
    first, last = results[0], results[-1]
    growth = last["write_s_median"] / first["write_s_median"]
    return {
        "results": results,
        "write_growth": growth,
        "goal_growth_below_2x": growth < 2,
        "goal_lock_below_1s": all(r["longest_lock_s"] < 1 for r in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="archive sizes, comma-separated")
    parser.add_argument("--rounds", type=int, default=3, help="write rounds of 10 new articles")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--write", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stop", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build is not None:
        print(json.dumps(build(args.build, args.data_dir)))
    elif args.write:
        print(json.dumps(write(args.data_dir, args.rounds)))
    elif args.probe is not None:
        probe(args.probe, args.stop)
    else:
        results = []
        for n in (int(s) for s in args.sizes.split(",")):
            results.append(measure(n, args.rounds))
            if not args.json:
                r = results[-1]
                print(
                    f"{n:>7} stories: build {r['build_s']:.1f} s (first relate {r['first_relate_s']:.1f} s); "
                    f"write median {r['write_s_median']:.2f} s (relate {r['relate_s_median']:.3f} s); "
                    f"longest write lock {r['longest_lock_s']:.3f} s; peak RSS {r['peak_rss_mb']:.0f} MB",
                    flush=True,
                )
        summary = report(results)
        if args.json:
            print(json.dumps(summary, indent=2))
        else:
            growth, lock = summary["goal_growth_below_2x"], summary["goal_lock_below_1s"]
            print(
                f"write time growth {summary['write_growth']:.2f}x; "
                f"goals met: growth < 2x {growth}, lock < 1 s {lock}"
            )


if __name__ == "__main__":
    main()
