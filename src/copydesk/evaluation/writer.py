"""`copydesk eval writer`: the extractive writer's dek and lead against NeuS editors' summaries.

For every story of a NeuS `.source` file the three reports go to the writer as they would in
production (sentences as passages, embedded with the bundled model); the dek and lead are scored
with ROUGE-1/2/L (F-measure, stemmed, `rouge-score`) against the `.target` summary, side by side with
two baselines computed in the same run and cut to the same number of words: the opening of the first
listed report, and a LexRank summary (sumy) of all three. `verified_share` is the share of all the
draft's sentences that the verifier passes.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import numpy as np

from copydesk.core.extractive import write_extractive
from copydesk.core.meaning import needs_vector
from copydesk.core.text import split_sentences
from copydesk.core.types import Draft, Passage, SourceDoc
from copydesk.core.verify import verify_draft
from copydesk.embedding import DIMENSIONS
from copydesk.errors import WriterError
from copydesk.evaluation.neus import SUBDIR as NEUS
from copydesk.evaluation.neus import Story, read_stories
from copydesk.pipeline import Progress, quiet

SUBDIR = NEUS
METRICS = ("rouge1", "rouge2", "rougeL")


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


class _Tokenizer:
    """sumy's tokenizer interface over Copydesk's sentence splitter (sumy's own needs NLTK data)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"\w+", sentence)


def cut(texts: list[str], words: int) -> str:
    """The texts joined, cut to `words` words."""
    return " ".join(" ".join(texts).split()[:words])


def lexrank(story: Story, words: int) -> str:
    """A LexRank summary of the story's reports: enough top sentences for `words` words, cut there."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    text = "\n\n".join(r.text for r in story.reports)
    document = PlaintextParser.from_string(text, _Tokenizer()).document
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    for count in range(1, len(document.sentences) + 1):
        chosen = [str(s) for s in summarizer(document, count)]
        if len(" ".join(chosen).split()) >= words:
            break
    return cut(chosen, words)


def draft_of(story: Story, embedder: Any) -> Draft:
    docs = []
    for i, report in enumerate(story.reports):
        passages = tuple(Passage(i, a, b, report.text[a:b]) for a, b in split_sentences(report.text))
        docs.append(SourceDoc(i, report.title, f"source {i + 1}", None, passages))
    # As in production: one call (batches of like length), only the passages compared by meaning.
    passages = [p for d in docs for p in d.passages]
    needed = [i for i, p in enumerate(passages) if needs_vector(p.text)]
    rows = np.zeros((len(passages), DIMENSIONS), dtype=np.float32)
    rows[needed] = embedder.embed([passages[i].text for i in needed])
    ends = np.cumsum([len(d.passages) for d in docs])[:-1]
    return write_extractive(docs, np.split(rows, ends))


def summary_of(draft: Draft) -> str:
    """What is scored: the dek and the lead."""
    lead = [s.text for paragraph in draft.sections[0].paragraphs for s in paragraph]
    return " ".join([draft.dek.text, *lead])


def run(path: Path, progress: Progress[Any] = quiet, embedder: Any = None) -> dict[str, Any]:
    from rouge_score import rouge_scorer

    from copydesk.embedding import sentence_embedder

    embedder = embedder or sentence_embedder()
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    stories = [s for s in read_stories(path) if s.summary]
    totals: dict[str, float] = {}
    checked = verified = failed = 0
    start = time.perf_counter()
    for story in progress(stories, "Writing NeuS stories", len(stories)):
        try:
            draft = draft_of(story, embedder)
        except WriterError:  # nothing fit to publish: scored as an empty summary
            failed += 1
            continue
        generated = summary_of(draft)
        length = len(generated.split())
        candidates = {
            "": generated,
            "lead_": cut(sentences(story.reports[0].text), length),
            "lexrank_": lexrank(story, length),
        }
        for prefix, text in candidates.items():
            scores = scorer.score(story.summary or "", text)
            for metric in METRICS:
                totals[prefix + metric] = totals.get(prefix + metric, 0.0) + scores[metric].fmeasure
        verdicts = verify_draft(draft)
        checked += len(verdicts)
        verified += sum(v.verified for v in verdicts)
    n = len(stories)
    figures: dict[str, Any] = {"stories": n}
    for prefix in ("", "lead_", "lexrank_"):
        for metric in METRICS:
            figures[prefix + metric] = round(totals.get(prefix + metric, 0.0) / n, 4) if n else 0.0
    figures["verified_share"] = round(verified / checked, 4) if checked else 0.0
    figures["unwritten"] = failed
    figures["seconds"] = round(time.perf_counter() - start, 1)
    return figures


def format_report(f: dict[str, Any]) -> str:
    rows = [("Copydesk dek + lead", ""), ("first report's opening", "lead_"), ("LexRank (sumy)", "lexrank_")]
    lines = [f"Writer: {f['stories']} NeuS stories, ROUGE F1 against the editors' summaries"]
    for label, prefix in rows:
        scores = "  ".join(f"{m.upper()} {f[prefix + m]:.4f}" for m in METRICS)
        lines.append(f"  {label:<24} {scores}")
    lines.append(f"  sentences verified: {f['verified_share']:.2%}   stories not written: {f['unwritten']}")
    lines.append(f"  time: {f['seconds']} s")
    return "\n".join(lines)
