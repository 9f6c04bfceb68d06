"""Relatedness: after publishing, rank each published story's four closest stories."""

from __future__ import annotations

from django.db import transaction

from copydesk.core.related import StorySummary, rank_related
from copydesk.newsroom.models import RelatedStory, Story

RELATED_COUNT = 4


def relate_published(k: int = RELATED_COUNT) -> int:
    """Recompute the related links of every published story. Returns how many stories were linked."""
    stories = list(Story.objects.filter(current__isnull=False))
    summaries = [
        StorySummary(s.id, vector, frozenset(s.names)) for s in stories if (vector := s.vector()) is not None
    ]
    with transaction.atomic():
        RelatedStory.objects.filter(story__in=stories).delete()
        links = [
            RelatedStory(story_id=summary.id, other_id=other, rank=rank, score=score)
            for summary in summaries
            for rank, (other, score) in enumerate(rank_related(summary, summaries, k))
        ]
        RelatedStory.objects.bulk_create(links)
    return len(summaries)
