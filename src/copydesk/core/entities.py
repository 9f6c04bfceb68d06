"""People, places and organisations a story names, typed by rules over the lexicon's names.

No named-entity model is installed (the spaCy pipelines on PyPI are third parties' re-uploads), so a
name (core.text.name_spans) is typed by what stands around it and inside it, each cue a vote:
- a person: a title before it ("Defense Minister Shinjiro Koizumi", kept without the title), "said"
  beside it, or its last word used alone elsewhere ("Koizumi said"), which counts as the same person;
- an organisation: a word organisations are named with ("Council", "Guard", "Ministry"), or an acronym;
- a place: a place word ("Islands", "Prefecture"), a preposition of place before it ("in Tokyo", "to
  Yonaguni": the gazetteer decision an outlet makes when it writes one), or the short list of countries.
A name without a vote, or with votes tied, is left out: a missing link costs less than a wrong one.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from copydesk.core.dates import WEEKDAYS
from copydesk.core.text import name_spans, names, tokens

KINDS = ("person", "place", "organisation")
NOT_NAMES = frozenset({"tv", "ok", "am", "pm", "ad"})
MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
TITLES = frozenset(
    """mr mrs ms dr president minister secretary senator sen rep representative governor mayor judge
    chancellor premier king queen prince princess general gen admiral colonel col captain capt officer
    spokesman spokeswoman spokesperson chief director ceo chairman chairwoman chair leader commissioner
    ambassador professor prof coach manager inspector sergeant detective superintendent councillor
    councilor lawmaker sheriff pope bishop justice deputy envoy lieutenant commander congressman
    congresswoman speaker""".split()
)
# Words of a title that name a portfolio, not a person ("Secretary of Defense Pete Hegseth").
PORTFOLIOS = frozenset(
    """of the for and defense defence state foreign affairs interior health home finance treasury
    justice homeland security education energy transport trade commerce labor labour agriculture war
    economy prime vice attorney executive chief""".split()
)
ORGANISATION_WORDS = frozenset(
    """ministry department council agency committee commission guard force forces army navy party
    company corporation corp inc ltd plc group bank university college school court union association
    institute office board authority service parliament congress senate pentagon police foundation
    museum hospital club federation league administration bureau organisation organization network
    airlines airways railway railways industries holdings exchange reserve fund cabinet assembly
    embassy coalition alliance command fc nato news times post journal press radio""".split()
)
PLACE_WORDS = frozenset(
    """island islands isle prefecture county province city town village street river sea ocean
    mountain mountains bay strait lake valley peninsula region republic kingdom park square bridge
    harbour harbor airport district borough""".split()
)
# Votes are counted in halves: a preposition that also comes before people ("to", "from") gives one.
PLACE_BEFORE = {"in": 2, "at": 2, "near": 2, "across": 2, "outside": 2, "to": 1, "from": 1}
SAID = frozenset({"said", "says", "told", "added", "wrote", "argued", "insisted"})
# Countries and regions outlets name without a preposition of place ("Japan's pledge").
COUNTRIES = frozenset(
    """Afghanistan Australia Brazil Britain Canada China Egypt England France Germany Greece India
    Indonesia Iran Iraq Ireland Israel Italy Japan Mexico Nigeria Pakistan Poland Russia Scotland Spain
    Syria Taiwan Turkey Ukraine Venezuela Vietnam Wales Europe Africa Asia America Gaza Okinawa Kyushu
    US USA UK""".split()
)


@dataclass(frozen=True)
class Mention:
    """A name where it stands: the word before it and the word after it (lower case, or '')."""

    name: str
    before: str
    after: str


@dataclass(frozen=True)
class Entity:
    name: str
    kind: str
    mentions: int


def mentions(text: str) -> list[Mention]:
    """Every name in `text` with the words around it; a title opening a person's name is taken off it
    and left as the word before ("Defense Minister Shinjiro Koizumi" -> "Shinjiro Koizumi", "minister")."""
    found = []
    for line in text.splitlines():  # a name never runs from a headline or paragraph into the next
        for start, end, name in name_spans(line):
            before = tokens(line[max(0, start - 40) : start])[-1:] or [""]
            after = tokens(line[end : end + 40])[:1] or [""]
            name, of = _trimmed(name)
            name, title = _untitled(name)
            if name and not _demonym(name):
                found.append(Mention(name, title or of or before[0].lower(), after[0].lower()))
    return found


def _trimmed(name: str) -> tuple[str, str]:
    """The name without a possessive, a lower-case word before it ("the Pentagon"), or a common noun
    and "of" before it ("Residents of Yonaguni" -> "Yonaguni", with "of" as the word before it)."""
    name = re.split(r"['’]s\b", name)[0]  # "McCain's Medicare": the owner
    words = name.split()
    while words and (
        words[0].islower() or (words[0].isupper() and len(words) > 1 and not words[1].isupper())
    ):
        words = words[1:]  # "the Pentagon"; a headline's shouted word: "FIRED Eric Cantor"
    if (
        len(words) > 2
        and words[1] == "of"
        and words[0].lower() not in ORGANISATION_WORDS | PLACE_WORDS | TITLES
    ):
        return " ".join(words[2:]), "of"
    return " ".join(words), ""


def _demonym(name: str) -> bool:
    """'Japanese', 'Venezuelan', 'British', 'Democrats': what a people, a country's things or a party's
    members are called, no entity."""
    return " " not in name and name.lower().endswith(("ese", "ian", "ean", "ish", "ans", "ats", "ists"))


def _person_like(name: str) -> bool:
    """Two or three capitalised words naming nothing but, perhaps, a person: its last word alone may
    stand for it ("Koizumi" for "Shinjiro Koizumi")."""
    words = name.split()
    plain = all(w[:1].isupper() and w.lower() not in ORGANISATION_WORDS | PLACE_WORDS for w in words)
    return 2 <= len(words) <= 3 and plain and not any(w in COUNTRIES for w in words)


def _untitled(name: str) -> tuple[str, str]:
    """The name without a title before it, and the title's last word ('' when it has none)."""
    words = name.split()
    last_title = max((i for i, w in enumerate(words) if w.lower().strip(".") in TITLES), default=-1)
    if last_title < 0:
        return name, ""
    rest = words[last_title + 1 :]
    while rest and rest[0].lower() in PORTFOLIOS:
        rest = rest[1:]
    if not rest or len(rest) > 3 or any(w.lower() in ORGANISATION_WORDS for w in rest):
        return ("", "") if not rest else (name, "")
    return " ".join(rest), words[last_title].lower().strip(".")


