"""Writing: draft each story that has new sources, verify every sentence, publish a revision.

Every story is written on its own: when one fails (its sources hold nothing publishable, or a bug),
the reason is stored on it (`Story.write_error`), it waits until its sources change (assigning or
moving an article marks it `needs_writing` again), and the run goes on with the others.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import OperationalError, transaction

from copydesk.core.differences import Difference
from copydesk.core.types import DraftSentence, SourceDoc, Verdict
from copydesk.embedding import Embedder, sentence_embedder
from copydesk.errors import WriterError
from copydesk.newsroom.models import Citation, Revision, Section, Sentence, SourceArticle, Story
from copydesk.pipeline import Progress, quiet
from copydesk.pipeline.drafting import Written, draft_story
from copydesk.pipeline.passages import embed_passages, source_doc
from copydesk.writers import Writer
from copydesk.writers.judge import ModelJudge

CHUNK = 32
"""Stories prepared together: the sentences of their articles are embedded in one batched call."""


@dataclass(frozen=True)
class Failure:
    """A story that could not be written this run, and why."""

    story_id: int
    slug: str
    reason: str


@dataclass
class WriteReport:
    """What one write run did."""

    published: int = 0
    waiting: int = 0
    sentences: int = 0
    withheld: int = 0
    fallbacks: int = 0
    """Stories the extractive writer drafted because the configured writer failed."""
    withdrawn: int = 0
    """Published stories taken down: an editor moved sources out and too few are left."""
    failures: list[Failure] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{self.published} stories published, {self.waiting} waiting for more sources, "
            f"{self.sentences} sentences ({self.withheld} withheld)"
        )
        if self.fallbacks:
            text += f", {self.fallbacks} drafted by the extractive writer after the model failed"
        if self.withdrawn:
            text += f", {self.withdrawn} withdrawn (too few sources left after an editor's correction)"
        if self.failures:
            text += f", {len(self.failures)} failed to write (each waits until its sources change)"
        return text

    def failure_lines(self) -> list[str]:
        return [f"failed to write story #{f.story_id} ({f.slug}): {f.reason}" for f in self.failures]


def _differences_json(differences: list[Difference]) -> list[dict[str, object]]:
    return [
        {"what": d.what, "values": [{"value": value, "sources": list(ids)} for value, ids in d.values]}
        for d in differences
    ]


def _save_sentence(
    revision: Revision,
    section: Section | None,
    paragraph: int,
    position: int,
    sentence: DraftSentence,
    verdict: Verdict,
) -> None:
    row = Sentence.objects.create(
        revision=revision,
        section=section,
        paragraph=paragraph,
        position=position,
        text=sentence.text,
        verified=verdict.verified,
        withheld_reason="; ".join(verdict.reasons),
    )
    Citation.objects.bulk_create(
        Citation(sentence=row, source_id=p.source_id, start=p.start, end=p.end, quote=p.text)
        for p in sentence.citations
    )


def _articles(n: int, kind: str = "") -> str:
    return f"{n} {kind}source article{'' if n == 1 else 's'}"


def _note(story: Story, articles: list[SourceArticle]) -> str:
    previous = story.revisions.order_by("-number").first()
    if previous is None:
        return f"First published from {_articles(len(articles))}."
    known = set(previous.sources.values_list("id", flat=True))
    new = [a for a in articles if a.id not in known]
    gone = known - {a.id for a in articles}
    # an editor's move is recorded as a Correction; any other was the grouping's second look
    corrected = story.corrections_out.filter(article_id__in=gone).values_list("article_id", flat=True)
    by_editors = len(set(corrected))
    parts = []
    if new:
        outlets = ", ".join(sorted({a.outlet_name for a in new}))
        parts.append(f"Updated with {_articles(len(new), 'new ')} ({outlets})")
    if by_editors:
        parts.append(f"{_articles(by_editors)} moved to another story by the editors")
    if len(gone) > by_editors:
        parts.append(f"{_articles(len(gone) - by_editors)} moved to another story by the grouping")
    return "; ".join(parts) + "." if parts else "Written again from the same sources."


def publish(story: Story, articles: list[SourceArticle], written: Written, now: datetime) -> Revision:
    """Store the verified draft as the story's next revision, in one transaction."""
    draft = written.draft
    verdicts = iter(written.verdicts)
    note = " ".join(filter(None, (_note(story, articles), written.fallback, written.judged)))
    with transaction.atomic():
        # The story's row first, as grouping takes it (then the page stamp its triggers bump): two workers,
        # one grouping and one publishing, take the same locks in the same order and never deadlock.
        list(Story.objects.select_for_update().filter(id=story.id).values_list("id", flat=True))
        number = (story.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        revision = Revision.objects.create(
            story=story,
            number=number,
            created_at=now,
            headline=draft.headline,
            writer=draft.writer,
            note=note[:500],
            differences=_differences_json(written.differences),
        )
        revision.sources.set(articles)
        _save_sentence(revision, None, 0, 0, draft.dek, next(verdicts))
        for s, part in enumerate(draft.sections):
            section = Section.objects.create(revision=revision, position=s, heading=part.heading)
            for p, paragraph in enumerate(part.paragraphs):
                for i, sentence in enumerate(paragraph):
                    _save_sentence(revision, section, p, i, sentence, next(verdicts))
        shown = revision.sentences.filter(verified=True).count()
        revision.sentence_count = revision.sentences.count()
        revision.verified_count = shown
        revision.withheld_count = revision.sentence_count - shown
        revision.save()
        story.current = revision
        # An article that joined (or left) while this one was being written keeps the story marked: the
        # next run writes it again with its sources as they are now.
        now_in = set(SourceArticle.objects.filter(story=story).values_list("id", flat=True))
        story.needs_writing = now_in != {a.id for a in articles}
        story.write_error, story.write_failed_at = "", None
        story.save(update_fields=["current", "needs_writing", "write_error", "write_failed_at"])
    return revision


def ready(articles: list[SourceArticle], min_sources: int) -> bool:
    """The publishing rule: enough articles from enough different outlets."""
    outlets = {a.outlet_id or f"article-{a.id}" for a in articles}
    return len(articles) >= min_sources and len(outlets) >= min_sources


def _lost_sources(story: Story, articles: list[SourceArticle]) -> bool:
    """Whether the story's published revision cites sources that are no longer in it."""
    if story.current is None:
        return False
    return story.current.sources.exclude(id__in=[a.id for a in articles]).exists()


@dataclass
class _Job:
    """A story to write, with what was read of it: its articles, and their passages once it is ready."""

    story: Story
    articles: list[SourceArticle] = field(default_factory=list)
    docs: list[SourceDoc] | None = None
    """None while it waits for more sources (it is not embedded, not written)."""
    error: Exception | None = None


def _prepare(story: Story, min_sources: int) -> _Job:
    try:
        articles = list(story.articles.select_related("outlet").order_by("published", "id"))
        if not articles or not ready(articles, min_sources):
            return _Job(story, articles)
        return _Job(story, articles, [source_doc(a) for a in articles])
    except Exception as exc:  # recorded on the story; the run goes on
        return _Job(story, error=exc)


def _jobs(stories: list[Story], min_sources: int, embedder: Embedder) -> Iterator[_Job]:
    """The stories, read CHUNK at a time, with the sentences of their articles embedded together."""
    for start in range(0, len(stories), CHUNK):
        jobs = [_prepare(story, min_sources) for story in stories[start : start + CHUNK]]
        ready_jobs = [(j.articles, j.docs) for j in jobs if j.docs is not None]
        # Only sooner, not necessarily: should the batch fail, each story embeds its own sentences
        # when it is written, and the failure is recorded on the story it belongs to.
        with contextlib.suppress(Exception):
            embed_passages(
                [a for articles, _ in ready_jobs for a in articles],
                [d for _, docs in ready_jobs for d in docs],
                embedder,
            )
        yield from jobs


def failure_reason(exc: Exception) -> str:
    """A writer's own reason, or an unexpected error's class, message and where it was raised."""
    if isinstance(exc, WriterError):
        return str(exc)
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def _record_failure(story: Story, exc: Exception, now: datetime, report: WriteReport) -> None:
    """The story waits, with the reason, until its sources change (it is not tried at every run)."""
    reason = failure_reason(exc)
    Story.objects.filter(id=story.id).update(write_error=reason, write_failed_at=now, needs_writing=False)
    report.failures.append(Failure(story.id, story.slug, reason))


def _write_one(
    job: _Job,
    now: datetime,
    embedder: Embedder,
    writer: Writer | None,
    report: WriteReport,
    judge: ModelJudge | None = None,
) -> None:
    story, articles = job.story, job.articles
    if job.docs is None:
        lost = _lost_sources(story, articles)
        report.withdrawn += lost
        report.waiting += not lost
        if lost or story.write_error:  # it no longer fails: it waits for sources, or is withdrawn
            story.current = None if lost else story.current
            story.write_error, story.write_failed_at = "", None
            story.save(update_fields=["current", "write_error", "write_failed_at"])
        return
    vectors = embed_passages(articles, job.docs, embedder)  # stored already, unless the batch failed
    written = draft_story(job.docs, vectors, embedder, writer, judge)
    revision = publish(story, articles, written, now)
    report.published += 1
    report.fallbacks += written.fallback is not None
    report.sentences += revision.sentence_count
    report.withheld += revision.withheld_count


def write_stories(
    now: datetime,
    min_sources: int = 2,
    embedder: Embedder | None = None,
    progress: Progress = quiet,
    writer: Writer | None = None,
    judge: ModelJudge | None = None,
    only: Iterable[int] | None = None,
    raise_lock_errors: bool = False,
) -> WriteReport:
    """Write and publish every story that has new sources and meets the publishing rule (of `only`, these
    stories' ids, when given: a worker writes one story per task). With `raise_lock_errors` a database
    error that is no fault of the story (a deadlock PostgreSQL broke, a lost connection) is raised rather
    than recorded on it: the worker's job is tried again and the story stays marked.

    `writer` drafts (default: the extractive writer); when it fails on a story, the extractive
    writer drafts that story and the revision's note says why. A story that cannot be written at
    all is listed in the report's failures and keeps its reason (`Story.write_error`).
    """
    report = WriteReport()
    embedder = embedder or sentence_embedder()
    marked = Story.objects.filter(needs_writing=True).select_related("current")
    stories = list(marked if only is None else marked.filter(id__in=list(only)))
    for job in progress(_jobs(stories, min_sources, embedder), "Writing stories", len(stories)):
        try:
            if job.error is not None:
                raise job.error
            _write_one(job, now, embedder, writer, report, judge)
        except OperationalError as exc:
            if raise_lock_errors:
                raise
            _record_failure(job.story, exc, now, report)
        except Exception as exc:  # one story never stops the others
            _record_failure(job.story, exc, now, report)
    return report
