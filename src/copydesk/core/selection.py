"""How the extractive writer ranks and picks its candidates: salience, what every report gives, and
maximal marginal relevance so that no fact is told twice."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from copydesk.core.candidates import Candidate, quoted_words
from copydesk.core.dates import MONTHS, WEEKDAYS
from copydesk.core.text import lemmas, names, number_values, telling_numbers
from copydesk.core.types import SourceDoc
from copydesk.core.vectors import Vector, centroid

if TYPE_CHECKING:
    from copydesk.core.extractive import WriterOptions


def score(cands: list[Candidate], n_sources: int, options: WriterOptions) -> Vector:
    """Salience of each candidate; also returns the similarity matrix."""
    mat = np.stack([c.vector for c in cands])
    center = centroid(mat)
    sims = mat @ mat.T
    for i, c in enumerate(cands):
        others = {cands[j].source for j in np.nonzero(sims[i] >= options.agreement)[0]} - {c.source}
        agreement = len(others) / (n_sources - 1) if n_sources > 1 else 0.0
        position = 1.0 / (1.0 + 0.25 * c.position)
        c.salience = 0.5 * float(mat[i] @ center) + 0.3 * agreement + 0.2 * position
    return sims


def _facts(text: str) -> set[str]:
    """A sentence's names and telling numbers, as comparable keys."""
    found = {n.casefold() for n in names(text, initial=False) if len(n) > 2}
    return found | {f"{v:g}" for v in telling_numbers(frozenset(number_values(text)))}


def corroborated(cands: list[Candidate], sources: Sequence[SourceDoc], options: WriterOptions) -> None:
    """Raise the salience of sentences that carry what every report gives (names, numbers): the news that
    all the outlets agree on ranks above one outlet's colour."""
    per_source = [_facts(" ".join(p.text for p in doc.passages)) for doc in sources]
    shared = set.intersection(*per_source)
    if not shared:
        return
    for c in cands:
        carried = len(_facts(c.text) & shared)
        c.salience += options.shared_facts * min(carried, 3) / 3


# Names every report gives that need no sentence of their own: the country, the capital, the parties and
# chambers, a day
_GENERAL = frozenset(
    (
        "America American Americans U.S. Washington Congress Senate House Republican Republicans Democrat "
        "Democrats Democratic GOP Rev"
    ).split()
) | {"United States", "White House"} | {day.capitalize() for day in (*WEEKDAYS, *MONTHS)}


def central_names(sources: Sequence[SourceDoc], per_report: int = 2) -> list[str]:
    """The names every report gives and comes back to (`per_report` times each on average), most told
    first: what a reader expects the article to name ("Newtown" in each report of a gun-control plan that
    the shooting there prompted)."""
    if len(sources) < 2:
        return []
    texts = [" ".join(p.text for p in doc.passages) for doc in sources]
    shared = set.intersection(*(names(t, initial=False) for t in texts)) - _GENERAL
    counts = {n: sum(t.count(n) for t in texts) for n in shared}
    return sorted((n for n in shared if counts[n] >= per_report * len(sources)), key=lambda n: -counts[n])


def shared_numbers(sources: Sequence[SourceDoc]) -> list[float]:
    """The telling numbers every report gives ("42" Senate Republicans, "$750,000"), largest first."""
    if len(sources) < 2:
        return []
    per = [telling_numbers(number_values(" ".join(p.text for p in doc.passages))) for doc in sources]
    return sorted(set.intersection(*per), reverse=True)


def quoted_by_all(cands: list[Candidate], sources: Sequence[SourceDoc], options: WriterOptions) -> None:
    """Raise the salience of sentences quoting words that every other report quotes too: the line the
    event turns on ("exit the Senate race"), which a reader expects to find. Not for the dek, which tells
    what happened in the reporter's words."""
    quoted = [quoted_words(" ".join(p.text for p in doc.passages)) for doc in sources]
    for c in cands:
        others = [bool(c.quoted & q) for k, q in enumerate(quoted) if k != c.source]
        if c.quoted and all(others):
            c.salience += options.shared_quote
            c.everyone_quotes = True
        elif c.quoted and any(others):  # two outlets of three or more quote it: a line the event turns on
            c.salience += options.shared_quote / 2


def retells(text: str, news: frozenset[str], options: WriterOptions) -> bool:
    """Whether a sentence tells the headline's news (`news`, its lemmas) again: nearly all its words, in
    any form ("will challenge ... for the position of majority leader" under "Lund challenges ... for
    majority leader"). A headline of under five words says too little to tell."""
    return len(news) >= 5 and len(news & lemmas(text)) >= options.retold * len(news)


