"""`copydesk eval stories`: the default writer's articles on real multi-outlet news, read as an editor would.

Each gold story of `stories/basil-dev` (three full-length reports of one event: New York Times, Fox
News, HuffPost) is written by the extractive writer from its reports as the product reads them (the
same passages, embeddings of the same passages, the verifier's verdicts; withheld sentences are not
published). The gold story ids group the reports, so the figures measure writing, not grouping. The
checks (`article_checks`) count what RUBRIC.md calls defects: loaded wording annotators marked
(`bias: lex`, outside quotes) published without naming its outlet, sentences leaning on something the
article has not told, datelines, headlines and deks copied from one outlet, relative dates anchored
against their tense, and how many of the names and numbers all three reports give the article keeps.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from copydesk.core.meaning import needs_vector
from copydesk.core.text import read_passages
from copydesk.core.types import Draft, SourceDoc
from copydesk.core.verify import verify_draft
from copydesk.embedding import DIMENSIONS
from copydesk.errors import CopydeskError, WriterError
from copydesk.evaluation import article_checks as checks
from copydesk.evaluation import time_checks
from copydesk.evaluation.article_checks import Article, LoadedSpan, Report, Shown
from copydesk.pipeline import Progress, quiet
from copydesk.writers import ExtractiveWriter

SUBDIR = "stories/basil-dev"


@dataclass
class Story:
    """One gold story: its reports as the writer reads them, and as the checks read them."""

    id: str
    docs: list[SourceDoc]
    reports: list[Report]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise CopydeskError(f"{path}:{n}: not JSON: {exc}") from None
    return rows


def _loaded_spans(row: dict[str, Any]) -> list[LoadedSpan]:
    """The article's lexical-bias spans outside quotes, each with the annotated sentence around it."""
    sentences = [s for paragraph in row.get("paragraphs", []) for s in paragraph]
    out = []
    for span in row.get("phrase-level-annotations", []):
        if span.get("bias") != "lex" or span.get("quote") == "yes":
            continue
        start, end, txt = span["start"], span["end"], span["txt"]
        for sentence in sentences:
            if sentence[start:end] == txt:
                out.append(LoadedSpan(txt, sentence[max(0, start - 15) : end + 15]))
                break
    return out


def read_stories(path: Path) -> list[Story]:
    """The gold stories of a BASIL-style folder (articles.jsonl, and annotations.jsonl when present)."""
    folder = path if path.is_dir() else path.parent
    articles = _read_jsonl(folder / "articles.jsonl")
    notes = folder / "annotations.jsonl"
    spans = {row["uuid"]: _loaded_spans(row) for row in _read_jsonl(notes)} if notes.exists() else {}
    by_story: dict[str, list[dict[str, Any]]] = {}
    for row in articles:
        by_story.setdefault(row["story"], []).append(row)
    stories, next_id = [], 0
    for story_id, rows in by_story.items():
        rows.sort(key=lambda r: r.get("published") or "")  # as `copydesk write` reads a story's articles
        docs, reports = [], []
        for row in rows:
            published = datetime.fromisoformat(row["published"]) if row.get("published") else None
            title = row.get("title", "").strip() or row.get("main_event", "")
            passages = read_passages(next_id, row["text"])
            docs.append(SourceDoc(next_id, title, row.get("outlet", ""), published, passages))
            day = published.date() if published else None
            texts = [p.text for p in passages]
            reports.append(
                Report(title, row.get("outlet", ""), day, texts, spans.get(row.get("uuid", ""), []))
            )
            next_id += 1
        stories.append(Story(story_id, docs, reports))
    return stories


def _embed(stories: list[Story], embedder: Any) -> dict[int, np.ndarray]:
    """Every report's passage rows, the needed ones embedded in one call, as `copydesk write` does."""
    docs = [d for s in stories for d in s.docs]
    needed = [(d.id, i, p.text) for d in docs for i, p in enumerate(d.passages) if needs_vector(p.text)]
    rows = embedder.embed([text for _, _, text in needed]) if needed else []
    out = {d.id: np.zeros((len(d.passages), DIMENSIONS), dtype=np.float32) for d in docs}
    for (doc, i, _), row in zip(needed, rows, strict=True):
        out[doc][i] = row
    return out


def published(draft: Draft, docs: list[SourceDoc]) -> Article:
    """The draft as the page shows it: verified sentences only, each knowing where it was cut from."""
    index = {d.id: k for k, d in enumerate(docs)}
    position = {(p.source_id, p.start): i for d in docs for i, p in enumerate(d.passages)}
    shown = []
    for sentence, verdict in zip(draft.sentences(), verify_draft(draft), strict=True):
        if verdict.verified and sentence.citations:
            own = sentence.citations[0]
            shown.append(Shown(sentence.text, index[own.source_id], position[(own.source_id, own.start)]))
    headings = [s.heading for s in draft.sections if s.heading]
    return Article(draft.headline, shown, headings)


