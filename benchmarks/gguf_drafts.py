"""Measure: the GGUF writer with a real small model (Gemma 3 270M) on the demo stories and NeuS val.

Each story is drafted as `copydesk write` would (the GGUF writer, the extractive writer if it fails),
its headline checked and every sentence verified with the real embedder's closeness. Also recorded:
each of the model's shortenings as it came, verified on its own, so the verifier can be judged without
the writer's own guard (`rewrite_problem`). One JSON line per story goes to --out; a summary is printed.

Needs llama-cpp-python and a .gguf file; it is not part of `make test`. llama-cpp-python may live in
another venv of the same Python: --site appends that venv's site-packages to sys.path.

    PYTHONPATH=src nice -n 10 .venv/bin/python benchmarks/gguf_drafts.py \\
        --model /tmp/llm-lab/gemma-3-270m-q4_k_m.gguf \\
        --site /tmp/llm-lab/venv/lib/python3.11/site-packages \\
        --demo --neus 30 --out gguf-drafts.jsonl
    .venv/bin/python benchmarks/gguf_drafts.py --summarize gguf-drafts.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "src" / "copydesk" / "demo" / "sources"
NEUS = Path("/work/shared/eval/summarization/neus-allsides/val.source")


def stories(demo: bool, neus: int, neus_path: Path, skip: int = 0) -> Iterator[tuple[str, list[Any]]]:
    from copydesk.core.text import split_sentences
    from copydesk.core.types import Passage, SourceDoc
    from copydesk.evaluation.neus import read_stories
    from copydesk.ingest.files import read_path

    if demo:
        for folder in sorted(DEMO.iterdir()):
            docs = []
            for path in sorted(folder.glob("*.md")):
                for item in read_path(path):
                    assert item.article is not None
                    a = item.article
                    passages = tuple(
                        Passage(len(docs), s, e, a.text[s:e]) for s, e in split_sentences(a.text)
                    )
                    docs.append(SourceDoc(len(docs), a.title, a.outlet or "", a.published, passages))
            yield f"demo/{folder.name}", docs
    if neus:
        for story in read_stories(neus_path)[skip : skip + neus]:
            docs = []
            for k, report in enumerate(story.reports):
                text = report.text
                passages = tuple(Passage(k, s, e, text[s:e]) for s, e in split_sentences(text))
                docs.append(SourceDoc(k, report.title, f"outlet {k + 1}", None, passages))
            yield f"neus/{story.number}", docs


def measure(args: argparse.Namespace) -> None:
    import django

    os.environ.setdefault("COPYDESK_DATA_DIR", tempfile.mkdtemp(prefix="copydesk-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copydesk.settings")
    django.setup()
    from dataclasses import replace

    from copydesk.core.verify import verify_draft, verify_sentence
    from copydesk.embedding import default_embedder
    from copydesk.pipeline.drafting import checked_headline, closeness
    from copydesk.writers import ExtractiveWriter, GGUFWriter, WriterSettings, write_with_fallback

    embedder = default_embedder()
    writer = GGUFWriter(WriterSettings(writer="gguf", model=args.model))
    with open(args.out, "a", encoding="utf-8") as out:
        for name, docs in stories(args.demo, args.neus, Path(args.neus_path), args.neus_skip):
            vectors = [embedder.embed([p.text for p in d.passages]) for d in docs]
            start = time.perf_counter()
            draft, fallback = write_with_fallback(writer, ExtractiveWriter(), docs, vectors)
            seconds = time.perf_counter() - start
            row: dict[str, Any] = {"story": name, "seconds": round(seconds, 1), "fallback": fallback}
            if fallback is None:
                model_headline = draft.headline
                draft = replace(draft, headline=checked_headline(draft, docs))
                sims = closeness(draft, docs, vectors, embedder)
                verdicts = verify_draft(draft, sims)
                run = writer.last_run
                raw = [s.reply for s in run.sentences]
                raw_vectors = embedder.embed([r or "." for r in raw])
                sentences = []
                for i, (sentence, verdict, rewrite) in enumerate(
                    zip(draft.sentences(), verdicts, run.sentences, strict=True)
                ):
                    cited = [c.text for c in sentence.citations]
                    cited_vectors = embedder.embed(cited)
                    raw_sim = float(max(cited_vectors @ raw_vectors[i])) if rewrite.reply else 0.0
                    raw_verdict = verify_sentence(rewrite.reply or ".", sentence.citations, raw_sim)
                    sentences.append(
                        {
                            "source": rewrite.source,
                            "reply": rewrite.reply,
                            "guard": rewrite.problem,
                            "text": sentence.text,
                            "citations": cited,
                            "similarity": round(sims[i], 3),
                            "verified": verdict.verified,
                            "reasons": list(verdict.reasons),
                            "raw_verified": raw_verdict.verified,
                            "raw_reasons": list(raw_verdict.reasons),
                        }
                    )
                row |= {
                    # Writers before the headline was left to the extractive writer recorded the model's.
                    "headline_reply": getattr(getattr(run, "headline", None), "reply", None),
                    "headline_guard": getattr(getattr(run, "headline", None), "problem", None),
                    "headline_model": model_headline,
                    "headline": draft.headline,
                    "sentences": sentences,
                }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()
            kept = sum(1 for s in row.get("sentences", []) if s["guard"] is None)
            print(
                f"{name}: {seconds:.1f}s, {len(row.get('sentences', []))} sentences, {kept} model-written"
                f"{'; FALLBACK ' + fallback if fallback else ''}",
                flush=True,
            )
    writer.close()


def same(a: str, b: str) -> bool:
    """The same words: the model writes plain spaces where a source had no-break ones."""
    return a.split() == b.split()


def regard(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows as the writer's current guard would have drafted them, without running the model again.

    A reply the guard now refuses becomes its source sentence (as the writer does), verified again
    against the same citations; closeness is left out, the source being its own first citation.
    """
    from copydesk.core.shortening import rewrite_problem
    from copydesk.core.types import Passage
    from copydesk.core.verify import verify_sentence

    for row in rows:
        for s in row.get("sentences", []):
            now = rewrite_problem(s["reply"], s["source"])
            if now is not None and s["guard"] is None:
                cited = [Passage(0, 0, len(c), c) for c in s["citations"]]
                verdict = verify_sentence(s["source"], cited)
                s |= {"guard": now, "text": s["source"], "verified": verdict.verified}
                s |= {"reasons": list(verdict.reasons), "similarity": 1.0}
            elif now is None and s["guard"] is not None:
                raise SystemExit("the current guard accepts a reply the run refused: run the model again")
        if row.get("headline_reply") and row["headline_guard"] is None:
            now = rewrite_problem(row["headline_reply"], row["sentences"][0]["source"])
            if now is not None:
                row["headline_guard"] = now
    return rows


