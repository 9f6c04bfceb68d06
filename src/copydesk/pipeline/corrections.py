"""Carrying out an editor's correction: move articles to another story, or split them into a new one.

1. read where the chosen articles are and how big their stories are;
2. let the core plan it (`plan_moves`): which articles move, which stories are written again, which
   are left empty;
3. in one transaction: create the new story of a split, move the articles (marked as placed by an
   editor, so the grouping never moves them again), record a `Correction` for each, refresh the stories'
   grouping profiles, mark the stories to write again, and send the readers of an emptied story to
   the story its articles went to.

The next `copydesk write` rewrites the touched stories from their new sources; a story that no longer
meets the publishing rule is withdrawn there.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count

from copydesk.core.clustering import ArticleProfile, StoryProfile
from copydesk.core.corrections import NEW_STORY, CorrectionError, CorrectionPlan, plan_moves
from copydesk.embedding import from_blob
from copydesk.newsroom.models import Correction, SourceArticle, Story
from copydesk.pipeline.assign import store_profile, unique_slug


def find_story(ref: str) -> Story:
    """A story by its id or its slug, as an editor types it."""
    ref = ref.strip().strip("/").rsplit("/", 1)[-1]
    story = Story.objects.filter(id=int(ref)).first() if ref.isdigit() else None
    story = story or Story.objects.filter(slug=ref).first()
    if story is None:
        raise CorrectionError(f"there is no story {ref!r} (give its number or its slug)")
    return story


def refresh_profile(story: Story) -> None:
    """Recompute what the grouping stores of a story (centroid, names, dates, size) from its articles."""
    rows = list(story.articles.values_list("embedding", "names", "published"))
    members = [ArticleProfile(from_blob(bytes(v)), frozenset(n), p) for v, n, p in rows if v]
    if members:
        store_profile(story, StoryProfile.of(story.id, members))
    else:
        story.centroid, story.names = None, []
    seen = [p for _, _, p in rows if p is not None]
    story.last_seen, story.size = (max(seen) if seen else None), len(rows)


def move_articles(articles: Iterable[int], to: Story | None, now: datetime, editor: Any = None) -> Story:
    """Move the articles to story `to`, or split them into a new story when `to` is None.

    Returns the story they are in now. Raises CorrectionError when there is nothing to move.
    """
    ids = sorted(set(articles))
    with transaction.atomic():
        found = dict(
            SourceArticle.objects.select_for_update().filter(id__in=ids).values_list("id", "story_id")
        )
        if missing := sorted(set(ids) - set(found)):
            raise CorrectionError(f"there is no source article {missing[0]}")
        involved = {s for s in found.values() if s is not None} | ({to.id} if to else set())
        sizes = dict(
            Story.objects.filter(id__in=involved).annotate(n=Count("articles")).values_list("id", "n")
        )
        plan = plan_moves(found, sizes, to.id if to else NEW_STORY)
        return _carry_out(plan, to, now, editor)


def _carry_out(plan: CorrectionPlan, to: Story | None, now: datetime, editor: Any) -> Story:
    if to is None:
        first = SourceArticle.objects.get(id=plan.moves[0].article_id)
        to = Story.objects.create(slug=unique_slug(first.title), created_at=now)
    moved = [m.article_id for m in plan.moves]
    SourceArticle.objects.filter(id__in=moved).update(story=to, placed_by_editor=True)
    kind = "split" if NEW_STORY in plan.rewrite else "move"
    Correction.objects.bulk_create(
        Correction(
            at=now, editor=editor, kind=kind, article_id=m.article_id, from_story_id=m.from_story, to_story=to
        )
        for m in plan.moves
    )
    for story in Story.objects.filter(id__in={*plan.rewrite, *plan.emptied, to.id}):
        refresh_profile(story)
        if story.id in plan.emptied:
            story.needs_writing, story.current, story.merged_into = False, None, to
        else:
            story.needs_writing, story.merged_into = True, None
        story.save()
    # a story that earlier sent its readers to an emptied one now sends them on to `to`
    Story.objects.filter(merged_into__in=plan.emptied).update(merged_into=to)
    return to
