"""Deciding which story an article belongs to. Pure: vectors, words, names, times in; decisions out.

An article joins the story in the time window that it fits best, when the fit is good enough; else it starts
a new story. The fit with a story is the mean, over the story's articles, of

    cosine(article vector, member vector) + term_weight * cosine(article words, member words)

The vector says what the article is about (its meaning, across wordings); the words say which event: they
are weighted by rarity among recent articles (tf-idf), so a rare name, place or figure shared with a story
("Storm Hadley", "Yonaguni") says much and a common one ("Pentagon", "said") little.

Mean over the members, not the best member nor a centroid alone: one close member is not enough to pull in
an article that is far from the rest of the story (no chaining), and a big story attracts no more than a
small one. Both parts are cosines of fixed unit vectors, so the mean over members is a dot product with the
members' mean, which a story keeps up to date as articles join (`join`): one comparison per story whatever
its size, and only with the stories of the window (the caller fetches those through an index on their
dates; `StoryIndex` then scores all of them at once).

Beside the mean, every pair counts: an article joins or stays in a story only when it fits each of the
story's articles (`coherent`, complete linkage), so a story cannot drift from one event to the next through
reports that each fit the mean.

Here the first pass joins only sure fits; `copydesk.core.settling` places a batch and takes the second look,
where most articles find their story, together with the stories nearest the batch. The weights and
thresholds were tuned on the NeuS/AllSides train split (each story three outlets' reports of one event;
chunks 0-3 of eight, every 8th story each, checked on chunks 4-7) under the constraint that the bundled
demo comes out as written; `reconsider` and the pairwise check on a fixed dev slice of that split (300
stories, `benchmarks/grouping_dev.py`), placed 1, 25 and all at a time, with basil-dev (dated) and the demo.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from copydesk.core.article_terms import Terms, shared_terms
from copydesk.core.telling_apart import pair_penalties, told_apart
from copydesk.core.vectors import Vector, unit


@dataclass(frozen=True)
class ClusteringOptions:
    """How readily an article joins a story."""

    threshold: float = 1.1
    """Least fit (mean cosine of meaning, plus weighted mean cosine of rare words) to join a story at once,
    before the second look (`settle`); only sure joins, the second look does the rest."""
    term_weight: float = 2.5
    """Weight of the shared-words cosine beside the meaning cosine."""
    window: timedelta = timedelta(days=4)
    """An article joins only stories seen within this time of its own date."""
    settle_rounds: int = 3
    """Second looks at a batch once it is placed (`settle`); 0 turns them off."""
    settle_margin: float = 0.02
    """How much better another story must fit before an article moves to it."""
    crowding: float = 1.0
    """In the second look, how much of its surroundings' fit is taken off a fit (0: none; see `settle`)."""
    crowd_size: int = 3
    """The surroundings of an article or a story: its this many best-fitting stories."""
    settle_threshold: float = 0.1
    """Least fit, less the surroundings' share, to stay in or move to a story in the second look."""
    floor: float = 0.6
    """Least plain fit to stay in or move to a story in the second look, however sparse the surroundings
    (in a newsroom of three stories there is no crowd to judge by)."""
    reconsider: int = 3
    """Each new article's this many best-fitting stories have their articles settled again with the batch
    (`settling.place`): without it a stream placed one article at a time merged a third of its stories
    (NeuS train dev slice, batch 1: B-cubed P 0.64; with it 0.77, and the same at any batch size)."""
    regroup_margin: float = 0.3
    """In the second look, two articles of the batch in two stories leave them for one of their own when
    they fit each other (`pair_fit`) at least `threshold` and this much better than each fits the rest of
    its own story (`settling.regroup`); 0 turns it off."""
    pair_floor: float = 0.85
    """Least fit (`pair_fit`) of an article with every article of a story it joins or stays in: one close
    member and a close mean are not enough when the article is far from one of the story's reports (dev
    slice, batch 1: 0.75 gave P 0.871 R 0.916, 0.85 P 0.918 R 0.884, 0.9 P 0.929 R 0.863)."""
    pair_term_weight: float = 2.5
    """Weight of the shared-words cosine in `pair_fit`."""
    pair_crowd: int = 20
    """The pairwise check applies among this many stories or more (see `coherent`)."""
    numbers_apart: float = 1.0
    """Taken from `pair_fit` when two reports each give `numbers_least` telling numbers or more in their
    openings and share none: a jobs report of one month and of the next, one week's jobless claims and
    another's. Among the dev slice's pairs that pass `pair_floor`, such pairs were 50 of the different-story
    ones and 5 of the same-story ones; pairs where one gives a single number, 5 and 22."""
    numbers_least: int = 2
    """How many telling numbers each report must give for `numbers_apart` to apply (with 1 and 0.3, the
    rule before: dev slice batch 1 P 0.9467 R 0.8637; with 2 and 1.0, P 0.9532 R 0.8622)."""
    months_apart: float = 1.0
    """Taken from `pair_fit` when two reports' openings each say which month their figures or events belong
    to ("in April") and name no month alike (dev slice pairs passing the floor: 19 different-story, 0
    same-story)."""
    next_day_apart: float = 0.4
    """Taken from `pair_fit` when the weekdays on which two reports' openings say their events happened
    (`lead_days`) lie one day apart: a reaction the next day is often told as one event, a follow-up as
    another (dev slice pairs passing the floor: 87 different-story, 32 same-story)."""
    days_apart: float = 1.0
    """Taken from `pair_fit` when those weekdays lie two days apart or more (137 different-story pairs, 7
    same-story): reports of one event that fit very well stay together, as a story told over days does
    (3.0, never together: dev slice batch 1 P 0.9532 R 0.8593; 1.0: P 0.9532 R 0.8622)."""


