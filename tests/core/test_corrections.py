"""Planning an editor's correction: which articles move, which stories are written again or emptied."""

import pytest

from copydesk.core.corrections import NEW_STORY, CorrectionError, Move, plan_moves

# story 1 holds articles 10, 11, 12; story 2 holds 20, 21; article 30 has no story yet
SIZES = {1: 3, 2: 2}


@pytest.mark.parametrize(
    ("story_of", "to_story", "moves", "rewrite", "emptied"),
    [
        # one article moved: both stories are written again
        ({10: 1}, 2, [Move(10, 1, 2)], {1, 2}, set()),
        # the last articles of a story moved away: it is emptied, not rewritten
        ({20: 2, 21: 2}, 1, [Move(20, 2, 1), Move(21, 2, 1)], {1}, {2}),
        # a split: the articles found a new story; the old one keeps the rest
        ({11: 1, 12: 1}, NEW_STORY, [Move(11, 1, NEW_STORY), Move(12, 1, NEW_STORY)], {1, NEW_STORY}, set()),
        # articles from two stories at once; one already in the target does not move
        ({10: 1, 20: 2, 21: 2}, 2, [Move(10, 1, 2)], {1, 2}, set()),
        # an article without a story placed by hand
        ({30: None}, 1, [Move(30, None, 1)], {1}, set()),
        # a whole story split off: the old one is emptied and its readers follow its articles
        ({20: 2, 21: 2}, NEW_STORY, [Move(20, 2, NEW_STORY), Move(21, 2, NEW_STORY)], {NEW_STORY}, {2}),
    ],
)
def test_plan(story_of, to_story, moves, rewrite, emptied) -> None:  # type: ignore[no-untyped-def]
    plan = plan_moves(story_of, SIZES, to_story)
    assert list(plan.moves) == moves
    assert plan.rewrite == rewrite
    assert plan.emptied == emptied


@pytest.mark.parametrize(
    ("story_of", "to_story", "message"),
    [
        ({}, 1, "at least one article"),
        ({10: 1}, 7, "no story 7"),
        ({10: 1, 11: 1}, 1, "already in that story"),
    ],
)
def test_refused(story_of, to_story, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CorrectionError, match=message):
        plan_moves(story_of, SIZES, to_story)
