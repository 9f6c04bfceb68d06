"""Grouping: embed new articles and carry out the core's decisions to join a story or start one.

One run takes every article without a story, oldest first:
1. embed the ones not embedded yet (title and lead, once per article), storing the vectors a few hundred
   per transaction;
2. load the stories active in the time window around them (an index on their dates, never the whole
   archive) with their articles' vectors and openings, and count how rare each word is among those articles
   and the new ones;
3. let the core decide, article by article, to join a story or start one (`decide`), then take a second look
   at the batch once it is all placed (`settle`);
4. write each touched story in a transaction of its own. A crash leaves the rest unassigned for the next run.

Only articles without a story are grouped: an article, once placed (by this step or by an editor's
correction, `copydesk.pipeline.corrections`), is never moved by a later run.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models.functions import Substr
from django.utils.text import slugify

from copydesk.core.clustering import (
    WORDS_CHARS,
    ArticleProfile,
    ClusteringOptions,
    NameRarity,
    StoryIndex,
    StoryProfile,
    lead_text,
    weigh,
    words,
    words_text,
)
from copydesk.core.settling import place
from copydesk.embedding import Embedder, default_embedder, from_blob, to_blob
from copydesk.newsroom.models import SourceArticle, Story
from copydesk.pipeline import Progress, quiet

#: Articles whose vectors are stored in one transaction.
STORE_CHUNK = 200


def embedding_text(article: SourceArticle) -> str:
    """What an article's vector stands for: its title and lead."""
    return lead_text(article.title, article.text)


def embed_missing(articles: list[SourceArticle], embedder: Embedder) -> None:
    """Compute and store the vectors that are not stored yet (once per article)."""
    todo = [a for a in articles if not a.embedding]
    if not todo:
        return
    for article, vector in zip(todo, embedder.embed([embedding_text(a) for a in todo]), strict=True):
        article.embedding = to_blob(vector)
    # a few hundred rows per transaction: one bulk_update of 10,000 articles held SQLite's write lock for
    # 2.8 s (readers' writes, a sign-in, wait that long); in chunks of 200 the longest hold is 0.15 s
    for start in range(0, len(todo), STORE_CHUNK):
        SourceArticle.objects.bulk_update(todo[start : start + STORE_CHUNK], ["embedding"])


@dataclass
class _Read:
    """What grouping reads of one article, before word rarity is known."""

    id: int
    story_id: int | None
    vector: bytes
    names: frozenset[str]
    published: datetime | None
    counts: Counter[str]

    def profile(self, rarity: NameRarity) -> ArticleProfile:
        return ArticleProfile(from_blob(self.vector), self.names, self.published, weigh(self.counts, rarity))


def _window(articles: list[SourceArticle], options: ClusteringOptions) -> tuple[datetime, datetime] | None:
    dates = [a.published for a in articles if a.published is not None]
    return (min(dates) - options.window, max(dates) + options.window) if dates else None


def _members(window: tuple[datetime, datetime] | None) -> list[_Read]:
    """The articles of the stories active in the window around the new articles (not the whole archive)."""
    stories = Story.objects.all()
    if window is not None:
        stories = stories.filter(last_seen__range=window)
    rows = (
        SourceArticle.objects.filter(story__in=stories.values("id"), embedding__isnull=False)
        .annotate(opening=Substr("text", 1, WORDS_CHARS))
        .values_list("id", "story_id", "title", "opening", "embedding", "names", "published")
        .iterator()
    )
    return [
        _Read(i, story, bytes(vector), frozenset(names), published, words(words_text(title, opening)))
        for i, story, title, opening, vector, names, published in rows
    ]


def unique_slug(title: str) -> str:
    base = slugify(title)[:80].strip("-") or "story"
    slug, n = base, 2
    while Story.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def store_profile(story: Story, profile: StoryProfile) -> None:
    """Keep on the story what later grouping and relating read of it (not saved here)."""
    story.centroid = to_blob(profile.centroid)
    story.names = sorted(profile.names)
    story.last_seen = profile.last_seen
    story.size = profile.size


def _write(story_id: int, joining: list[SourceArticle], profile: StoryProfile, now: datetime) -> None:
    """Write one story's decision: the articles join it (or found it); its profile is stored."""
    with transaction.atomic():
        if story_id < 0:
            story = Story.objects.create(slug=unique_slug(joining[0].title), created_at=now)
        else:
            story = Story.objects.select_for_update().get(id=story_id)
        store_profile(story, profile)
        story.needs_writing = True
        story.save()
        SourceArticle.objects.filter(id__in=[a.id for a in joining]).update(story=story)
        for article in joining:
            article.story = story


def assign_new(
    now: datetime,
    options: ClusteringOptions | None = None,
    embedder: Embedder | None = None,
    progress: Progress = quiet,
) -> int:
    """Assign every article without a story, oldest first. Returns how many were assigned."""
    options = options or ClusteringOptions()
    articles = list(SourceArticle.objects.filter(story__isnull=True).order_by("published", "id"))
    if not articles:
        return 0
    embed_missing(articles, embedder or default_embedder())
    members = _members(_window(articles, options))
    new = [
        _Read(
            a.id,
            None,
            bytes(a.embedding),
            frozenset(a.names),
            a.published,
            words(words_text(a.title, a.text)),
        )
        for a in articles
    ]
    rarity = NameRarity.of(r.counts for r in [*members, *new])
    by_story: dict[int, list[ArticleProfile]] = defaultdict(list)
    for member in members:
        if member.story_id is not None:
            by_story[member.story_id].append(member.profile(rarity))
    index = StoryIndex(StoryProfile.of(story_id, profiles) for story_id, profiles in by_story.items())

    profiles = [read.profile(rarity) for read in progress(new, "Grouping into stories", len(new))]
    # ids of stories not written yet are negative
    placed = place(profiles, index, options, itertools.count(-1, -1))

    joining: dict[int, list[int]] = defaultdict(list)
    for position, story_id in enumerate(placed):
        joining[story_id].append(position)
    for story_id, positions in joining.items():
        everyone = by_story.get(story_id, []) + [profiles[p] for p in positions]
        _write(story_id, [articles[p] for p in positions], StoryProfile.of(story_id, everyone), now)
    return len(articles)
