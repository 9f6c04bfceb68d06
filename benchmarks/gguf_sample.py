"""Print, for checking by hand, the sentences of a gguf_drafts.py results file that the model changed.

    .venv/bin/python benchmarks/gguf_sample.py gguf-drafts.jsonl [--raw] [--copies N]

Without --raw: every published sentence whose words differ from its source sentence, each model
headline that was published, then N published verbatim copies (random, seed 0). With --raw: every
reply that differs from its source and that the verifier alone would have let through (no guard).
"""

from __future__ import annotations

import argparse
import json
import random


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--raw", action="store_true")
    parser.add_argument("--copies", type=int, default=0)
    parser.add_argument("--current-guard", action="store_true", help="apply today's rewrite_problem")
    args = parser.parse_args()
    with open(args.results, encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    if args.current_guard:
        from gguf_drafts import regard

        rows = regard(rows)
    n = 0
    copies = []
    for row in rows:
        if row["fallback"]:
            continue
        if (
            not args.raw
            and row.get("headline_reply")
            and row["headline_guard"] is None
            and row["headline"] == row["headline_model"]
        ):
            n += 1
            print(f"[{n}] {row['story']} HEADLINE\n    model : {row['headline']}")
            print(f"    dek source: {row['sentences'][0]['source']}\n")
        for s in row["sentences"]:
            changed = s["reply"].split() != s["source"].split()
            if args.raw:
                shown, note, text = changed and s["raw_verified"], f"guard: {s['guard']}", s["reply"]
            else:
                shown = s["verified"] and s["text"].split() != s["source"].split()
                note, text = f"similarity {s['similarity']}", s["text"]
                if s["verified"] and not shown:
                    copies.append((row["story"], s["text"], s["source"]))
            if shown:
                n += 1
                print(f"[{n}] {row['story']} ({note})\n    model : {text}\n    source: {s['source']}")
                for c in s["citations"][1:]:
                    print(f"    also cited: {c}")
                print()
    for story, text, source in random.Random(0).sample(copies, min(args.copies, len(copies))):
        n += 1
        same = "verbatim copy" if text.split() == source.split() else "DIFFERS"
        print(f"[{n}] {story} ({same})\n    published: {text}\n    source   : {source}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
