"""Deciding which story an article belongs to. Pure: vectors, names and times come in, decisions go out."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from copydesk.core.vectors import Vector, unit


@dataclass(frozen=True)
class ClusteringOptions:
    """How readily an article joins a story."""

    threshold: float = 0.85
    """Least score (cosine plus weighted shared names) to join a story instead of starting one."""
    name_weight: float = 0.8
    """Weight of the shared-names score, which runs from 0 to 1."""
    name_top: int = 3
    """How many of the rarest shared names count: one rare name in common says more than many common ones."""
    window: timedelta = timedelta(days=4)
    """An article joins only stories seen within this time of its own date."""


@dataclass(frozen=True)
class StoryProfile:
    """What the decider knows of a story: its centroid, its names, when it was last reported."""

    id: int
    centroid: Vector
    names: frozenset[str]
    last_seen: datetime | None
    size: int


@dataclass(frozen=True)
class ArticleProfile:
    """What the decider knows of a new article."""

    vector: Vector
    names: frozenset[str]
    published: datetime | None


@dataclass(frozen=True)
class Assignment:
    """The decision: join story `story_id`, or start a new story when it is None."""

    story_id: int | None
    score: float


@dataclass(frozen=True)
class NameRarity:
    """How rare each name is among recent articles: inverse document frequency."""

    counts: Mapping[str, int]
    articles: int

    def idf(self, name: str) -> float:
        return math.log((self.articles + 1) / (self.counts.get(name, 0) + 1))

    @property
    def ceiling(self) -> float:
        return math.log(self.articles + 1) or 1.0


def shared_names(article: frozenset[str], story: frozenset[str], rarity: NameRarity, top: int) -> float:
    """0 to 1: the rarity of the `top` rarest names an article shares with a story."""
    shared = sorted((rarity.idf(n) for n in article & story), reverse=True)[:top]
    return sum(shared) / (top * rarity.ceiling)


def score(
    article: ArticleProfile, story: StoryProfile, rarity: NameRarity, options: ClusteringOptions
) -> float:
    """How well an article fits a story: meaning, plus the rare names they share."""
    cosine = float(np.dot(article.vector, story.centroid))
    return cosine + options.name_weight * shared_names(article.names, story.names, rarity, options.name_top)


def in_window(article: ArticleProfile, story: StoryProfile, options: ClusteringOptions) -> bool:
    """Whether the story was reported close enough in time to take this article."""
    if article.published is None or story.last_seen is None:
        return True
    return abs(article.published - story.last_seen) <= options.window


def decide(
    article: ArticleProfile,
    stories: Sequence[StoryProfile],
    rarity: NameRarity,
    options: ClusteringOptions,
) -> Assignment:
    """Join the best-fitting story in the window when it fits well enough, else start a new one."""
    best: Assignment = Assignment(None, 0.0)
    for story in stories:
        if not in_window(article, story, options):
            continue
        s = score(article, story, rarity, options)
        if s >= options.threshold and s > best.score:
            best = Assignment(story.id, s)
    return best


def join(story: StoryProfile, article: ArticleProfile) -> StoryProfile:
    """The story's profile once the article has joined it."""
    mean = (story.centroid * story.size + article.vector) / (story.size + 1)
    seen = [t for t in (story.last_seen, article.published) if t is not None]
    return StoryProfile(
        id=story.id,
        centroid=unit(mean),
        names=story.names | article.names,
        last_seen=max(seen) if seen else None,
        size=story.size + 1,
    )
