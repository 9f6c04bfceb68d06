"""Drafting a story and checking the draft: the configured writer (the extractive one when it fails), the
rules and, for a model's draft, the support model or the operator's model judge; where sources differ."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from copydesk.core.differences import Difference, find_differences
from copydesk.core.headlines import clean_headline
from copydesk.core.people import People
from copydesk.core.second_reference import named_again
from copydesk.core.types import Draft, SourceDoc, Verdict
from copydesk.core.verify import verify_draft, verify_sentence
from copydesk.embedding import Embedder
from copydesk.support_model import support_model
from copydesk.writers import ExtractiveWriter, Writer, write_with_fallback
from copydesk.writers.judge import ModelJudge


@dataclass(frozen=True)
class Written:
    """A story's draft with everything publishing needs: verdicts, differences, and who wrote it."""

    draft: Draft
    verdicts: list[Verdict]
    differences: list[Difference]
    fallback: str | None
    """Why the extractive writer stood in for the configured one, or None."""
    judged: str | None = None
    """Who judged a model's sentences when a model judge is configured, for the revision's note."""


def closeness(
    draft: Draft, docs: list[SourceDoc], vectors: list[np.ndarray], embedder: Embedder
) -> list[float]:
    """For each sentence (dek first), its cosine with the closest passage it cites.

    A cited passage that was not embedded (a zero row: no writer compares it by meaning otherwise) is
    embedded here, with the draft's sentences.
    """
    rows = {
        (p.source_id, p.start): v
        for doc, vs in zip(docs, vectors, strict=True)
        for p, v in zip(doc.passages, vs, strict=True)
    }
    sentences = draft.sentences()
    unread = {
        (c.source_id, c.start): c.text
        for s in sentences
        for c in s.citations
        if (c.source_id, c.start) in rows and not rows[(c.source_id, c.start)].any()
    }
    embedded = embedder.embed([s.claim for s in sentences] + list(unread.values()))
    own = embedded[: len(sentences)]
    rows.update(zip(unread, embedded[len(sentences) :], strict=True))
    out = []
    for sentence, vector in zip(sentences, own, strict=True):
        cited = [rows[(c.source_id, c.start)] for c in sentence.citations if (c.source_id, c.start) in rows]
        out.append(max((float(vector @ row) for row in cited), default=0.0))
    return out


def checked_headline(draft: Draft, docs: list[SourceDoc]) -> str:
    """A model's headline stands only if its facts are in the passages the draft cites.

    Otherwise the headline is the title of the report the dek cites first.
    """
    cited = [c for s in draft.sentences() for c in s.citations]
    if verify_sentence(draft.headline, cited).verified:
        return draft.headline
    first = draft.dek.citations[0].source_id if draft.dek.citations else docs[0].id
    doc = next((d for d in docs if d.id == first), docs[0])
    return clean_headline(doc.title, doc.outlet)


def judged_draft(
    draft: Draft, similarities: list[float], judge: ModelJudge | None
) -> tuple[list[Verdict], str | None]:
    """A model's draft checked: the rules first (their veto stands), then, for each sentence they pass,
    the model judge when one is configured and answers, else the bundled support model. With a judge,
    also a note of who judged how many."""
    if judge is None:
        return verify_draft(draft, similarities, support_model()), None
    verdicts, by_judge, by_bundled = [], 0, 0
    for sentence, similarity in zip(draft.sentences(), similarities, strict=True):
        verdict = verify_sentence(sentence.claim, sentence.citations)
        answer = (
            judge.judge(sentence.claim, [c.text for c in sentence.citations]) if verdict.verified else None
        )
        if answer is not None:
            by_judge += 1
            reason = f"the model judge ({judge.name}) found: {answer.reason or 'not supported'}"
            verdict = Verdict(answer.supported, () if answer.supported else (reason,))
        elif verdict.verified:
            by_bundled += 1
            verdict = verify_sentence(sentence.claim, sentence.citations, similarity, support_model())
        verdicts.append(verdict)
    note = f"Sentences judged by the model judge {judge.name}: {by_judge}"
    return verdicts, note + (
        f"; by the bundled checker, the judge not answering: {by_bundled}." if by_bundled else "."
    )


def draft_story(
    docs: list[SourceDoc],
    vectors: list[np.ndarray],
    embedder: Embedder,
    writer: Writer | None = None,
    judge: ModelJudge | None = None,
) -> Written:
    """Draft a story with `writer` (the extractive one if it fails), verify it, find where sources differ.

    `vectors[k]` holds the embeddings of the passages of `docs[k]` (`embed_passages`).
    """
    passages = [p for doc in docs for p in doc.passages]
    differences = find_differences(passages, np.concatenate(vectors)) if passages else []
    extractive = ExtractiveWriter()
    draft, fallback = write_with_fallback(writer or extractive, extractive, docs, vectors)
    judged = None
    if draft.writer == extractive.name:
        verdicts = verify_draft(draft)  # its sentences are its passages: closeness is 1 by construction
    else:
        draft = replace(draft, headline=checked_headline(draft, docs))
        draft = named_again(draft, People(docs).named_once())  # a model's second mentions, as the page's
        verdicts, judged = judged_draft(draft, closeness(draft, docs, vectors, embedder), judge)
    return Written(draft, verdicts, differences, fallback, judged)
