"""Grouping: embed new articles and carry out the core's decisions to join a story or start one.

One run takes every article without a story, oldest first:
1. embed the ones not embedded yet (title and lead, once per article), storing the vectors a few hundred
   per transaction;
2. load the stories active in the time window around them (an index on their dates, never the whole
   archive) with their articles' vectors and openings, and count how rare each word is among those articles
   and the new ones;
3. let the core decide, article by article, to join a story or start one (`decide`), then take a second look
   at the batch once it is all placed, together with the articles of the stories closest to it (`place`,
   `settle`): a story formed before today's reports came in is judged again beside them;
4. write each touched story in a transaction of its own: the new articles join, articles the second look
   moved change story (both stories are written again), a story left without articles sends its readers
   to where they went. A crash leaves the rest unassigned for the next run.

An article placed by an editor's correction (`copydesk.pipeline.corrections`) is never moved by a run.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models.functions import Substr
from django.utils.text import slugify

from copydesk.core.article_terms import (
    WORDS_CHARS,
    NameRarity,
    lead_signals,
    lead_text,
    weigh,
    words,
    words_text,
)
from copydesk.core.clustering import ArticleProfile, ClusteringOptions, StoryIndex, StoryProfile
from copydesk.core.settling import Placement, place
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
    places: frozenset[str]
    numbers: frozenset[float]
    days: frozenset[int]
    months: frozenset[int]
    by_editor: bool = False

    def profile(self, rarity: NameRarity) -> ArticleProfile:
        return ArticleProfile(
            from_blob(self.vector),
            self.names,
            self.published,
            weigh(self.counts, rarity),
            self.places,
            self.numbers,
            self.days,
            self.months,
        )


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
        .order_by("id")  # in the order they came: the order the second look takes them in
        .annotate(opening=Substr("text", 1, WORDS_CHARS))
        .values_list(
            "id", "story_id", "title", "opening", "embedding", "names", "published", "placed_by_editor"
        )
        .iterator()
    )
    return [
        _Read(
            i,
            story,
            bytes(vector),
            frozenset(names),
            published,
            words(words_text(title, opening)),
            *lead_signals(title, opening),
            editor,
        )
        for i, story, title, opening, vector, names, published, editor in rows
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


def _write(story_id: int, joining: list[int], profile: StoryProfile | None, now: datetime) -> Story:
    """Write one story's decision: the articles join it (or found it; ids < 0 are new stories); its profile
    is stored, or, with None, the story has lost every article to the grouping and is withdrawn."""
    with transaction.atomic():
        if story_id < 0:
            title = SourceArticle.objects.values_list("title", flat=True).get(id=joining[0])
            story = Story.objects.create(slug=unique_slug(title), created_at=now)
        else:
            story = Story.objects.select_for_update().get(id=story_id)
        if profile is None:
            story.centroid, story.names, story.size = None, [], 0
            story.current = None
        else:
            store_profile(story, profile)
        story.needs_writing = profile is not None
        story.save()
        SourceArticle.objects.filter(id__in=joining).update(story=story)
        return story


def _membership(
    by_story: dict[int, list[ArticleProfile]],
    open_: list[tuple[_Read, ArticleProfile]],
    new: list[tuple[_Read, ArticleProfile]],
    placement: Placement,
) -> tuple[dict[int, list[ArticleProfile]], dict[int, list[int]]]:
    """The touched stories' members after a placement, and the ids of the articles that join each."""
    members = {story_id: list(profiles) for story_id, profiles in by_story.items()}
    joining: dict[int, list[int]] = defaultdict(list)
    touched: set[int] = set()
    for position, story_id in placement.moved.items():
        read, profile = open_[position]
        assert read.story_id is not None
        members[read.story_id] = [m for m in members[read.story_id] if m is not profile]
        members.setdefault(story_id, []).append(profile)
        joining[story_id].append(read.id)
        touched |= {read.story_id, story_id}
    for (read, profile), story_id in zip(new, placement.stories, strict=True):
        members.setdefault(story_id, []).append(profile)
        joining[story_id].append(read.id)
        touched.add(story_id)
    return {s: members[s] for s in touched}, joining


def assign_new(
    now: datetime,
    options: ClusteringOptions | None = None,
    embedder: Embedder | None = None,
    progress: Progress = quiet,
    touched: set[int] | None = None,
) -> int:
    """Assign every article without a story, oldest first, and move placed articles that the batch shows
    to belong elsewhere (never one an editor placed). Returns how many new articles were assigned;
    `touched`, when given, receives the ids of the stories written (a worker queues their writing)."""
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
            *lead_signals(a.title, a.text),
        )
        for a in articles
    ]
    rarity = NameRarity.of(r.counts for r in [*members, *new])
    by_story: dict[int, list[ArticleProfile]] = defaultdict(list)
    open_: list[tuple[_Read, ArticleProfile]] = []
    for member in members:
        if member.story_id is not None:
            by_story[member.story_id].append(profile := member.profile(rarity))
            if not member.by_editor:
                open_.append((member, profile))
    index = StoryIndex(StoryProfile.of(story_id, profiles) for story_id, profiles in by_story.items())

    fresh = [(read, read.profile(rarity)) for read in progress(new, "Grouping into stories", len(new))]
    # ids of stories not written yet are negative
    placement = place(
        [p for _, p in fresh],
        index,
        options,
        itertools.count(-1, -1),
        [(profile, read.story_id) for read, profile in open_ if read.story_id is not None],
    )
    after, joining = _membership(by_story, open_, fresh, placement)
    written: dict[int, Story] = {}
    for story_id, profiles in sorted(after.items(), key=lambda kv: not kv[1]):  # emptied stories last
        profile = StoryProfile.of(story_id, profiles) if profiles else None
        written[story_id] = _write(story_id, joining.get(story_id, []), profile, now)
    _redirect_emptied(after, placement, open_, written)
    if touched is not None:
        touched.update(story.id for story in written.values())
    return len(articles)


def _redirect_emptied(
    after: dict[int, list[ArticleProfile]],
    placement: Placement,
    open_: list[tuple[_Read, ArticleProfile]],
    written: dict[int, Story],
) -> None:
    """A story whose articles all moved sends its readers to the story they went to."""
    went = {open_[p][0].story_id: s for p, s in placement.moved.items()}
    for story_id, profiles in after.items():
        if not profiles and story_id in went:
            to = written[went[story_id]]
            Story.objects.filter(id=story_id).update(merged_into=to)
            Story.objects.filter(merged_into_id=story_id).update(merged_into=to)
