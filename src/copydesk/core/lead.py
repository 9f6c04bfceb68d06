"""The news first: which report opening is the dek, and the headline made from what the outlets agree on.

The dek is the opening sentence that the other reports' openings agree with most (what happened, as
several outlets tell it), never a preview's "will" while another report tells what happened. The headline
is Copydesk's own (`headlines.headline_from`), made from another outlet's opening that tells the dek's news
(so that it does not repeat the dek under it) or from the dek; only when none of those makes one is it an
outlet's title, the fairest one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from copydesk.core.dates import days_to_come
from copydesk.core.headlines import (
    fairest_title,
    headline_from,
    opens_on_scene,
    present_tense,
    source_headline,
)
from copydesk.core.people import People
from copydesk.core.standalone import leans_on_a_thing, opens_on_a_thing, stands_alone
from copydesk.core.text import content_words, house_style, lemmas, unquoted
from copydesk.core.types import Passage, SourceDoc
from copydesk.core.vectors import Vector
from copydesk.core.verify import verify_sentence

if TYPE_CHECKING:
    from copydesk.core.extractive import WriterOptions


class Opening(Protocol):
    """What is read of a candidate sentence here (the extractive writer's candidates)."""

    passage: Passage
    source: int
    position: int
    salience: float
    alone: bool
    by_surname: bool
    loaded: bool
    things: frozenset[str]

    @property
    def text(self) -> str: ...


HEADLINE_TRIES = 3
"""The ranked openings tried for a headline of Copydesk's own before an outlet's title is used."""
TITLES_WEIGHT = 0.3
"""How much an opening gains in `rank_openings` by telling all that the outlets' titles share (a share of
that weight for a share of the words): near the spread of the openings' agreement (about 0.1-0.3)."""
HEADLINE_CLOSENESS = 0.7
"""Past the dek, an opening makes the headline only when this close to the dek in meaning (cosine): it
tells the same news, not an angle on it ("contractors are sizing up the new strategy")."""

HEADLINE_OTHER = 0.6
"""Before the dek itself: another report's early sentence this close to the dek's news (cosine)."""
HEADLINE_NEAR = 0.5
"""After those: a report's early sentence this close to the dek's news (cosine) may make the headline."""
TITLE_WORDS = 2
"""Words a headline from that search shares with a title for the title to tell the same news."""
HEADLINE_POSITIONS = 3
"""How far into each report that second search reads (its first sentences name their subject)."""
SAME_NEWS_DAYS = 1
"""A headline comes from a report published at most this many days from the dek's report (a report of
days before or after may tell another meeting of the same people)."""

_PREVIEW = re.compile(
    r"\b(?:will|is (?:expected|set|scheduled|poised|due|slated) to|are (?:expected|set|scheduled|poised|due|"
    r"slated) to|plans to|intends to)\b",
    re.IGNORECASE,
)


def _preview(text: str) -> bool:
    """Whether the reporter's words tell what will happen rather than what happened."""
    return bool(_PREVIEW.search(unquoted(text)))


def superseded_previews(
    dek: int, cands: Sequence[Opening], sims: Vector, sources: Sequence[SourceDoc]
) -> list[int]:
    """The sentences of reports published a day or more before the dek's that tell in the future what the
    dek tells as done ("Obama this week will embrace a plan ... 19 separate actions" under "Obama called
    Wednesday for ... 23 steps he took"): the event has happened, and the preview's figures may not hold.
    So are those that tell what is to happen, or may, on a day that has come by the dek's report ("could
    use a public event as soon as Wednesday" in a report of the Monday before), whatever they tell."""
    when = sources[cands[dek].source].published
    if when is None:
        return []
    day, dek_previews = when.date(), _preview(cands[dek].text)
    out = []
    for i, c in enumerate(cands):
        published = sources[c.source].published
        if published is None or published.date() >= day:
            continue
        if any(to_come <= day for to_come in days_to_come(c.text, published.date())):
            out.append(i)  # "could ... as soon as Wednesday" where the dek's report is of that Wednesday
        elif not dek_previews and sims[dek, i] >= HEADLINE_NEAR and _preview(c.text):
            out.append(i)
    return out


def _days_apart(a: SourceDoc, b: SourceDoc) -> int:
    """Whole days between two reports' publication dates; 0 where either date is unknown."""
    if a.published is None or b.published is None:
        return 0
    return abs((a.published.date() - b.published.date()).days)


def title_words(sources: Sequence[SourceDoc]) -> list[frozenset[str]]:
    """Each outlet's title as lemmas, in the page's house style."""
    return [lemmas(house_style(source_headline(s))) for s in sources]


def titles_share(
    sources: Sequence[SourceDoc], titles: Sequence[frozenset[str]] | None = None
) -> frozenset[str]:
    """The words (as lemmas) that two or more outlets put in their titles (`title_words`, given or read):
    what the outlets agree the news is ("Arpaio endorses Perry", "Perry wins endorsement of Sheriff Joe")."""
    return in_two(title_words(sources) if titles is None else titles)


def rank_openings(
    cands: Sequence[Opening],
    sims: Vector,
    options: WriterOptions,
    people: People,
    titled: frozenset[str] = frozenset(),
) -> list[int]:
    """The report openings that may stand first, best first: the one the other reports' openings agree
    with most leads (what happened), and the more of what the outlets' titles share it tells (`titled`),
    the better; a preview only after what happened. Empty when none may."""
    openings = [i for i, c in enumerate(cands) if c.position < options.lead_positions]
    scored: list[tuple[float, int]] = []
    for i in openings:
        c = cands[i]
        if c.position > 1 or not c.alone or c.loaded or len(c.text.split()) > options.dek_max_words:
            continue
        if not people.introduced(c.text, []) or not people.mentions_introduced(c.text, []):
            continue  # the dek comes first: no one told yet ("has sent Ryan a letter": which Ryan)
        if options.reading_order and (opens_on_a_thing(c.text) or c.things):
            continue  # "The ruling allows ...", "... spoke out against the measure": which is not told yet
        per_source: dict[int, float] = {}
        for j in openings:
            if cands[j].source != c.source:
                per_source[cands[j].source] = max(per_source.get(cands[j].source, -1.0), float(sims[i, j]))
        agreement = sum(per_source.values()) / max(1, len(per_source))
        score = agreement + 0.2 * c.salience - 0.1 * c.position - 0.03 * c.source
        if titled:
            score += TITLES_WEIGHT * len(lemmas(c.text) & titled) / len(titled)
        if options.news_first and _preview(c.text) and any(not _preview(cands[j].text) for j in openings):
            score -= 1.0  # "will invoke the Fifth" while another report tells what she did
        scored.append((score, i))
    return [i for _, i in sorted(scored, key=lambda si: -si[0])]  # stable: the first of equals leads


def shared_words(sources: Sequence[SourceDoc], opening: int = 2) -> frozenset[str]:
    """The words that at least two reports use in their title or first sentences: what a shortened
    headline keeps before anything else."""
    told = (" ".join([source.title, *(p.text for p in source.passages[:opening])]) for source in sources)
    return in_two([frozenset(content_words(text)) for text in told])


def make_headline(
    ranked: Sequence[int],
    cands: Sequence[Opening],
    sims: Vector,
    sources: Sequence[SourceDoc],
    options: WriterOptions,
    people: People,
    titles: Sequence[frozenset[str]] | None = None,
) -> tuple[str, int | None]:
    """Copydesk's own headline, verified against its passage, and the candidate it is made from: from
    another outlet's first sentence that tells the dek's (`ranked[0]`) news, where one makes a headline,
    else from the dek; else the fairest outlet title (one outlet's words, with its slant and search-engine
    wording), made from no candidate (None). No headline carries one outlet's judgement."""
    dek = cands[ranked[0]]
    if not options.own_headline:
        return source_headline(sources[dek.source]), None
    told = [i for i in ranked if not _preview(cands[i].text)]  # what happened, not what will
    keep = shared_words(sources)
    # another outlet's telling of the dek's news first: a headline that only repeats the dek says it twice;
    # then another report's early sentence close to the news (one outlet's opening with a loaded word may
    # still make a plain headline), the dek itself, any early sentence near the news; else a title
    titles = title_words(sources) if titles is None else titles  # (`titles_share` read them once already)
    # of the dek's days: a report of days before or after may tell another meeting, vote or hearing
    near_day = [_days_apart(sources[c.source], sources[dek.source]) <= SAME_NEWS_DAYS for c in cands]
    first = [
        i for i in ranked[1:HEADLINE_TRIES] if near_day[i] and _tells_the_dek(i, ranked[0], cands, sims, told)
    ]
    near = sorted(
        (
            i
            for i, c in enumerate(cands)
            if i != ranked[0] and i not in first and near_day[i]  # tried before; the other ranked openings
            # may come after the dek (here), never before it (`other` is for sentences that did not rank)
            and c.alone  # "She then invokes ...": it stands without the sentence before it
            and c.position < HEADLINE_POSITIONS
            and sims[ranked[0], i] >= HEADLINE_NEAR
            and not (told and _preview(c.text))
        ),
        key=lambda i: -float(sims[ranked[0], i]),
    )
    other = [
        i
        for i in near
        if i not in ranked[:HEADLINE_TRIES]
        and cands[i].source != dek.source
        and sims[ranked[0], i] >= HEADLINE_OTHER
    ]
    for titled, tries in ((False, first), (True, other), (False, [ranked[0]]), (True, near)):
        for i in tries:
            made = _own(cands[i], keep, people)
            if made and (not titled or _titled(made, titles)):
                return made, i
    return fairest_title(sources, dek.text), None


def _tells_the_dek(i: int, dek: int, cands: Sequence[Opening], sims: Vector, told: list[int]) -> bool:
    """Whether another outlet's first sentence tells the dek's news (it names its subject; not a preview
    while another opening tells what happened)."""
    c = cands[i]
    return (
        c.position == 0
        and c.source != cands[dek].source
        and not (told and _preview(c.text))
        and sims[dek, i] >= HEADLINE_CLOSENESS
    )


def _titled(headline: str, titles: Sequence[frozenset[str]]) -> bool:
    """Whether a headline tells what the outlets' titles tell: two of its words in each of two titles
    (a sentence near the dek may tell the background: "Ferguson has endured a week of unrest")."""
    mine = lemmas(house_style(headline))  # "defends ... attack" tells "Defended ... Attacks"
    return sum(len(mine & t) >= TITLE_WORDS for t in titles) >= min(2, len(titles))


def in_two(sets: Sequence[frozenset[str]]) -> frozenset[str]:
    """The words that two or more of the sets hold."""
    seen: dict[str, int] = {}
    for words in sets:
        for word in words:
            seen[word] = seen.get(word, 0) + 1
    return frozenset(w for w, n in seen.items() if n >= 2)


def _own(c: Opening, keep: frozenset[str], people: People) -> str | None:
    """A headline of Copydesk's own from the candidate, verified against its passage; None where none
    reads as one, carries a judgement, names someone not yet told or speaks of a thing as known."""
    own = headline_from(c.text, keep, plain=True)  # of its forms, one without a reporter's judgement
    if (
        own
        and verify_sentence(own, [c.passage]).verified
        and people.introduced(own, [])
        and stands_alone(own)  # "It voted ...", "The move ...": a headline is read first
        and not opens_on_a_thing(own)
        and not leans_on_a_thing(own, "")  # "... speak out against the measure": which measure
    ):
        now = present_tense(own)  # headlines tell what happened in the present: "pleads guilty"
        return now if now != own and verify_sentence(now, [c.passage]).verified else own
    return None


DEK_NEWS = 0.5
"""Under a headline cut from the first-ranked opening, another opening near the news is the dek when at
least this share of its words is not the headline's."""


def second_telling(
    ranked: Sequence[int],
    cands: Sequence[Opening],
    sims: Vector,
    made_from: int | None,
    headline: str = "",
) -> int:
    """The dek under a headline made from the first-ranked opening: another outlet's opening that tells
    the same news (a dek that only says the headline again tells it twice); else another opening near
    the news that mostly tells what the headline does not, where the first-ranked mostly says the headline
    again; else the first-ranked."""
    if made_from is None or made_from != ranked[0]:
        return ranked[0]
    first = cands[ranked[0]]
    for i in ranked[1:HEADLINE_TRIES]:
        c = cands[i]
        if c.source == first.source or sims[ranked[0], i] < HEADLINE_CLOSENESS or _preview(c.text):
            continue
        if not opens_on_scene(c.text):  # a dek opens on who did what, not on "Following ...,"
            return i
    if not says_the_headline(first.text, headline):
        return ranked[0]  # it tells more than the headline cut from it
    for i in ranked[1:]:
        c = cands[i]
        if sims[ranked[0], i] < HEADLINE_NEAR or _preview(c.text) or opens_on_scene(c.text):
            continue
        if not says_the_headline(c.text, headline):
            return i
    return ranked[0]


def says_the_headline(text: str, headline: str) -> bool:
    """Whether a sentence mostly says what the headline says: less than `DEK_NEWS` of its words (as
    lemmas) are not the headline's."""
    words = lemmas(text)
    return len(words - lemmas(headline)) < DEK_NEWS * len(words)
