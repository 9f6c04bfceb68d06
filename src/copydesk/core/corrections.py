"""Editors' corrections to the grouping: what moving articles between stories changes.

An editor moves articles to another story, or splits them off into a story of their own. Deciding
what that means is pure: which articles really move, which stories must be written again, and which
are left empty (and where their readers should be sent). `copydesk.pipeline.corrections` carries the
plan out; the grouping never moves an article an editor placed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from copydesk.errors import CopydeskError

NEW_STORY = -1
"""The target of a split: a story that does not exist yet."""


class CorrectionError(CopydeskError):
    """An editor's correction that cannot be carried out (no articles, or a story that is not there)."""


@dataclass(frozen=True)
class Move:
    """One article leaving `from_story` (None when it had no story) for `to_story` (NEW_STORY: a new one)."""

    article_id: int
    from_story: int | None
    to_story: int


@dataclass(frozen=True)
class CorrectionPlan:
    """What a correction changes."""

    moves: tuple[Move, ...]
    rewrite: frozenset[int]
    """Stories that gained or lost articles and keep some: they are written again (NEW_STORY included)."""
    emptied: frozenset[int]
    """Stories left without articles: all of them went to the target, where their readers are sent."""


def plan_moves(
    story_of: Mapping[int, int | None], size_of: Mapping[int, int], to_story: int
) -> CorrectionPlan:
    """Plan moving the articles in `story_of` (article id -> its current story) to `to_story`.

    `size_of` gives the number of articles of every story involved (theirs and the target's); the
    target is NEW_STORY for a split. Articles already in the target do not move.
    """
    if not story_of:
        raise CorrectionError("choose at least one article to move")
    if to_story != NEW_STORY and to_story not in size_of:
        raise CorrectionError(f"there is no story {to_story}")
    moves = tuple(
        Move(article, story, to_story) for article, story in sorted(story_of.items()) if story != to_story
    )
    if not moves:
        raise CorrectionError("the articles are already in that story")
    leaving: dict[int, int] = {}
    for move in moves:
        if move.from_story is not None:
            leaving[move.from_story] = leaving.get(move.from_story, 0) + 1
    emptied = frozenset(story for story, n in leaving.items() if n >= size_of.get(story, 0))
    rewrite = frozenset([to_story, *(story for story in leaving if story not in emptied)])
    return CorrectionPlan(moves, rewrite, emptied)
