"""Placing a batch of articles into stories, then a second look at it. Pure, like `core.clustering`.

`place` decides each article in order (`decide`: join the best story or found one). `settle` then looks
again (an article placed early was judged before its real story had formed) and judges each fit against
its surroundings: how well the article and the story fit their nearest other stories. A hub such as the
monthly jobs report or a White House piece needs a better fit than a loner; a plain-fit floor keeps a
newsroom of a few stories, with no crowd to judge by, from merging unrelated events. Two articles that fit
each other far better than the stories they joined leave them together (`regroup`).
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from copydesk.core.clustering import (
    ArticleProfile,
    ClusteringOptions,
    StoryIndex,
    StoryProfile,
    coherent,
    decide,
    found,
    join,
    leave,
    pair_fit,
    score,
)

CANDIDATES = 12
"""In the second look, the stories an article may move to: its this many best plain fits."""


def surroundings(fits: Iterable[float], options: ClusteringOptions) -> float:
    """The mean of the best `options.crowd_size` fits, a missing one counting 0: among few stories (a new
    newsroom, a quiet window) an article's or a story's only neighbours are not a crowd."""
    return sum(heapq.nlargest(options.crowd_size, fits)) / options.crowd_size


def crowding(story: StoryProfile, stories: StoryIndex, options: ClusteringOptions) -> float:
    """How closely a story is surrounded: the mean fit of its articles with its nearest other stories'.

    A fit is a mean over pairs of articles, so a story's fit with another is its mean profile scored
    like an article's."""
    mean = ArticleProfile(story.centroid * story.cohesion, story.names, story.last_seen, story.terms)
    near = (fit for fit, other in stories.fits(mean, options) if other.id != story.id)
    return surroundings(itertools.islice(near, options.crowd_size), options)


def settle(
    batch: Sequence[tuple[ArticleProfile, int]],
    stories: StoryIndex,
    options: ClusteringOptions,
    new_id: Iterator[int],
) -> list[int]:
    """A second look at a batch of articles once all of them are placed (each given with its story's id).

    An article placed early was judged against the stories as they were then. Now that the batch is in,
    each article moves to the story it fits best when that fits well enough and clearly better (by
    `options.settle_margin`) than the rest of its own story, or starts a story of its own when it no longer
    fits the rest of its own. Only the batch's articles move: older articles stay where they are. Updates
    `stories` (new stories take ids from `new_id`) and returns the story id of each article.

    Here a fit is judged against its surroundings (`options.crowding`): an article that fits several
    stories about as well (a monthly jobs report among other jobs reports, a White House piece among
    White House pieces) and a story that sits among many close ones (a hub) must fit each other better
    than a loner. Less `crowding` times the mean of the article's and the story's surroundings (their
    `crowd_size` best fits: the article's with every story, its own counted without it; the story's with the
    others), the fit must reach `options.settle_threshold`. Stories count once whatever their size, so a
    large story raises no bar. With `crowding` 0 the plain fit must reach `options.threshold`. After each
    round's moves, `regroup`.
    """
    placed = [story_id for _, story_id in batch]
    bar = options.settle_threshold if options.crowding else options.threshold
    known = _Reach(lambda: [*(a for a, _ in batch), *(m for s in stories.profiles() for m in s.members)])
    for _ in range(options.settle_rounds):
        moved = False
        crowd: dict[int, float] = {}
        for i, (article, _) in enumerate(batch):
            current = placed[i]
            rest = leave(stories[current], article)
            reach = known.of(article, options)
            own = (
                score(article, rest, options)
                if rest is not None and _coherent(article, rest, stories, options, reach)
                else -math.inf
            )
            plain_own = own
            fits = (
                (fit, s)
                for fit, s in stories.fits(article, options)
                if s.id != current and _coherent(article, s, stories, options, reach)
            )
            if not options.crowding:
                other = next(((fit, s.id) for fit, s in fits), None)
            else:
                others = list(itertools.islice(fits, CANDIDATES))  # the best few: a bar rises by < 1
                for s in [stories[current], *(s for _, s in others)]:
                    if s.id not in crowd:
                        crowd[s.id] = crowding(s, stories, options)
                mine = surroundings(
                    itertools.chain([own][: rest is not None], (fit for fit, _ in others)), options
                )
                # below the floor it leaves, however sparse the surroundings
                own = (
                    own - options.crowding * (mine + crowd[current]) / 2
                    if plain_own >= options.floor
                    else -math.inf
                )
                other = max(
                    (
                        (fit - options.crowding * (mine + crowd[s.id]) / 2, s.id)
                        for fit, s in others
                        if fit >= options.floor
                    ),
                    default=None,
                )
            if other is not None and other[0] >= bar and other[0] > own + options.settle_margin:
                destination = other[1]
            elif rest is not None and own < bar:
                destination = next(new_id)
            else:
                continue
            if rest is None:
                stories.remove(current)
            else:
                stories.put(rest)
            stories.put(
                join(stories[destination], article) if destination in stories else found(destination, article)
            )
            placed[i] = destination
            moved = True
        moved = regroup(batch, placed, stories, options, new_id) or moved
        if not moved:
            break
    return placed