@dataclass(frozen=True)
class ArticleProfile:
    """What the decider knows of a new article."""

    vector: Vector
    """Unit embedding of its title and lead."""
    names: frozenset[str]
    published: datetime | None
    terms: Terms = field(default_factory=dict)
    """Its words as a unit tf-idf vector (`weigh(words(title and opening), rarity)`)."""
    places: frozenset[str] = frozenset()
    """The places its title and opening name (`places.lead_places`), to keep apart reports of two places."""
    numbers: frozenset[float] = frozenset()
    """The telling numbers its title and opening give (`lead_numbers`): two reports that each give some
    and share none tell two events more often than one (a jobs report of one month and of the next)."""
    days: frozenset[int] = frozenset()
    """The weekdays (0 for Monday) on which its title and opening say its event happened (`lead_days`)."""
    months: frozenset[int] = frozenset()
    """The months (1 for January) its title and opening say its figures belong to (`lead_months`)."""


@dataclass(frozen=True)
class StoryProfile:
    """What the decider knows of a story: the means of its articles' vectors and words, names, dates."""

    id: int
    centroid: Vector
    """Unit direction of its articles' mean vector."""
    names: frozenset[str]
    last_seen: datetime | None
    size: int
    cohesion: float = 1.0
    """Length of its articles' mean vector (1 when they all agree): the mean cosine with them is
    `cohesion * cosine(centroid)`."""
    terms: Terms = field(default_factory=dict)
    """Mean of its articles' tf-idf word vectors."""
    members: tuple[ArticleProfile, ...] = ()
    """Its articles, for the pairwise check (`coherent`); empty when unknown (then nothing is checked)."""

    @classmethod
    def of(cls, id: int, members: Sequence[ArticleProfile]) -> StoryProfile:
        """The profile of a story from its articles (at least one)."""
        mean = np.mean(np.stack([m.vector for m in members]), axis=0)
        terms: Counter[str] = Counter()
        for m in members:
            terms.update(m.terms)
        seen = [m.published for m in members if m.published is not None]
        return cls(
            id=id,
            centroid=unit(mean),
            names=frozenset().union(*(m.names for m in members)),
            last_seen=max(seen) if seen else None,
            size=len(members),
            cohesion=float(np.linalg.norm(mean)),
            terms={t: w / len(members) for t, w in terms.items()},
            members=tuple(members),
        )


@dataclass(frozen=True)
class Assignment:
    """The decision: join story `story_id`, or start a new story when it is None."""

    story_id: int | None
    score: float


