import itertools
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from copydesk.core.article_terms import NameRarity, weigh, words
from copydesk.core.clustering import (
    ArticleProfile,
    ClusteringOptions,
    StoryIndex,
    StoryProfile,
    decide,
    found,
    join,
    leave,
    score,
)
from copydesk.core.settling import settle

DAY = datetime(2026, 1, 15, tzinfo=UTC)
# Document frequencies among 100 recent articles: Pentagon and Hegseth are everywhere, Hadley and Yonaguni are not.
RARITY = NameRarity(
    {
        "pentagon": 40,
        "hegseth": 30,
        "defence": 35,
        "talks": 30,
        "officials": 60,
        "storm": 12,
        "coast": 15,
        "flooding": 10,
        "missile": 15,
        "power": 20,
        "hadley": 2,
        "yonaguni": 2,
        "brackwater": 2,
        "koizumi": 3,
    },
    articles=100,
)
OPTIONS = ClusteringOptions(threshold=0.875, term_weight=2.5, crowding=0.0)
"""The plain rule: a fit must reach the threshold, whatever surrounds it."""


def vec(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def article(v: np.ndarray, text: str = "", when: datetime | None = DAY) -> ArticleProfile:
    return ArticleProfile(v, frozenset(), when, weigh(words(text), RARITY))


DEFENCE = found(
    1,
    article(vec(1, 0, 0), "Hegseth and Koizumi hold defence talks at the Pentagon on Yonaguni missile plans"),
)
STORM = found(2, article(vec(0, 1, 0), "Storm Hadley brings flooding to the Brackwater coast"))


@pytest.mark.parametrize(
    ("case", "incoming", "expected"),
    [
        ("close in meaning joins, even without shared words", article(vec(1, 0.05, 0), "Officials meet"), 1),
        (
            "middling meaning, but rare shared names tip it",
            article(vec(0.2, 0.6, 0.77), "Hadley leaves Brackwater without power"),
            2,
        ),
        (
            "the same middling meaning without them does not",
            article(vec(0.2, 0.6, 0.77), "Thousands left without power"),
            None,
        ),
        (
            "middling meaning and only common names: a new story",
            article(
                vec(0.6, 0.1, 0.79), "Pentagon spokesman says Hegseth will visit troops in Germany next month"
            ),
            None,
        ),
        (
            "another storm on another coast: the same subject, a different event",
            article(vec(0.1, 0.5, 0.86), "Storm Iris floods homes on the Kelsford coast"),
            None,
        ),
        (
            "the same meaning long after the story was last seen: a new story",
            article(vec(1, 0.05, 0), "Officials meet", DAY + timedelta(days=9)),
            None,
        ),
        ("an article that fits no story", article(vec(0, 0, 1), "Council passes its budget"), None),
    ],
)
def test_decide(case: str, incoming: ArticleProfile, expected: int | None) -> None:
    assert decide(incoming, [DEFENCE, STORM], OPTIONS).story_id == expected, case
    assert decide(incoming, StoryIndex([DEFENCE, STORM]), OPTIONS).story_id == expected, case


def test_no_stories_starts_one() -> None:
    assert decide(article(vec(1, 0, 0)), [], OPTIONS).story_id is None


def test_rare_words_weigh_more_than_common_ones() -> None:
    weights = weigh(words("Hadley Pentagon"), RARITY)
    assert weights["hadley"] > 3 * weights["pentagon"] > 0
    assert np.isclose(sum(w * w for w in weights.values()), 1.0)


def test_fit_is_the_mean_over_members_not_the_closest_one() -> None:
    a, b = article(vec(1, 0, 0)), article(vec(0, 1, 0))
    story = join(found(1, a), b)
    # Identical to one member, unrelated to the other: it fits the story half as well.
    assert score(a, story, OPTIONS) == pytest.approx(0.5)


def test_join_keeps_running_means_and_extends_names_and_time() -> None:
    a = ArticleProfile(vec(1, 0, 0), frozenset({"A"}), DAY, weigh(words("Hadley flooding"), RARITY))
    b = ArticleProfile(
        vec(0, 1, 0), frozenset({"B"}), DAY + timedelta(days=1), weigh(words("Brackwater"), RARITY)
    )
    joined = join(found(1, a), b)
    direct = StoryProfile.of(1, [a, b])
    assert joined.size == direct.size == 2
    assert joined.names == {"A", "B"}
    assert joined.last_seen == DAY + timedelta(days=1)
    assert np.allclose(joined.centroid, direct.centroid)
    assert np.isclose(np.linalg.norm(joined.centroid), 1.0)
    assert joined.cohesion == pytest.approx(direct.cohesion) == pytest.approx(np.sqrt(0.5))
    assert joined.terms == pytest.approx(direct.terms)


def test_leave_undoes_join() -> None:
    a, b = article(vec(1, 0.2, 0), "Hadley flooding"), article(vec(0.3, 1, 0), "Brackwater coast")
    rest = leave(join(found(1, a), b), b)
    assert rest is not None
    assert np.allclose(rest.centroid, found(1, a).centroid, atol=1e-6)
    assert rest.terms == pytest.approx(found(1, a).terms)
    assert leave(found(1, a), a) is None


def test_index_scores_like_score_and_forgets_removed_stories() -> None:
    incoming = article(vec(0.5, 0.5, 0.1), "Storm Hadley reaches the Pentagon")
    index = StoryIndex([DEFENCE, STORM])
    fits = {story.id: fit for fit, story in index.fits(incoming, OPTIONS)}
    assert fits == pytest.approx({s.id: score(incoming, s, OPTIONS) for s in (DEFENCE, STORM)})
    index.remove(2)
    assert [story.id for _, story in index.fits(incoming, OPTIONS)] == [1]
    index.put(STORM)
    assert 2 in index and len(index) == 2


def test_settle_moves_an_article_placed_before_its_story_formed() -> None:
    old = found(1, article(vec(1, 0, 0)))
    early, y, z = article(vec(0.88, 0.475, 0)), article(vec(0.6, 0.8, 0)), article(vec(0.62, 0.78, 0))
    index = StoryIndex([old])
    ids = itertools.count(-1, -1)
    batch = []
    for incoming in (early, y, z):
        decision = decide(incoming, index, OPTIONS)
        story_id = decision.story_id if decision.story_id is not None else next(ids)
        index.put(join(index[story_id], incoming) if story_id in index else found(story_id, incoming))
        batch.append((incoming, story_id))
    assert [s for _, s in batch] == [1, -1, -1]  # the early article joined the old story first
    assert settle(batch, index, OPTIONS, ids) == [-1, -1, -1]
    assert index[1].size == 1 and index[-1].size == 3


def test_a_fit_enough_for_a_loner_is_not_enough_among_close_stories() -> None:
    options = ClusteringOptions(threshold=0.875, term_weight=2.5, crowding=1.0, settle_threshold=0.1)
    member, x = article(vec(1, 0, 0, 0)), article(vec(0.75, 0.45, 0.45, 0.2))
    alone = StoryIndex([join(found(1, member), x)])
    assert settle([(x, 1)], alone, options, itertools.count(-1, -1)) == [1]
    # the same fit with its story, but two other stories fit it better still: it is no longer sure
    crowded = StoryIndex(
        [
            join(found(1, member), x),
            found(2, article(vec(3, 2, 0, 0))),
            found(3, article(vec(3, 0, 2, 0))),
            found(4, article(vec(3, 0, 0, 2))),
        ]
    )
    assert score(x, found(1, member), options) < score(x, crowded[2], options)
    assert settle([(x, 1)], crowded, options, itertools.count(-1, -1)) == [-1]


def test_with_no_crowd_to_judge_by_a_weak_fit_still_does_not_join() -> None:
    """In a newsroom of a story or two the surroundings are empty; the plain fit must reach the floor."""
    member, x = article(vec(1, 0, 0, 0)), article(vec(0.5, 0.87, 0, 0))
    assert score(x, found(1, member), OPTIONS) < 0.6
    for floor, expected in ((0.6, [-1]), (0.0, [1])):
        options = ClusteringOptions(threshold=0.875, term_weight=2.5, settle_threshold=0.1, floor=floor)
        alone = StoryIndex([join(found(1, member), x)])
        assert settle([(x, 1)], alone, options, itertools.count(-1, -1)) == expected


def test_two_reports_of_one_event_that_joined_other_stories_first_leave_together() -> None:
    """Each of two reports of one event fits a story of its subject well enough to stay there, and each
    other far better: settling brings them together in a story of their own (one at a time neither could
    move, the other's story holding reports it does not fit)."""
    hearing = found(1, article(vec(1, 0, 0, 0), "Hegseth defence talks at the Pentagon"))
    hearing = join(hearing, article(vec(1, 0.05, 0, 0), "Hegseth defence talks Pentagon officials"))
    flood = found(2, article(vec(0, 1, 0, 0), "Flooding on the coast, officials say"))
    flood = join(flood, article(vec(0.05, 1, 0, 0), "Coast flooding, power out"))
    first = article(vec(0.7, 0, 0.7, 0), "Storm Hadley: Brackwater talks at the Pentagon")
    second = article(vec(0, 0.7, 0.7, 0), "Storm Hadley: Brackwater coast flooding")
    index = StoryIndex([join(hearing, first), join(flood, second)])
    for report, story in ((first, hearing), (second, flood)):  # each fits its story well enough to stay
        assert score(report, story, OPTIONS) > OPTIONS.threshold
    settled = settle([(first, 1), (second, 2)], index, OPTIONS, itertools.count(-1, -1))
    assert settled[0] == settled[1] not in (1, 2)
    assert index[1].size == 2 and index[2].size == 2
    # two reports that fit each other no better than their stories stay where they are
    apart_first = article(vec(0.7, 0, 0.7, 0), "Talks at the Pentagon")
    apart_second = article(vec(0, 0.7, 0.7, 0), "Coast flooding")
    index = StoryIndex([join(hearing, apart_first), join(flood, apart_second)])
    assert settle([(apart_first, 1), (apart_second, 2)], index, OPTIONS, itertools.count(-1, -1)) == [1, 2]
