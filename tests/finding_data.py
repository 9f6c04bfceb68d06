"""Published stories written straight into the database, with the text, outlet, day and centroid a
finding test needs (search, archive, topics, entities, timelines). No embedder, no writer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

from copydesk.newsroom.models import Outlet, Revision, Section, Sentence, SourceArticle, Story


def unit_vector(seed: int, near: np.ndarray | None = None, weight: float = 0.0) -> np.ndarray:
    """A random unit vector of 384 floats; with `near`, mixed with it (`weight` of `near`)."""
    vector = np.random.default_rng(seed).normal(size=384)
    vector /= np.linalg.norm(vector)
    if near is not None:
        vector = weight * near + (1 - weight) * vector
        vector /= np.linalg.norm(vector)
    return vector.astype(np.float32)


def publish(
    slug: str,
    headline: str,
    sentences: Sequence[str],
    when: datetime,
    outlets: Sequence[str] = ("Tidewater Wire", "Calloway Review"),
    vector: np.ndarray | None = None,
    sources: Sequence[str] | None = None,
) -> Story:
    """A published story whose sources (one per outlet) say `sources` (default: its sentences)."""
    story = Story.objects.create(
        slug=slug,
        created_at=when,
        last_seen=when,
        size=len(outlets),
        centroid=(vector if vector is not None else unit_vector(len(slug))).tobytes(),
    )
    text = " ".join(sources if sources is not None else sentences)
    articles = [
        SourceArticle.objects.create(
            url=f"https://news.example/{slug}/{n}",
            outlet=Outlet.objects.get_or_create(name=name)[0],
            title=headline,
            text=text,
            published=when,
            fingerprint=f"{slug}-{n}",
            ingested_at=when,
            story=story,
        )
        for n, name in enumerate(outlets)
    ]
    revise(story, headline, sentences, when, articles)
    return story


def revise(
    story: Story,
    headline: str,
    sentences: Sequence[str],
    when: datetime | None = None,
    articles: Sequence[SourceArticle] | None = None,
) -> Revision:
    """A new revision, written as the pipeline writes one: rows first, then the story points at it."""
    when = when or datetime(2026, 11, 29, 12, tzinfo=UTC)
    number = story.revisions.count() + 1
    revision = Revision.objects.create(
        story=story, number=number, created_at=when, headline=headline, writer="extractive"
    )
    revision.sources.set(articles if articles is not None else story.articles.all())
    Sentence.objects.create(revision=revision, position=0, text=sentences[0], verified=True)
    section = Section.objects.create(revision=revision, position=0)
    Sentence.objects.bulk_create(
        Sentence(revision=revision, section=section, position=i, text=text, verified=True)
        for i, text in enumerate(sentences[1:])
    )
    story.current = revision
    story.save(update_fields=["current"])
    return revision