def score(article: ArticleProfile, story: StoryProfile, options: ClusteringOptions) -> float:
    """How well an article fits a story: mean meaning cosine plus weighted mean rare-word cosine."""
    meaning = story.cohesion * float(np.dot(article.vector, story.centroid))
    return meaning + options.term_weight * shared_terms(article.terms, story.terms)


def pair_fit(a: ArticleProfile, b: ArticleProfile, options: ClusteringOptions) -> float:
    """How well two articles fit each other: `score` for a story of one, less what tells them apart
    (`pair_penalties`)."""
    fit = float(np.dot(a.vector, b.vector)) + options.pair_term_weight * shared_terms(a.terms, b.terms)
    for _, taken in pair_penalties(a, b, options):
        fit -= taken
    return fit


def coherent(
    article: ArticleProfile, story: StoryProfile, stories: StoryIndex, options: ClusteringOptions
) -> bool:
    """Whether the article fits every one of the story's articles at least `options.pair_floor`.

    Among `options.pair_crowd` stories or more, always. In a quiet window (BASIL's events, years apart,
    placed one at a time; the demo's storm beside two other stories) word rarity says little and one
    event's reports fell below the floor, so there only where the article and the story's reports name
    different places (`places.apart`: a strike at one port and a ballot at another are two events) or tell
    of days two or more apart (a minister questioned on Monday, resigning on Wednesday)."""
    others = [m for m in story.members if m is not article]
    quiet = len(stories) < options.pair_crowd
    if quiet and not told_apart(article, others):
        return True
    return all(pair_fit(article, m, options) >= options.pair_floor for m in others)


def in_window(article: ArticleProfile, story: StoryProfile, options: ClusteringOptions) -> bool:
    """Whether the story was reported close enough in time to take this article."""
    if article.published is None or story.last_seen is None:
        return True
    return abs(article.published - story.last_seen) <= options.window


class StoryIndex:
    """The stories of the window, indexed to score an article against all of them at once.

    A matrix of the stories' mean vectors (one product gives every meaning part) and postings from each word
    to the stories that use it (only stories sharing a word with the article are visited for the words part).
    """

    def __init__(self, stories: Iterable[StoryProfile] = ()) -> None:
        self._profiles: dict[int, StoryProfile] = {}
        self._row: dict[int, int] = {}
        self._ids: list[int | None] = []
        self._free: list[int] = []
        self._means: npt.NDArray[np.float32] = np.zeros((0, 0), dtype=np.float32)
        self._postings: dict[str, dict[int, float]] = {}
        # each word's postings as arrays of rows and weights, packed when first needed after a change
        self._packed: dict[str, tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]] = {}
        for story in stories:
            self.put(story)

    def __len__(self) -> int:
        return len(self._profiles)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._profiles

    def __getitem__(self, story_id: int) -> StoryProfile:
        return self._profiles[story_id]

    def profiles(self) -> list[StoryProfile]:
        return list(self._profiles.values())

    def put(self, story: StoryProfile) -> None:
        """Add a story, or replace its profile."""
        if story.id in self._profiles:
            self._drop_postings(self._profiles[story.id])
            row = self._row[story.id]
        else:
            row = self._free.pop() if self._free else len(self._ids)
            if row == len(self._ids):
                self._ids.append(None)
            self._row[story.id] = row
            self._ids[row] = story.id
        mean = story.centroid * story.cohesion
        if self._means.shape[1] != mean.shape[0]:
            self._means = np.zeros((max(16, len(self._ids)), mean.shape[0]), dtype=np.float32)
        if row >= self._means.shape[0]:
            grown = np.zeros((2 * self._means.shape[0], self._means.shape[1]), dtype=np.float32)
            grown[: self._means.shape[0]] = self._means
            self._means = grown
        self._means[row] = mean
        for term, weight in story.terms.items():
            self._postings.setdefault(term, {})[story.id] = weight
            self._packed.pop(term, None)
        self._profiles[story.id] = story

    def remove(self, story_id: int) -> None:
        self._drop_postings(self._profiles.pop(story_id))
        row = self._row.pop(story_id)
        self._ids[row] = None
        self._means[row] = 0.0
        self._free.append(row)

    def _drop_postings(self, story: StoryProfile) -> None:
        for term in story.terms:
            self._packed.pop(term, None)
            postings = self._postings[term]
            del postings[story.id]
            if not postings:
                del self._postings[term]

    def _pack(self, term: str) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]:
        if term not in self._packed:
            postings = self._postings[term]
            self._packed[term] = (
                np.fromiter((self._row[story_id] for story_id in postings), np.intp, len(postings)),
                np.fromiter(postings.values(), np.float64, len(postings)),
            )
        return self._packed[term]

    def fits(
        self, article: ArticleProfile, options: ClusteringOptions
    ) -> Iterator[tuple[float, StoryProfile]]:
        """`score` of the article with each story in its window, best first (lazily: stop when you like)."""
        rows = len(self._ids)
        if not rows:
            return
        total = (self._means[:rows] @ article.vector).astype(np.float64)
        shared = [(self._pack(t), weight) for t, weight in article.terms.items() if t in self._postings]
        if shared:  # one pass over every posting of the article's words
            at = np.concatenate([story_rows for (story_rows, _), _ in shared])
            weights = np.concatenate([story_weights * weight for (_, story_weights), weight in shared])
            total += options.term_weight * np.bincount(at, weights=weights, minlength=rows)
        for row in np.argsort(-total, kind="stable"):
            story_id = self._ids[row]
            if story_id is not None and in_window(article, story := self._profiles[story_id], options):
                yield float(total[row]), story


