"""Grouping: embed new articles and carry out the core's decision to join a story or start one."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.db import transaction
from django.utils.text import slugify

from copydesk.core.clustering import (
    ArticleProfile,
    Assignment,
    ClusteringOptions,
    NameRarity,
    StoryProfile,
    decide,
    join,
)
from copydesk.embedding import Embedder, default_embedder, from_blob, to_blob
from copydesk.newsroom.models import SourceArticle, Story
from copydesk.pipeline import Progress, quiet

LEAD_CHARS = 600


def embedding_text(article: SourceArticle) -> str:
    """What an article's vector stands for: its title and lead."""
    return f"{article.title}. {article.text[:LEAD_CHARS]}"


def embed_missing(articles: list[SourceArticle], embedder: Embedder) -> None:
    """Compute and store the vectors that are not stored yet (once per article)."""
    todo = [a for a in articles if not a.embedding]
    if not todo:
        return
    for article, vector in zip(todo, embedder.embed([embedding_text(a) for a in todo]), strict=True):
        article.embedding = to_blob(vector)
    SourceArticle.objects.bulk_update(todo, ["embedding"], batch_size=500)


def _profile(story: Story) -> StoryProfile | None:
    vector = story.vector()
    if vector is None:
        return None
    return StoryProfile(story.id, vector, frozenset(story.names), story.last_seen, story.size)


def _window(articles: list[SourceArticle], options: ClusteringOptions) -> tuple[datetime, datetime] | None:
    dates = [a.published for a in articles if a.published is not None]
    return (min(dates) - options.window, max(dates) + options.window) if dates else None


def _candidates(window: tuple[datetime, datetime] | None) -> dict[int, StoryProfile]:
    """Profiles of the stories active in the window around the new articles (not the whole archive)."""
    stories = Story.objects.all()
    if window is not None:
        stories = stories.filter(last_seen__range=window)
    profiles = (_profile(s) for s in stories)
    return {p.id: p for p in profiles if p is not None}


def _rarity(window: tuple[datetime, datetime] | None) -> NameRarity:
    """How often each name occurs among the articles of the window."""
    recent = SourceArticle.objects.all()
    if window is not None:
        recent = recent.filter(published__range=window)
    counts: Counter[str] = Counter()
    total = 0
    for names in recent.values_list("names", flat=True).iterator():
        counts.update(set(names))
        total += 1
    return NameRarity(counts, total)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:80].strip("-") or "story"
    slug, n = base, 2
    while Story.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _carry_out(article: SourceArticle, decision: Assignment, profile: StoryProfile, now: datetime) -> Story:
    """Write the decision: the article joins (or founds) the story, whose profile is updated."""
    with transaction.atomic():
        if decision.story_id is None:
            story = Story.objects.create(slug=_unique_slug(article.title), created_at=now)
        else:
            story = Story.objects.select_for_update().get(id=decision.story_id)
        story.centroid = to_blob(profile.centroid)
        story.names = sorted(profile.names)
        story.last_seen = profile.last_seen
        story.size = profile.size
        story.needs_writing = True
        story.save()
        article.story = story
        article.save(update_fields=["story"])
    return story


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
    window = _window(articles, options)
    stories = _candidates(window)
    rarity = _rarity(window)
    for article in progress(articles, "Grouping into stories", len(articles)):
        incoming = ArticleProfile(from_blob(article.embedding), frozenset(article.names), article.published)
        decision = decide(incoming, list(stories.values()), rarity, options)
        if decision.story_id is None:
            founded = StoryProfile(0, incoming.vector, incoming.names, incoming.published, 1)
            story = _carry_out(article, decision, founded, now)
            stories[story.id] = StoryProfile(story.id, founded.centroid, founded.names, founded.last_seen, 1)
        else:
            joined = join(stories[decision.story_id], incoming)
            _carry_out(article, decision, joined, now)
            stories[decision.story_id] = joined
    return len(articles)