REGROUP_COSINE = 0.4
"""Pairs whose meaning cosine is below this are not looked at by `regroup` (it would take rare words shared
to the point of a copy for them to fit at `threshold` and above their stories by the margin)."""


REGROUP_ROWS = 1024
"""Rows of the batch's cosines computed at once by `regroup`: its memory stays a few tens of MB at any
batch size (a batch of 20,000 would have taken 1.6 GB at once), and a batch of up to this many gets the
very product it always had."""
BOUND_SLACK = 1e-4
"""Room for rounding when `regroup` leaves out the pairs whose fit cannot reach its bar."""


class _Postings:
    """The batch's words, each with the rows that use it and their weights: the words' cosine of one
    article with every article of the batch at once (`shared_terms` for each pair, in one pass)."""

    def __init__(self, terms: Sequence[Mapping[str, float]]) -> None:
        rows: dict[str, list[int]] = {}
        weights: dict[str, list[float]] = {}
        for row, article in enumerate(terms):
            for term, weight in article.items():
                rows.setdefault(term, []).append(row)
                weights.setdefault(term, []).append(weight)
        self.size = len(terms)
        self.rows = {t: np.array(r, dtype=np.intp) for t, r in rows.items()}
        self.weights = {t: np.array(w, dtype=np.float64) for t, w in weights.items()}

    def shared(self, terms: Mapping[str, float]) -> npt.NDArray[np.float64]:
        used = [t for t in terms if t in self.rows]
        if not used:
            return np.zeros(self.size)
        at = np.concatenate([self.rows[t] for t in used])
        weights = np.concatenate([self.weights[t] * terms[t] for t in used])
        return np.bincount(at, weights=weights, minlength=self.size).astype(np.float64, copy=False)


class _Reach:
    """What `pair_fit` of an article with each known article can reach at most: their cosine plus their
    weighted words' cosine (what tells two reports apart only takes off)."""

    def __init__(self, profiles: Callable[[], Iterable[ArticleProfile]]) -> None:
        self._profiles = profiles  # gathered on first use: below `pair_crowd` none is asked for
        self.rows: dict[int, int] | None = None
        self.vectors: npt.NDArray[np.float32] | None = None
        self.words = _Postings([])

    def _build(self) -> dict[int, int]:
        unique = {id(p): p for p in self._profiles()}
        self.vectors = np.stack([p.vector for p in unique.values()]) if unique else None
        self.words = _Postings([p.terms for p in unique.values()])
        self.rows = {key: row for row, key in enumerate(unique)}
        return self.rows

    def of(self, article: ArticleProfile, options: ClusteringOptions) -> Callable[[ArticleProfile], float]:
        """The most `pair_fit(article, other)` can be, for any `other` (inf for one not known), worked out
        for every known article at once on first use."""
        bounds: list[npt.NDArray[np.float64]] = []

        def reach(other: ArticleProfile) -> float:
            rows = self.rows if self.rows is not None else self._build()
            row = rows.get(id(other))
            if row is None or self.vectors is None:
                return math.inf
            if not bounds:
                cosines = (self.vectors @ article.vector).astype(np.float64)
                bounds.append(cosines + options.pair_term_weight * self.words.shared(article.terms))
            return float(bounds[0][row])

        return reach


def _coherent(
    article: ArticleProfile,
    story: StoryProfile,
    stories: StoryIndex,
    options: ClusteringOptions,
    reach: Callable[[ArticleProfile], float],
) -> bool:
    """`coherent`, with the articles of the story scored only when none is out of the article's reach:
    among `pair_crowd` stories an article fits one story in a few thousand, and each of the others cost a
    `pair_fit` or more (a batch of 20,000 among 3,000 stories, 60 million)."""
    floor = options.pair_floor - BOUND_SLACK
    if len(stories) >= options.pair_crowd and any(
        reach(m) < floor for m in story.members if m is not article
    ):
        return False
    return coherent(article, story, stories, options)