def tells_more(
    c: Candidate, news: frozenset[str], options: WriterOptions, titled: frozenset[str] = frozenset()
) -> bool:
    """Whether a body sentence tells more than the headline's news: it does not retell it, or it gives
    the words every report quotes, which are the source of that news rather than its echo (the
    secretary's statement on the ruling the headline tells), or what the outlets' titles name and the
    headline does not (`titled`: "... and has sent investigators to Hawaii", cut from the headline)."""
    if c.everyone_quotes or not retells(c.text, news, options):
        return True
    return bool((lemmas(c.text) - news) & titled)


def redundant(
    i: int, chosen: list[int], cands: list[Candidate], sims: Vector, options: WriterOptions
) -> bool:
    """Whether candidate `i` says again what a chosen sentence says (in meaning, words or numbers)."""
    numbers = cands[i].numbers
    telling = telling_numbers(numbers)
    told = frozenset().union(*(cands[j].numbers for j in chosen)) if numbers else frozenset()
    quoted = cands[i].quoted
    for j in chosen:
        shared = quoted & cands[j].quoted
        if cands[i].everyone_quotes and shared and 4 * len(shared) <= len(quoted):
            continue  # it quotes a few words of the line every report gives ("I trust in God, but ...")
        if quoted & cands[j].quoted or _inside(quoted, cands[j].quoted) or _inside(cands[j].quoted, quoted):
            return True  # the same words quoted twice ("try showing a little class")
        if sims[i, j] >= options.redundancy and not (cands[i].everyone_quotes and not cands[j].quoted):
            return True  # but the words every report quotes are the source of a telling, not its echo
        if _overlap(cands[i].terms, cands[j].terms) >= options.overlap:
            return True
        theirs = cands[j].numbers
        if numbers and numbers <= told and sims[i, j] >= options.redundancy - 0.2:
            return True  # "17 of the 23 cases": the 23 in the dek, the 17 in the lead, in other words
        if telling & theirs and sims[i, j] >= options.redundancy - options.same_number:
            return True  # "28,500 U.S. troops" told twice in other words
    return False


def _inside(short: frozenset[str], runs: frozenset[str]) -> bool:
    """Whether a quotation of three words ("get this done") is within a longer one's runs of four ("but
    get this done")."""
    return any(f" {q} " in f" {run} " for q in short if q.count(" ") == 2 for run in runs)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def pick(
    cands: list[Candidate],
    sims: Vector,
    chosen: list[int],
    count: int,
    options: WriterOptions,
    allow: Callable[[Candidate], bool],
    before: Mapping[int, int] | None = None,
) -> list[int]:
    """Add up to `count` allowed candidates by maximal marginal relevance; returns the new ones. With
    `before` (each candidate's sentence before it in its report), a sentence allowed only once the one
    before it is told may come with it, the two scored together."""
    picked: list[int] = []
    words: dict[int, frozenset[str]] = {}

    def said(i: int) -> frozenset[str]:
        if i not in words:
            words[i] = lemmas(cands[i].text)
        return words[i]

    def fresh(i: int, told: frozenset[str]) -> bool:
        if i in chosen or redundant(i, chosen, cands, sims, options):
            return False
        # its words are not the article's already: it tells something new
        return len(said(i)) < 4 or len(said(i) - told) >= options.novelty * len(said(i))

    def penalty(*ks: int) -> float:
        return max((float(sims[k, j]) for k in ks for j in chosen), default=0.0)

    def with_it(i: int, j: int) -> bool:
        """Whether `i` is allowed once `j` is told (`allow` reads the article so far)."""
        chosen.append(j)
        try:
            return allow(cands[i])
        finally:
            chosen.pop()

    while len(picked) < count:
        best: tuple[int, ...] = ()
        best_score = -math.inf
        told = frozenset().union(*(said(j) for j in chosen))
        for i, c in enumerate(cands):
            if not fresh(i, told):
                continue
            if allow(c):
                score = c.salience - 0.3 * penalty(i)
                if score > best_score:
                    best, best_score = (i,), score
                continue
            j = (before or {}).get(i)
            if j is None or len(picked) + 2 > count or not allow(cands[j]) or not fresh(j, told):
                continue
            score = (c.salience + cands[j].salience) / 2 - 0.3 * penalty(i, j)
            if score > best_score and not redundant(i, [j], cands, sims, options) and with_it(i, j):
                best, best_score = (j, i), score  # (not the quotation `j` tells whole again)
        if not best:
            break
        chosen.extend(best)
        picked.extend(best)
    return picked
