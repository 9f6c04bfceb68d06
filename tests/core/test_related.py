"""Ranking related stories: the index ranks as the plain pairwise ranking does, to the last bit."""

import numpy as np
import pytest

from copydesk.core.related import Floors, RelatedIndex, StorySummary, rank_related, score

DIM = 384


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


def archive(n: int, seed: int) -> list[StorySummary]:
    """Stories in a few topics, with twins (the same centroid and names) to make exact ties."""
    rng = np.random.default_rng(seed)
    centres = unit(rng.standard_normal((max(1, n // 8), DIM)))
    names = [f"N{i}" for i in range(3 * len(centres) + 5)]
    stories = []
    for i in range(n):
        topic = int(rng.integers(len(centres)))
        if i % 9 == 8:  # a twin of the story before
            stories.append(StorySummary(1000 + i, stories[-1].centroid, stories[-1].names))
            continue
        vector = unit(centres[topic] + 0.8 * rng.standard_normal(DIM) / np.sqrt(DIM))
        own = {names[3 * topic + int(j)] for j in rng.integers(3, size=2)}
        stories.append(StorySummary(1000 + i, vector, frozenset(own | {str(rng.choice(names))})))
    return stories


def test_score_is_symmetric_and_weighs_names() -> None:
    a = StorySummary(1, unit(np.ones(DIM)), frozenset({"Kyoto", "Tanaka"}))
    b = StorySummary(2, unit(np.arange(DIM, dtype=np.float32)), frozenset({"Tanaka"}))
    assert score(a, b) == score(b, a)
    assert score(a, b) == pytest.approx(float(a.centroid @ b.centroid) + 0.5 * 1 / 2)
    assert score(a, a) == pytest.approx(1.5)


@pytest.mark.parametrize(
    ("n", "k", "seed"), [(1, 4, 0), (3, 4, 1), (5, 4, 2), (60, 4, 3), (300, 4, 4), (90, 10, 5)]
)
def test_index_ranks_exactly_as_the_pairwise_ranking(n: int, k: int, seed: int) -> None:
    stories = archive(n, seed)
    index = RelatedIndex.of(stories)
    ranked = index.rank(stories, k)
    for story in stories:
        assert ranked[story.id] == rank_related(story, stories, k)  # ids, order and scores, exactly
        assert story.id not in [other for other, _ in ranked[story.id]]


def test_twins_never_rank_each_other_and_tie_by_id() -> None:
    stories = archive(40, 6)
    ranked = RelatedIndex.of(stories).rank(stories)
    first, twin = stories[7], stories[8]
    # a near-copy is the same news again (issue 18): never a related story
    assert twin.id not in dict(ranked[first.id]) and first.id not in dict(ranked[twin.id])
    assert ranked[first.id] == rank_related(first, stories)
    # a third story sees the twins with one score: the lower id first
    for story in stories:
        ids = [other for other, _ in ranked[story.id]]
        if first.id in ids and twin.id in ids:
            assert ids.index(first.id) + 1 == ids.index(twin.id)


def test_a_story_outside_the_index_is_ranked_against_it() -> None:
    stories = archive(50, 7)
    index = RelatedIndex.of(stories[:-1])
    assert index.rank([stories[-1]])[stories[-1].id] == rank_related(stories[-1], stories[:-1])


def test_reached_finds_the_stories_whose_list_a_new_story_enters() -> None:
    stories = archive(120, 8)
    old, new = stories[:-3], stories[-3:]
    index = RelatedIndex.of(stories)
    before = {s.id: rank_related(s, old) for s in old}
    kth = {story: (ranking[-1][1], ranking[-1][0]) for story, ranking in before.items()}
    # the new stories' own rows are recomputed anyway: their floors never match
    floors = Floors.of(index, kth | {s.id: (np.inf, 0) for s in new})
    after = {s.id: rank_related(s, stories) for s in old}
    changed = {story for story in before if before[story] != after[story]}
    assert changed  # the case is not empty
    assert index.reached(new, floors) == changed


def test_reached_on_a_tie_with_the_floor_goes_by_id() -> None:
    a = StorySummary(1, unit(np.ones(DIM)), frozenset())
    far = StorySummary(2, unit(-np.ones(DIM)), frozenset())
    # twins of each other, close to `a` (cosine 0.71) but no copies of it
    near = unit(unit(np.ones(DIM)) + unit(np.resize([1.0, -1.0], DIM)))
    twin_low, twin_high = StorySummary(0, near, frozenset()), StorySummary(9, near, frozenset())
    index = RelatedIndex.of([a, far, twin_low, twin_high])
    # story 1 keeps one link, to a story 5 (say) as close as the twins; a twin with a lower id ties and comes first, a higher one not
    floors = Floors.of(index, {1: (score(a, twin_low), 5), 2: (np.inf, 0), 0: (np.inf, 0), 9: (np.inf, 0)})
    assert index.reached([twin_low], floors) == {1}
    assert index.reached([twin_high], floors) == set()


def test_a_large_archive_ranks_exactly_too() -> None:
    """Past 4,096 stories the first cut bounds each k-th score by slices' maxima: still exact."""
    stories = archive(5000, 10)
    queries = stories[::250]
    ranked = RelatedIndex.of(stories).rank(queries)
    for story in queries:
        assert ranked[story.id] == rank_related(story, stories)
