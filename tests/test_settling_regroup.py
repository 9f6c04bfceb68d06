"""The second look leaves out what cannot reach its bars: `regroup` the pairs whose fit cannot reach its
bar (and computes the batch's cosines a block of rows at a time), `settle` the stories with an article out
of reach of the pairwise floor. Each moves exactly what scoring every pair moved."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from copydesk.core import settling
from copydesk.core.clustering import (
    ArticleProfile,
    ClusteringOptions,
    StoryIndex,
    StoryProfile,
    coherent,
    found,
    join,
    leave,
    pair_fit,
)
from copydesk.core.settling import _rest_fit, regroup, settle
from copydesk.core.vectors import unit

START = datetime(2026, 5, 4, tzinfo=UTC)


def every_pair(batch, placed, stories, options, new_id) -> bool:  # type: ignore[no-untyped-def]
    """`regroup` as it was: the whole cosine matrix, every pair above REGROUP_COSINE scored."""
    vectors = np.stack([article.vector for article, _ in batch])
    cosines = vectors @ vectors.T
    moved = False
    for i, (article, _) in enumerate(batch):
        own = _rest_fit(article, placed[i], stories, options)
        if own is None:
            continue
        best = None
        for j in map(int, np.flatnonzero(cosines[i] >= settling.REGROUP_COSINE)):
            if placed[j] == placed[i]:
                continue
            fit = pair_fit(article, batch[j][0], options)
            if (
                fit >= options.threshold
                and fit >= own + options.regroup_margin
                and (best is None or fit > best[0])
            ):
                best = (fit, j)
        if best is None:
            continue
        fit, j = best
        other = _rest_fit(batch[j][0], placed[j], stories, options)
        if other is None or fit < other + options.regroup_margin:
            continue
        story_id = next(new_id)
        for k in (i, j):
            stories.put(leave(stories[placed[k]], batch[k][0]))
        stories.put(join(found(story_id, article), batch[j][0]))
        placed[i] = placed[j] = story_id
        moved = True
    return moved


def newsroom(seed: int) -> tuple[list[tuple[ArticleProfile, int]], list[StoryProfile]]:
    """Reports of events (close vectors, shared rare words, some with telling numbers or weekdays that
    tell them apart) dealt at random into stories of three: pairs of one event sit in stories of others."""
    rng = np.random.default_rng(seed)
    articles = []
    for event in range(40):
        center = rng.normal(size=32)
        words = [f"w{event}-{k}" for k in range(6)]
        numbers = frozenset({float(event)}) if event % 3 else frozenset()
        for _ in range(rng.integers(2, 5)):
            own = rng.choice(words, 4, replace=False).tolist() + [f"n{rng.integers(500)}" for _ in range(3)]
            weights = rng.uniform(0.5, 1.0, len(own))
            weights /= np.linalg.norm(weights)
            articles.append(
                ArticleProfile(
                    unit(center + rng.normal(scale=rng.uniform(0.3, 1.5), size=32)).astype(np.float32),
                    frozenset(),
                    START + timedelta(hours=int(rng.integers(48))),
                    dict(zip(own, weights.tolist(), strict=True)),
                    numbers=numbers | ({float(rng.integers(2))} if rng.random() < 0.3 else frozenset()),
                    days=frozenset({int(rng.integers(7))}) if rng.random() < 0.2 else frozenset(),
                )
            )
    order = rng.permutation(len(articles))
    placed = [int(p) // 3 for p in order]
    members: dict[int, list[ArticleProfile]] = {}
    for article, story in zip(articles, placed, strict=True):
        members.setdefault(story, []).append(article)
    stories = [StoryProfile.of(story, profiles) for story, profiles in members.items()]
    return list(zip(articles, placed, strict=True)), stories


@pytest.mark.parametrize("rows", [1024, 7])
def test_regroup_moves_what_scoring_every_pair_moved(rows: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settling, "REGROUP_ROWS", rows)
    options = ClusteringOptions(threshold=0.8)
    moves = 0
    for seed in range(12):
        batch, stories = newsroom(seed)
        results = []
        for method in (every_pair, regroup):
            index = StoryIndex(stories)
            placed = [story for _, story in batch]
            moved = method(batch, placed, index, options, itertools.count(-1, -1))
            profiles = {s: sorted(map(id, index[s].members)) for s in set(placed)}
            results.append((moved, placed, profiles))
        assert results[1] == results[0]
        moves += sum(a != b for a, b in zip(results[0][1], (s for _, s in batch), strict=True))
    assert moves >= 20  # the batches give it pairs to move, not only pairs to leave


def test_settle_moves_what_scoring_every_story_moved(monkeypatch: pytest.MonkeyPatch) -> None:
    options = ClusteringOptions(threshold=0.8)
    scored = []

    def every_story(article, story, stories, options, reach):  # type: ignore[no-untyped-def]
        scored.append(story.id)
        return coherent(article, story, stories, options)

    moves = 0
    for seed in range(4):
        batch, stories = newsroom(seed)
        results = []
        for bounded in (False, True):
            if not bounded:
                monkeypatch.setattr(settling, "_coherent", every_story)
            else:
                monkeypatch.undo()
            index = StoryIndex(stories)
            placed = settle(batch, index, options, itertools.count(-1, -1))
            profiles = {s.id: sorted(map(id, s.members)) for s in index.profiles()}
            results.append((placed, profiles))
        assert results[1] == results[0]
        moves += sum(a != b for a, b in zip(results[0][0], (s for _, s in batch), strict=True))
    assert moves >= 20
    assert len(scored) > 1000  # stories it had to judge, most of them out of reach


def test_settle_gathers_the_known_articles_only_where_the_pairwise_check_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Below `pair_crowd` stories nothing is left out by reach, so the window's articles are not stacked
    at every run (one article per run would pay for the whole window each time)."""
    built: list[int] = []
    build = settling._Reach._build

    def counted(self: settling._Reach) -> dict[int, int]:
        built.append(1)
        return build(self)

    monkeypatch.setattr(settling._Reach, "_build", counted)
    batch, stories = newsroom(0)
    quiet = ClusteringOptions(threshold=0.8, pair_crowd=len(batch) + 1)  # more than there can be
    settle(batch, StoryIndex(stories), quiet, itertools.count(-1, -1))
    assert built == []
    crowded = ClusteringOptions(threshold=0.8, pair_crowd=2)
    settle(batch, StoryIndex(stories), crowded, itertools.count(-1, -1))
    assert built == [1]  # once per settle, however many articles ask