def decide(
    article: ArticleProfile,
    stories: StoryIndex | Sequence[StoryProfile],
    options: ClusteringOptions,
) -> Assignment:
    """Join the best-fitting story in the window when it fits well enough, else start a new one."""
    index = stories if isinstance(stories, StoryIndex) else StoryIndex(stories)
    fits = index.fits(article, options)
    best = next(fits, None)
    if best is None:
        return Assignment(None, 0.0)
    # the best-fitting story in reach whose every article the new one fits (`coherent`)
    for candidate_fit, candidate in itertools.chain([best], fits):
        if candidate_fit < options.threshold:
            break
        if coherent(article, candidate, index, options):
            return Assignment(candidate.id, candidate_fit)
    return Assignment(None, best[0])


def found(id: int, article: ArticleProfile) -> StoryProfile:
    """The profile of a story that the article starts."""
    return StoryProfile.of(id, [article])


def leave(story: StoryProfile, article: ArticleProfile) -> StoryProfile | None:
    """The story's profile once one of its articles has left it (None when it was the only one).

    Names and dates are kept as they were: the decider scores meaning and words only."""
    n = story.size
    if n <= 1:
        return None
    mean = (story.centroid * (story.cohesion * n) - article.vector) / (n - 1)
    terms = {}
    for t, w in story.terms.items():
        rest = (w * n - article.terms.get(t, 0.0)) / (n - 1)
        if rest > 1e-9:
            terms[t] = rest
    return StoryProfile(
        id=story.id,
        centroid=unit(mean),
        names=story.names,
        last_seen=story.last_seen,
        size=n - 1,
        cohesion=float(np.linalg.norm(mean)),
        terms=terms,
        members=tuple(m for m in story.members if m is not article),
    )


def join(story: StoryProfile, article: ArticleProfile) -> StoryProfile:
    """The story's profile once the article has joined it: running means of vectors and words."""
    n = story.size
    mean = (story.centroid * (story.cohesion * n) + article.vector) / (n + 1)
    terms = {t: w * n / (n + 1) for t, w in story.terms.items()}
    for t, w in article.terms.items():
        terms[t] = terms.get(t, 0.0) + w / (n + 1)
    seen = [t for t in (story.last_seen, article.published) if t is not None]
    return StoryProfile(
        id=story.id,
        centroid=unit(mean),
        names=story.names | article.names,
        last_seen=max(seen) if seen else None,
        size=n + 1,
        cohesion=float(np.linalg.norm(mean)),
        terms=terms,
        members=(*story.members, article) if story.members or n == 0 else (),
    )