def summarize(path: str, current_guard: bool = False) -> None:
    with open(path, encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    if current_guard:
        rows = regard(rows)
        print("(the replies as recorded, with the guard as it is in the source tree now)")
    for group in ("demo", "neus", "all"):
        part = [r for r in rows if group == "all" or r["story"].startswith(group)]
        if not part:
            continue
        drafted = [r for r in part if r["fallback"] is None]
        sentences = [s for r in drafted for s in r["sentences"]]
        model = [s for s in sentences if s["guard"] is None]
        copied = [s for s in model if same(s["reply"], s["source"])]
        changed = [s for s in model if not same(s["reply"], s["source"])]
        guarded = [s for s in sentences if s["guard"] is not None]
        withheld = [s for s in sentences if not s["verified"]]
        reasons: Counter[str] = Counter()
        for s in withheld:
            reasons.update({r.split(":")[0].split(" (")[0] for r in s["reasons"]})
        raw_changed = [s for s in sentences if not same(s["reply"], s["source"])]
        raw_withheld = [s for s in raw_changed if not s["raw_verified"]]
        raw_reasons: Counter[str] = Counter()
        for s in raw_withheld:
            raw_reasons.update({r.split(":")[0].split(" (")[0] for r in s["raw_reasons"]})
        guard_reasons = Counter(s["guard"].split(":")[0] for s in guarded)
        seconds = sorted(r["seconds"] for r in part)
        headlines = Counter(
            "no model headline (the extractive writer's)"
            if not r.get("headline_reply")
            else "model headline published"
            if r["headline"] == r["headline_model"] and r["headline_guard"] is None
            else "guard refused model headline"
            if r["headline_guard"]
            else "verifier refused model headline"
            for r in drafted
        )
        print(
            f"== {group}: {len(part)} stories, {len(drafted)} model drafts, "
            f"{len(part) - len(drafted)} fallbacks"
        )
        print(
            f"   time per story: median {seconds[len(seconds) // 2]:.1f}s, max {seconds[-1]:.1f}s, "
            f"total {sum(seconds):.0f}s"
        )
        print(
            f"   sentences drafted {len(sentences)}: model's shortening used {len(model)} "
            f"({len(changed)} changed, {len(copied)} verbatim copies); "
            f"source kept by the guard {len(guarded)}"
        )
        print(f"   guard reasons: {dict(guard_reasons.most_common())}")
        print(
            f"   withheld by the verifier {len(withheld)}: {dict(reasons.most_common())}; "
            f"published {len(sentences) - len(withheld)} "
            f"(model-changed sentences published: {sum(1 for s in changed if s['verified'])})"
        )
        print(
            f"   without the guard: {len(raw_changed)} replies differ from their source, verifier withholds "
            f"{len(raw_withheld)}: {dict(raw_reasons.most_common())}; "
            f"passes {len(raw_changed) - len(raw_withheld)}"
        )
        print(f"   headlines: {dict(headlines)}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", help="a .gguf file")
    parser.add_argument("--site", help="a site-packages directory holding llama_cpp, appended to sys.path")
    parser.add_argument("--demo", action="store_true", help="the 15 demo stories")
    parser.add_argument(
        "--neus", type=int, default=0, help="N NeuS val stories (the first, or after --neus-skip)"
    )
    parser.add_argument("--neus-skip", type=int, default=0, help="start after the first N NeuS stories")
    parser.add_argument("--neus-path", default=str(NEUS))
    parser.add_argument("--out", default="gguf-drafts.jsonl")
    parser.add_argument("--summarize", metavar="JSONL", help="only print the summary of a results file")
    parser.add_argument(
        "--current-guard", action="store_true", help="with --summarize: apply today's rewrite_problem"
    )
    args = parser.parse_args()
    if args.summarize:
        summarize(args.summarize, args.current_guard)
        return 0
    if not args.model:
        parser.error("--model is required to measure")
    if args.site:
        sys.path.append(args.site)
    measure(args)
    summarize(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
