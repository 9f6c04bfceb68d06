"""What the finding pages list: pages of stories by day, topic and entity, and a story's topics,
entities and timeline. Plain data, in a constant number of queries per page."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import CharField, Count, IntegerField, Q, QuerySet, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from copydesk.core.topics import BY_SLUG
from copydesk.newsroom.models import Story, StoryEntity, StoryTopic, TimelineLink
from copydesk.newsroom.search import cards

PER_PAGE = 20
TIMELINE_MOST = 12
ENTITY_PATHS = {"person": "people", "place": "places", "organisation": "organisations"}
ENTITY_KINDS = {path: kind for kind, path in ENTITY_PATHS.items()}


def page_of(ids: QuerySet[Any], page: int, per_page: int = PER_PAGE) -> dict[str, Any]:
    """One page of a list of story ids (newest first): {page, more, stories}. Whether a next page
    exists is read with one row more, never by counting: a topic of a million-story archive holds
    tens of thousands, and counting them cost more than the page."""
    page = max(1, page)
    chosen = list(ids[(page - 1) * per_page : page * per_page + 1])
    return {"page": page, "more": len(chosen) > per_page, "stories": cards(chosen[:per_page])}


def published_ids() -> QuerySet[Any]:
    return (
        Story.objects.filter(current__isnull=False).order_by("-last_seen", "-id").values_list("id", flat=True)
    )


def day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return datetime.combine(day, time.min, zone), datetime.combine(day + timedelta(days=1), time.min, zone)


def day_ids(day: date) -> QuerySet[Any]:
    start, end = day_bounds(day)
    return published_ids().filter(last_seen__gte=start, last_seen__lt=end)


def archive_days() -> list[dict[str, Any]]:
    """Every day with published stories, newest first, with how many."""
    rows = (
        Story.objects.filter(current__isnull=False, last_seen__isnull=False)
        .annotate(day=TruncDate("last_seen", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(count=Count("id"))
        .order_by("-day")
    )
    return [{"day": row["day"], "count": row["count"]} for row in rows]


# A withdrawn story's topics and entities are deleted when it is read again (pipeline.find), and
# `cards` lists published stories only: the lists below need no join with the stories (they are read
# from the (topic, story) and (entity, story) indexes alone).
def topic_ids(slug: str) -> QuerySet[Any]:
    return StoryTopic.objects.filter(topic=slug).order_by("-story_id").values_list("story_id", flat=True)


def entity_ids(entity_id: int) -> QuerySet[Any]:
    rows = StoryEntity.objects.filter(entity_id=entity_id).order_by("-story_id")
    return rows.values_list("story_id", flat=True)


def story_findings(story: Story) -> dict[str, Any]:
    """A story's topics, its people, places and organisations, and its timeline (oldest first).

    One query for all three (a union), and more only for a story that has a timeline: a story page
    costs a fixed number of queries (tests/test_page_queries.py)."""
    text = CharField()
    number = IntegerField()
    topics = StoryTopic.objects.filter(story=story).order_by()
    entities = StoryEntity.objects.filter(story=story).order_by()
    links = TimelineLink.objects.filter(Q(earlier=story) | Q(later=story)).order_by()
    rows = (
        topics.values_list(Value("topic", text), "topic", Value("", text), Value(0, number), Value(0, number))
        .union(
            entities.values_list("entity__kind", "entity__name", "entity__slug", "mentions", Value(0, number))
        )
        .union(
            links.values_list(Value("timeline", text), Value("", text), Value("", text), "earlier", "later")
        )
    )
    found: dict[str, Any] = {"topics": [], "entities": {path: [] for path in ENTITY_PATHS.values()}}
    pairs: list[tuple[int, int]] = []
    for kind, name, slug, first, second in sorted(rows, key=lambda row: (-row[3], row[1])):
        if kind == "topic" and name in BY_SLUG:
            found["topics"].append({"slug": name, "label": BY_SLUG[name].label})
        elif kind in ENTITY_PATHS:
            found["entities"][ENTITY_PATHS[kind]].append({"name": name, "slug": slug})
        elif kind == "timeline":
            pairs.append((first, second))
    found["timeline"] = timeline(story, pairs) if pairs else []
    return found


def timeline(story: Story, pairs: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """The stories linked to this one through continuations (`pairs`: its own links), the story itself
    included, oldest first."""
    seen = {story.id, *(i for pair in pairs for i in pair)}
    edge = seen - {story.id}
    while edge and len(seen) < TIMELINE_MOST:
        links = TimelineLink.objects.filter(Q(earlier_id__in=edge) | Q(later_id__in=edge))
        more = links.values_list("earlier_id", "later_id")[: TIMELINE_MOST * 4]
        edge = {i for pair in more for i in pair} - seen
        seen |= edge
    stories = Story.objects.filter(id__in=seen, current__isnull=False).select_related("current")
    ordered = sorted(stories, key=lambda s: (s.last_seen or s.created_at, s.id))[:TIMELINE_MOST]
    return [
        {
            "slug": s.slug,
            "headline": s.current.headline if s.current else s.slug,
            "last_seen": s.last_seen,
            "this": s.id == story.id,
        }
        for s in ordered
    ]
