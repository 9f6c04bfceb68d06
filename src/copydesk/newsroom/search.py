"""Search: the published stories a reader's words find, by their words and by their meaning.

`search(q, filters, page)` returns plain data (the search page renders it; the JSON API can return it
as it is). Two rankings are fused by reciprocal rank (each list gives a story 1 / (60 + its rank)):
- words: full text, BM25 over headline and shown sentences (newsroom.fulltext);
- meaning: the query embedded with the bundled model, against the stories' centroids
  (newsroom.vectors), only those at least MEANING_FLOOR close, so that a query about nothing in the
  newsroom finds nothing rather than the least unlike stories.
A story found both ways comes before one found one way. Filters (day range, outlet, topic) apply to
both before the ranking is cut.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from copydesk.newsroom.document import first_shown
from copydesk.newsroom.fulltext import word_matches
from copydesk.newsroom.models import Revision, Story, StoryTopic
from copydesk.newsroom.vectors import nearest_stories

PER_PAGE = 10
CANDIDATES = 500
"""Stories the words ranking contributes at most: 50 pages of results."""
MEANING_CANDIDATES = 100
"""Stories the meaning ranking contributes at most (ten pages): an HNSW search costs more the more it
is asked for, and far down the list meaning finds little the words have not."""
MEANING_FLOOR = 0.3
"""Cosine of the query's vector with a story's centroid below which meaning finds nothing (tuned on
the demo: the centrepiece scores 0.55 for a question in other words, unrelated stories under 0.2)."""
FUSION_K = 60


@dataclass(frozen=True)
class Filters:
    since: date | None = None
    until: date | None = None
    outlet: str = ""
    topic: str = ""

    def active(self) -> bool:
        return bool(self.since or self.until or self.outlet or self.topic)


def filtered(filters: Filters) -> QuerySet[Story]:
    """The published stories the filters let through (days are the newsroom's time zone's)."""
    stories = Story.objects.filter(current__isnull=False)
    zone = timezone.get_current_timezone()
    if filters.since:
        stories = stories.filter(last_seen__gte=datetime.combine(filters.since, time.min, zone))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time.min, zone)
        stories = stories.filter(last_seen__lt=end)
    if filters.outlet:
        cited = Revision.sources.through.objects.filter(
            revision_id=OuterRef("current_id"), sourcearticle__outlet__name=filters.outlet.replace("\x00", "")
        )
        stories = stories.filter(Exists(cited))
    if filters.topic:
        stories = stories.filter(Exists(StoryTopic.objects.filter(story=OuterRef("pk"), topic=filters.topic)))
    return stories


def meaning_matches(query: str, filters: Filters, limit: int) -> list[tuple[int, float]]:
    """Stories close in meaning to the query, closest first, as (story id, cosine)."""
    from copydesk.embedding import default_embedder

    vector = default_embedder().embed([query])[0]
    near = [(s, c) for s, c in nearest_stories(vector, limit) if c >= MEANING_FLOOR]
    if filters.active() and near:
        allowed = set(filtered(filters).filter(id__in=[s for s, _ in near]).values_list("id", flat=True))
        near = [(s, c) for s, c in near if s in allowed]
    return near


def fuse(*rankings: list[tuple[int, float]]) -> list[int]:
    """Reciprocal rank fusion: the stories of all rankings, best first (ties by newer id)."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, (story, _) in enumerate(ranking):
            scores[story] = scores.get(story, 0.0) + 1.0 / (FUSION_K + rank + 1)
    return sorted(scores, key=lambda story: (-scores[story], -story))


def search(q: str, filters: Filters | None = None, page: int = 1, per_page: int = PER_PAGE) -> dict[str, Any]:
    """The page `page` of the stories that `q` finds: {query, filters, page, pages, total, hits}, each
    hit {slug, headline, summary, last_seen, sources}."""
    filters = filters or Filters()
    q = q.replace("\x00", " ").strip()[:500]  # PostgreSQL refuses a NUL in any string
    ranked: list[int] = []
    if q:
        words = word_matches(q, filtered(filters) if filters.active() else None, CANDIDATES)
        ranked = fuse(words, meaning_matches(q, filters, MEANING_CANDIDATES))
    pages = max(1, -(-len(ranked) // per_page))
    page = min(max(1, page), pages)
    shown = ranked[(page - 1) * per_page : page * per_page]
    return {
        "query": q,
        "filters": {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(filters).items()},
        "page": page,
        "pages": pages,
        "total": len(ranked),
        "hits": cards(shown),
    }


def cards(ids: list[int]) -> list[dict[str, Any]]:
    """The listed stories in the given order: slug, headline, summary, time and number of sources."""
    stories = (
        Story.objects.filter(id__in=ids, current__isnull=False)
        .select_related("current")
        .annotate(summary=first_shown(OuterRef("current")), source_count=Count("current__sources"))
    )
    by_id = {s.id: s for s in stories}
    return [
        {
            "slug": s.slug,
            "headline": s.current.headline if s.current else s.slug,
            "summary": s.summary or "",
            "last_seen": s.last_seen,
            "sources": s.source_count,
        }
        for s in (by_id[i] for i in ids if i in by_id)
    ]
