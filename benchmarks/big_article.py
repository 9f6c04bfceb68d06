"""Benchmark: one very large article given to `copydesk ingest` (then `copydesk write` if it went in).

The article is generated text (sentences full of capitalised invented names, in paragraphs), written
as one JSONL line. Copydesk refuses an article over COPYDESK_MAX_ARTICLE_CHARS (default 1,000,000
characters), so a 50 MB article must be refused quickly and cheaply; an article just under the cap is
ingested and written. Each run is a fresh data dir and a real `copydesk` subprocess; the figure is its
wall time and peak RSS (getrusage of the finished child). Also timed: name extraction
(`core.text.names`, which ingest runs on every article) on 8 MB of the same text, in this process.
Goal: the 50 MB article refused or ingested in under 10 s and under 1 GiB.

Writing an article near the cap is slow but holds no lock: `copydesk write` embeds every sentence of a
source (990,000 characters, about 8,400 sentences: 234 s and 696 MiB on 2 shared cores), outside the
transaction that publishes.

    PYTHONPATH=src .venv/bin/python benchmarks/big_article.py [--mb 50] [--names-mb 8] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SYLLABLES = (
    "al bren cor da el fen gar hal is jor kel lin mor nor ost pel quin ros sel tam ul ven wyn yor".split()
)
VERBS = ["said", "told reporters", "confirmed", "warned", "announced", "denied"]
THINGS = [
    "the harbour board would meet again on Tuesday",
    "the council had approved 3,400 new homes",
    "talks with the union would resume next week",
    "the ferry timetable stays as it is until March",
    "the inquiry into the flooding had heard 41 witnesses",
]


def name(rng: random.Random) -> str:
    """An invented capitalised name of one or two syllables."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 2))).capitalize()


def generate(chars: int, seed: int = 12) -> str:
    """About `chars` characters of news-like prose, many capitalised names, five sentences a paragraph."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < chars:
        who = f"{name(rng)} {name(rng)}"
        sentence = (
            f"{who} of {name(rng)} {rng.choice(VERBS)} that {rng.choice(THINGS)}, "
            f"and {name(rng)} said the {name(rng)} Trust agreed."
        )
        parts.append(sentence + ("\n\n" if len(parts) % 5 == 4 else " "))
        size += len(parts[-1])
    return "".join(parts)[:chars]


def run(args: list[str], data_dir: Path) -> dict[str, Any]:
    """One `copydesk` subprocess: exit code, wall seconds, its own peak RSS in MiB, its last lines."""
    env = {**os.environ, "COPYDESK_DATA_DIR": str(data_dir)}
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "copydesk", *args], env=env, stdout=out, stderr=out)
        _, status, usage = os.wait4(child.pid, 0)  # the rusage of this child alone
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = out.read().strip().splitlines()
    return {
        "exit": child.returncode,
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "output": [line[:300] for line in lines[-3:]],
    }


def article_file(folder: Path, chars: int, label: str) -> Path:
    path = folder / f"{label}.jsonl"
    row = {
        "title": f"Harbour inquiry hears {label} of evidence",
        "text": generate(chars),
        "url": f"https://big.example/{label}",
        "outlet": "Big Example",
        "published": "2026-02-01T09:00:00Z",
    }
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return path


def ingest_and_write(chars: int, label: str, folder: Path) -> dict[str, Any]:
    data = folder / f"data-{label}"
    figures: dict[str, Any] = {
        "chars": chars,
        "ingest": run(["ingest", str(article_file(folder, chars, label))], data),
    }
    if "1 new articles" in " ".join(figures["ingest"]["output"]):
        figures["write"] = run(["write", "--min-sources", "1"], data)
    return figures


def time_names(chars: int) -> float:
    from copydesk.core.text import names

    text = generate(chars)
    start = time.perf_counter()
    names(text, initial=False)
    return round(time.perf_counter() - start, 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50, help="size of the large article in MB of text")
    parser.add_argument(
        "--under-cap",
        type=int,
        default=200_000,
        help="characters of a second article, under the cap, ingested and written (0: none)",
    )
    parser.add_argument("--names-mb", type=float, default=8, help="MB of text for the name-extraction timing")
    parser.add_argument("--skip-names", action="store_true", help="do not time name extraction")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="copydesk-big-") as tmp:
        folder = Path(tmp)
        figures["large"] = ingest_and_write(int(args.mb * 1_000_000), "large", folder)
        if args.under_cap:
            figures["under_cap"] = ingest_and_write(args.under_cap, "under-cap", folder)
    if not args.skip_names:
        figures["names_seconds"] = {
            "chars": int(args.names_mb * 1_000_000),
            "seconds": time_names(int(args.names_mb * 1_000_000)),
        }
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