def _votes(mention: Mention) -> Counter[str]:
    votes: Counter[str] = Counter()
    words = [w.lower() for w in mention.name.split()]
    if mention.before in TITLES:
        votes["person"] += 4
    if mention.before in SAID or mention.after in SAID:
        votes["person"] += 2
    if any(w in ORGANISATION_WORDS for w in words) or (mention.name.isupper() and len(mention.name) > 1):
        votes["organisation"] += 4
    if words[-1] in PLACE_WORDS:
        votes["place"] += 4
    if mention.name in COUNTRIES:
        votes["place"] += 6
    votes["place"] += PLACE_BEFORE.get(mention.before, 0)
    return votes


def _plain(name: str) -> bool:
    """A name no story is about: a day, a month, a contraction ("We're"), a lone letter, "TV", or a
    place word alone ("Islands")."""
    lower = name.lower()
    contraction = re.search(r"['’](re|ve|ll|d|m|t)$", lower) is not None
    common = lower in PLACE_WORDS  # "Islands" alone names no island
    return (
        lower in WEEKDAYS or lower in MONTHS or len(name) < 2 or contraction or lower in NOT_NAMES or common
    )


def find_entities(texts: Sequence[str], most: int = 40) -> list[Entity]:
    """The people, places and organisations `texts` name, most mentioned first (at most `most`)."""
    seen = [m for text in texts for m in mentions(text)]
    kept = set().union(*(names(text, initial=False) for text in texts)) if texts else set()
    seen = [m for m in seen if not _plain(m.name) and (m.name in kept or " " in m.name)]
    own: dict[str, Counter[str]] = defaultdict(Counter)  # each name as written, on its own evidence
    for mention in seen:
        own[mention.name] += _votes(mention)
    full = {
        m.name.split()[-1]: m.name
        for m in seen
        if _person_like(m.name) and _kind(own[m.name]) in ("person", "")
    }
    # a word stands for a full name only where it is seen as a person's ("Koizumi said"), never a
    # word that a longer name happens to end with ("Medicare" in "Romney-Ryan Medicare")
    full = {word: name for word, name in full.items() if _kind(own[word]) == "person"}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    counts: Counter[str] = Counter()
    for mention in seen:
        name = full.get(mention.name, mention.name)
        votes[name] += _votes(mention)
        counts[name] += 1
        if name != mention.name:  # a surname used alone: the full name is a person's
            votes[name]["person"] += 2
    typed = [(name, _kind(votes[name])) for name in counts]
    found = [Entity(name, kind, counts[name]) for name, kind in typed if kind]
    return sorted(found, key=lambda e: (-e.mentions, e.name))[:most]


def _kind(votes: Counter[str]) -> str:
    ranked = votes.most_common()
    if not ranked or ranked[0][1] <= 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return ""
    return ranked[0][0]


def named_in(entities: Iterable[Entity], text: str) -> list[Entity]:
    """The entities `text` itself names (a person also by their surname alone)."""
    shown = set(names(text)) | set(tokens(text))
    return [e for e in entities if e.name in shown or (e.kind == "person" and e.name.split()[-1] in shown)]
