from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from copydesk.core.clustering import (
    ArticleProfile,
    ClusteringOptions,
    NameRarity,
    StoryProfile,
    decide,
    join,
    shared_names,
)

DAY = datetime(2026, 1, 15, tzinfo=UTC)
RARITY = NameRarity({"Pentagon": 30, "Hegseth": 25, "Storm Hadley": 2, "Yonaguni": 3}, articles=40)


def vec(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def story(id: int, v: np.ndarray, names: set[str], seen: datetime = DAY) -> StoryProfile:
    return StoryProfile(id, v, frozenset(names), seen, 2)


OPTIONS = ClusteringOptions(threshold=0.85, name_weight=0.8)


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        # Close in meaning: joins story 1 even without names.
        (ArticleProfile(vec(1, 0.05, 0), frozenset(), DAY), 1),
        # Far in meaning and no names: a new story.
        (ArticleProfile(vec(0, 0, 1), frozenset(), DAY), None),
        # Middling meaning, but a rare shared name tips it into story 2.
        (ArticleProfile(vec(0.3, 0.75, 0.6), frozenset({"Storm Hadley", "Yonaguni"}), DAY), 2),
        # Middling meaning and only common names: a new story.
        (ArticleProfile(vec(0.3, 0.75, 0.6), frozenset({"Pentagon", "Hegseth"}), DAY), None),
        # Same meaning but long after the story was last seen: a new story.
        (ArticleProfile(vec(1, 0.05, 0), frozenset(), DAY + timedelta(days=9)), None),
    ],
)
def test_decide(article: ArticleProfile, expected: int | None) -> None:
    stories = [
        story(1, vec(1, 0, 0), {"Pentagon", "Hegseth"}),
        story(2, vec(0, 1, 0), {"Storm Hadley", "Yonaguni", "Pentagon"}),
    ]
    assert decide(article, stories, RARITY, OPTIONS).story_id == expected


def test_rare_names_weigh_more_than_common_ones() -> None:
    rare = shared_names(frozenset({"Storm Hadley"}), frozenset({"Storm Hadley"}), RARITY, 3)
    common = shared_names(frozenset({"Pentagon"}), frozenset({"Pentagon"}), RARITY, 3)
    assert rare > 3 * common > 0


def test_join_moves_centroid_and_extends_names_and_time() -> None:
    s = story(1, vec(1, 0, 0), {"A"})
    joined = join(s, ArticleProfile(vec(0, 1, 0), frozenset({"B"}), DAY + timedelta(days=1)))
    assert joined.size == 3
    assert joined.names == {"A", "B"}
    assert joined.last_seen == DAY + timedelta(days=1)
    assert np.isclose(np.linalg.norm(joined.centroid), 1.0)
    assert joined.centroid[1] > 0