def write_story(story: Story, vectors: dict[int, np.ndarray]) -> Draft:
    return ExtractiveWriter().write(story.docs, [vectors[d.id] for d in story.docs])


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def run(path: Path, progress: Progress[Any] = quiet, embedder: Any = None) -> dict[str, Any]:
    from copydesk.embedding import sentence_embedder

    start = time.perf_counter()
    stories = read_stories(path)
    vectors = _embed(stories, embedder or sentence_embedder())
    totals: Counter[str] = Counter()
    lengths, headings, fact_shares = [], Counter[str](), []
    for story in progress(stories, "Writing stories", len(stories)):
        try:
            article = published(write_story(story, vectors), story.docs)
        except WriterError:
            totals["unwritten"] += 1
            continue
        totals.update(tally(article, story.reports))
        shared, found = checks.shared_facts_found(article, story.reports)
        if shared:
            fact_shares.append(found / shared)
        lengths.append(len(article.sentences))
        headings.update(article.headings)
    return figures_of(len(stories), totals, lengths, headings, fact_shares, time.perf_counter() - start)


def tally(article: Article, reports: list[Report]) -> Counter[str]:
    """The counts of one article."""
    loaded, unattributed = checks.loaded_unattributed(article, reports)
    anchored, wrong = time_checks.wrong_dates(article, reports)
    shared, found = checks.shared_facts_found(article, reports)
    return Counter(
        {
            "sentences": len(article.sentences),
            "loaded_published": loaded,
            "loaded_unattributed": unattributed,
            "dangling": len(checks.dangling(article, reports)),
            "datelines": checks.datelines(article),
            "headline_copied": checks.headline_copied(article, reports),
            "dek_copied": checks.dek_copied(article, reports),
            "future_dek": time_checks.future_dek(article),
            "dates_anchored": anchored,
            "dates_wrong": wrong,
            "dates_in_conflict": time_checks.days_in_conflict(article, reports),
            "shared_facts": shared,
            "shared_facts_found": found,
        }
    )


def figures_of(
    n: int,
    totals: Counter[str],
    lengths: list[int],
    headings: Counter[str],
    fact_shares: list[float],
    seconds: float,
) -> dict[str, Any]:
    written = len(lengths)
    figures: dict[str, Any] = {"stories": n, "written": written, "unwritten": totals["unwritten"]}
    for key in (
        "sentences",
        "loaded_published",
        "loaded_unattributed",
        "dangling",
        "datelines",
        "headline_copied",
        "dek_copied",
        "future_dek",
        "dates_anchored",
        "dates_wrong",
        "dates_in_conflict",
    ):
        figures[key] = totals[key]
    figures["dangling_share"] = _share(totals["dangling"], totals["sentences"])
    figures["shared_facts_share"] = _share(totals["shared_facts_found"], totals["shared_facts"])
    figures["shared_facts_mean"] = round(statistics.fmean(fact_shares), 4) if fact_shares else 0.0
    figures["length_min"] = min(lengths, default=0)
    figures["length_median"] = statistics.median(lengths) if lengths else 0
    figures["length_max"] = max(lengths, default=0)
    figures["lengths"] = dict(sorted(Counter(lengths).items()))
    figures["headings_top"] = dict(headings.most_common(5))
    figures["seconds"] = round(seconds, 1)
    return figures


def format_report(f: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"Stories: {f['written']} of {f['stories']} gold stories written "
            f"({f['sentences']} sentences published)",
            f"  loaded spans published: {f['loaded_published']}, without naming their outlet: "
            f"{f['loaded_unattributed']}",
            f"  sentences leaning on what the article has not told: {f['dangling']} "
            f"({f['dangling_share']:.1%})",
            f"  datelines: {f['datelines']}   headlines copied: {f['headline_copied']}   deks that are an "
            f"outlet's opening: {f['dek_copied']}   deks in the future tense: {f['future_dek']}",
            f"  names and numbers all reports give, kept: {f['shared_facts_share']:.1%} "
            f"(mean per story {f['shared_facts_mean']:.1%})",
            f"  relative dates anchored: {f['dates_anchored']}, against their tense: {f['dates_wrong']}, "
            f"weekdays anchored to two days on one page: {f['dates_in_conflict']}",
            f"  sentences per article: min {f['length_min']}, median {f['length_median']}, max "
            f"{f['length_max']}; {f['lengths']}",
            f"  headings most used: {f['headings_top']}",
            f"  time: {f['seconds']} s",
        ]
    )


def as_text(draft: Draft, article: Article, story: Story) -> str:
    """A published article as plain text, with its sources, for a reader to judge."""
    lines = [article.headline, ""]
    shown = {s.text for s in article.sentences}
    for k, section in enumerate(draft.sections):
        if section.heading:
            lines += ["", f"## {section.heading}"]
        if k == 0:
            lines.append(f"[dek] {draft.dek.text}" if draft.dek.text in shown else "[dek withheld]")
        for paragraph in section.paragraphs:
            lines.append(" ".join(s.text for s in paragraph if s.text in shown))
    lines += ["", "Sources:"]
    for report in story.reports:
        lines.append(f"- {report.outlet}, {report.published}: {report.title}")
    return "\n".join(lines)
