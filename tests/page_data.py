"""A newsroom of any size written straight into the database, for tests of what pages cost.

No embedder and no writer: stories, revisions, sentences, citations, sources, copies, related links and
thoughts are made as rows, so a test can grow each of them tenfold and compare.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import User

from copydesk.discussion.models import Thought
from copydesk.newsroom.models import (
    Citation,
    Duplicate,
    Outlet,
    RelatedStory,
    Revision,
    Section,
    Sentence,
    SourceArticle,
    Story,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Size:
    stories: int = 3
    sentences: int = 4  # per section, two sections
    sources: int = 2
    related: int = 2
    thoughts: int = 2  # per story, each with one reply
    revisions: int = 1


def _story(n: int, size: Size, outlets: list[Outlet], author: User, prefix: str) -> Story:
    when = START + timedelta(hours=n)
    story = Story.objects.create(
        slug=f"{prefix}-story-{n}", created_at=when, last_seen=when, size=size.sources
    )
    articles = [
        SourceArticle.objects.create(
            url=f"https://news.example/{prefix}/{n}/{k}",
            outlet=outlets[k % len(outlets)],
            title=f"Report {k} on event {n}",
            text=f"Event {n} happened on Monday. It was reported by outlet {k}. " * 3,
            published=when,
            fingerprint=f"{prefix}-{n}-{k}",
            ingested_at=when,
            story=story,
        )
        for k in range(size.sources)
    ]
    Duplicate.objects.create(
        article=articles[0],
        url=f"https://copy.example/{prefix}/{n}",
        title="A copy",
        kind="url",
        seen_at=when,
    )
    for number in range(1, size.revisions + 1):
        revision = Revision.objects.create(
            story=story,
            number=number,
            created_at=when + timedelta(minutes=number),
            headline=f"Headline of event {n}",
            writer="extractive",
            note=f"Revision {number}.",
            sentence_count=1 + 2 * size.sentences,
            verified_count=1 + 2 * size.sentences,
        )
        revision.sources.set(articles)
        dek = Sentence.objects.create(revision=revision, position=0, text=f"Dek of event {n}.", verified=True)
        Citation.objects.create(sentence=dek, source=articles[0], start=0, end=10, quote="Event happened")
        for s in range(2):
            section = Section.objects.create(
                revision=revision, position=s, heading=f"Part {s}" if s else None
            )
            sentences = Sentence.objects.bulk_create(
                Sentence(
                    revision=revision,
                    section=section,
                    paragraph=i // 3,
                    position=i,
                    text=f"Sentence {i} of part {s} of event {n}, said on Monday.",
                    verified=True,
                )
                for i in range(size.sentences)
            )
            Citation.objects.bulk_create(
                Citation(sentence=sentence, source=a, start=0, end=5, quote=f"quote {sentence.position}")
                for sentence in sentences
                for a in articles
            )
        story.current = revision
    story.save()
    for t in range(size.thoughts):
        root = Thought.objects.create(story=story, author=author, body=f"Thought *{t}* on {n}")
        Thought.objects.create(story=story, author=author, parent=root, body=f"Reply to {t}")
    return story


def build(size: Size, prefix: str = "s") -> list[Story]:
    """`size.stories` published stories, each related to the next `size.related` ones."""
    outlets = [Outlet.objects.get_or_create(name=f"Outlet {k}")[0] for k in range(max(size.sources, 1))]
    author = User.objects.get_or_create(username="thinker")[0]
    stories = [_story(n, size, outlets, author, prefix) for n in range(size.stories)]
    RelatedStory.objects.bulk_create(
        RelatedStory(story=story, other=stories[(i + r) % len(stories)], rank=r, score=0.5)
        for i, story in enumerate(stories)
        for r in range(1, min(size.related, len(stories) - 1) + 1)
    )
    return stories


def only_these_published(stories: list[Story]) -> list[Story]:
    """Unpublish every other story for the test (rolled back after it): the suite's demo newsroom, made
    once per session, would otherwise share lists, feeds and counts with `stories`."""
    Story.objects.exclude(pk__in=[s.pk for s in stories]).update(current=None)
    return stories