def regroup(
    batch: Sequence[tuple[ArticleProfile, int]],
    placed: list[int],
    stories: StoryIndex,
    options: ClusteringOptions,
    new_id: Iterator[int],
) -> bool:
    """Two articles of the batch that fit each other far better than their own stories leave them for a story
    of their own. Two reports of one event that each joined a story of its subject first (an appeal and the
    ruling before it, a committee's vote and its chair's words) fit their stories well enough to stay, and
    neither can move to the other's story, which holds reports it does not fit; one at a time, they stay
    apart for good. Here each article, in order, takes the partner it fits best (`pair_fit`, at least
    `options.threshold`) when that fit is `options.regroup_margin` above both its own and the partner's fit
    with the rest of their stories; the second look's next round may bring the event's other reports to
    them. Updates `placed` and `stories`; returns whether anything moved."""
    if not options.regroup_margin or len(batch) < 2:
        return False
    vectors = np.stack([article.vector for article, _ in batch])
    words = _Postings([article.terms for article, _ in batch])
    moved = False
    for i, (article, _) in enumerate(batch):
        if i % REGROUP_ROWS == 0:
            cosines = vectors[i : i + REGROUP_ROWS] @ vectors.T
        own = _rest_fit(article, placed[i], stories, options)
        if own is None:
            continue
        # A pair's fit is at most its cosine plus its weighted words' cosine (what tells two reports apart
        # only takes off): partners that cannot reach the bar are not scored.
        bar = max(options.threshold, own + options.regroup_margin) - BOUND_SLACK
        row = cosines[i % REGROUP_ROWS]
        reach = row + options.pair_term_weight * words.shared(article.terms)
        best: tuple[float, int] | None = None
        for j in map(int, np.flatnonzero((row >= REGROUP_COSINE) & (reach >= bar))):
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
            stories.put(leave(stories[placed[k]], batch[k][0]))  # type: ignore[arg-type]  # not alone
        stories.put(join(found(story_id, article), batch[j][0]))
        placed[i] = placed[j] = story_id
        moved = True
    return moved


def _rest_fit(
    article: ArticleProfile, story_id: int, stories: StoryIndex, options: ClusteringOptions
) -> float | None:
    """The article's fit with the rest of its story; None when it is alone there (then the second look's
    moves already bring a partner to it)."""
    rest = leave(stories[story_id], article)
    return None if rest is None else score(article, rest, options)


@dataclass(frozen=True)
class Placement:
    """Where a batch went: the story of each new article, and the placed articles that moved."""

    stories: list[int]
    moved: dict[int, int] = field(default_factory=dict)
    """Position in the reconsidered articles (`place`'s `placed`) -> the story it moved to."""


def place(
    articles: Iterable[ArticleProfile],
    stories: StoryIndex,
    options: ClusteringOptions,
    new_id: Iterator[int],
    placed: Sequence[tuple[ArticleProfile, int]] = (),
) -> Placement:
    """Place a batch in order (join the best story or found one, ids from `new_id`), then settle it.

    `placed`: articles placed by earlier runs that may still move (each with its story's id, its profile
    the very object among that story's `members`). Those in the `options.reconsider` stories that fit a
    new article best are settled with the batch: a story formed before the batch's reports came in is
    judged again beside them, so what is grouped depends little on how many arrive at once.
    Updates `stories`.
    """
    batch: list[tuple[ArticleProfile, int]] = []
    for article in articles:
        decision = decide(article, stories, options)
        if decision.story_id is None:
            story_id = next(new_id)
            stories.put(found(story_id, article))
        else:
            story_id = decision.story_id
            stories.put(join(stories[story_id], article))
        batch.append((article, story_id))
    near: set[int] = set()
    for article, _ in batch:
        near.update(s.id for _, s in itertools.islice(stories.fits(article, options), options.reconsider))
    again = [(position, entry) for position, entry in enumerate(placed) if entry[1] in near]
    settled = settle(batch + [entry for _, entry in again], stories, options, new_id)
    moved = {
        position: story_id
        for (position, (_, before)), story_id in zip(again, settled[len(batch) :], strict=True)
        if story_id != before
    }
    return Placement(settled[: len(batch)], moved)
