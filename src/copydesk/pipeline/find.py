"""Finding: after publishing, read each published or revised story once for what readers find it by.

```
stories whose current revision is not the one read (published, revised, withdrawn)  (Story.found_revision)
  -> entities: people, places, organisations its sources name and it names (core.entities)
  -> topics: the vocabulary's closest by meaning, above a threshold, at most 3 (core.topics)
  -> vector_seq raised: search's vector index takes in its centroid (newsroom.vectors)
  -> timeline: stories close in meaning, sharing an entity, on another day (TimelineLink)
```
Only what changed is read (`Story.found_revision` records the revision read); the words are indexed
by the database itself (migration 0012's triggers). One story at a time, each in its own transaction.
"""

from __future__ import annotations

import time
from functools import lru_cache

import numpy as np
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils.text import slugify

from copydesk.core.entities import find_entities, named_in
from copydesk.core.topics import TOPICS, assign_topics
from copydesk.core.vectors import Vector
from copydesk.newsroom.models import Entity, Story, StoryEntity, StoryTopic, TimelineLink
from copydesk.newsroom.vectors import nearest_stories

TOPIC_THRESHOLD = 0.24
"""Cosine of a story's centroid with a topic (its description and examples) from which the story gets
the topic, besides its closest topic when that one clears TOPIC_FLOOR. Tuned on the demo's 14 stories
and 25 basil-dev events (README, "Finding"): a second topic at 0.24 was right in most cases read."""
TOPIC_FLOOR = 0.15
"""Below this even the closest topic is a guess (a basil-dev story about a photo scored 0.09 for
weather): the story gets none."""
MOST_TOPICS = 3
TIMELINE_MIN = 0.6
"""Cosine from which two stories a day or more apart, naming a same entity, are one subject."""
NEAR_COPY = 0.95
"""Cosine from which two stories are copies of one event, not a continuation."""
TIMELINE_NEIGHBOURS = 20


@lru_cache(maxsize=1)
def topic_matrix() -> Vector:
    """The topics' descriptions embedded by the model that makes the stories' centroids."""
    from copydesk.core.vectors import unit
    from copydesk.embedding import default_embedder

    rows = [
        default_embedder().embed([f"{t.label}. {t.description}", *t.examples]).mean(axis=0) for t in TOPICS
    ]
    return unit(np.array(rows, dtype=np.float32))


def index_published() -> int:
    """Read every story whose revision changed since it was last read. Returns how many were read."""
    stale = Story.objects.filter(
        Q(current__isnull=False, found_revision__isnull=True)
        | (Q(current__isnull=False) & ~Q(found_revision=F("current_id")))
        | Q(current__isnull=True, found_revision__isnull=False)
    ).select_related("current")
    stories = list(stale.order_by("id"))
    seq = _next_seq()
    for n, story in enumerate(stories):
        _read(story, seq + n)
    published = [s for s in stories if s.current_id is not None]
    for story in published:
        _link_timeline(story)
    return len(stories)


def _next_seq() -> int:
    """Higher than any so far: microseconds, or one more than the highest (a clock set back)."""
    top = Story.objects.aggregate(top=Max("vector_seq"))["top"] or 0
    return max(top + 1, time.time_ns() // 1000)


def _read(story: Story, seq: int) -> None:
    with transaction.atomic():
        StoryEntity.objects.filter(story=story).delete()
        StoryTopic.objects.filter(story=story).delete()
        if story.current is None:
            TimelineLink.objects.filter(Q(earlier=story) | Q(later=story)).delete()
        else:
            _entities(story)
            _topics(story)
        Story.objects.filter(id=story.id).update(found_revision=story.current_id, vector_seq=seq)


def _shown_text(story: Story) -> str:
    revision = story.current
    assert revision is not None
    return "\n".join(revision.shown_sentences().values_list("text", flat=True))


def _entities(story: Story) -> None:
    """Typed from everything its sources say, kept when the story itself names them. Headlines and
    titles are left out: written in title case ("Trump Won't Run"), their capitals name nothing."""
    shown = _shown_text(story)
    sources = list(story.articles.values_list("text", flat=True))
    found = named_in(find_entities([shown, *sources]), shown)
    rows = []
    for entity in found:
        slug = slugify(entity.name, allow_unicode=True)[:200]
        if slug:
            row, _ = Entity.objects.get_or_create(kind=entity.kind, slug=slug, defaults={"name": entity.name})
            rows.append(StoryEntity(story=story, entity=row, mentions=entity.mentions))
    StoryEntity.objects.bulk_create(rows, ignore_conflicts=True)


def _topics(story: Story) -> None:
    vector = story.vector()
    if vector is None:
        return
    chosen = assign_topics(vector, topic_matrix(), TOPIC_THRESHOLD, MOST_TOPICS)
    chosen = chosen or assign_topics(vector, topic_matrix(), TOPIC_FLOOR, 1)
    StoryTopic.objects.bulk_create(StoryTopic(story=story, topic=t, score=s) for t, s in chosen)


def continues(cosine: float, shared_entities: int, days_apart: float) -> bool:
    """Whether two stories are one subject at two moments: close in meaning but no copy, naming a same
    person, place or organisation, and a day or more apart."""
    return TIMELINE_MIN <= cosine < NEAR_COPY and shared_entities > 0 and days_apart >= 1


def _link_timeline(story: Story) -> None:
    """Link the story with the stories it continues or that continue it, as they stand now."""
    vector = story.vector()
    if vector is None or story.last_seen is None:
        return
    near = [(s, c) for s, c in nearest_stories(np.asarray(vector), TIMELINE_NEIGHBOURS) if s != story.id]
    mine = set(StoryEntity.objects.filter(story=story).values_list("entity_id", flat=True))
    others = Story.objects.filter(id__in=[s for s, _ in near], current__isnull=False).in_bulk()
    links = []
    for other_id, cosine in near:
        other = others.get(other_id)
        if other is None or other.last_seen is None:
            continue
        shared = StoryEntity.objects.filter(story=other, entity_id__in=mine).count()
        apart = abs((other.last_seen - story.last_seen).total_seconds()) / 86400
        if continues(cosine, shared, apart):
            earlier, later = sorted([story, other], key=lambda s: (s.last_seen, s.id))
            links.append(TimelineLink(earlier=earlier, later=later, score=cosine))
    with transaction.atomic():
        TimelineLink.objects.filter(Q(earlier=story) | Q(later=story)).delete()
        TimelineLink.objects.bulk_create(links, ignore_conflicts=True)
