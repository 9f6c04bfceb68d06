"""Where a report says its event happened, and whether two reports name different places. Pure.

Two reports of one subject on one day (a strike at one port, a strike ballot at another) can fit each other
well in meaning and words and still be two events: what tells them apart is the place. A report's places
are the names its title and opening put after "in", "at", "near", "off", "outside" or "across" ("at Port
Brannock", "in the port of Ostry"); two reports disagree on the place when each names a place and neither
names, anywhere, a place of the other. A report that names no place, or that also names the other's
place ("talks in Ostry were watching the strike at Brannock"), never disagrees: grouping asks this only to
keep apart what it would otherwise merge.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

import regex

from copydesk.core.text import CAPITAL, STOPWORDS, fold

_PART = rf"{CAPITAL}[\w\p{{M}}’'\-]*"
_LOCATED = regex.compile(
    r"\b(?:in|at|near|off|outside|across)\s+(?:the\s+)?"
    r"(?:(?:port|city|town|village|state|province|county|region|island|district)\s+of\s+)?"
    rf"({_PART}(?:\s+(?:of\s+)?{_PART})*)"
)
# Words of a place name that do not tell one place from another ("Port", "Valley", "North").
_GENERIC = frozenset(
    """port city town village county state province region district island islands river valley lake bay
    mount street road square harbour harbor north south east west northern southern eastern western central
    new old upper lower great saint st the of and high school university college hospital airport station
    church court house hall center centre park""".split()
)
_NOT_PLACES = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday""".split()
)


def _key_words(names: Iterable[str]) -> frozenset[str]:
    """The words of names that single out a place: folded, without generic words and possessives."""
    found = set()
    for name in names:
        for word in name.split():
            word = fold(word).removesuffix("'s").strip("'-")
            if len(word) > 1 and word not in _GENERIC and word not in STOPWORDS and word not in _NOT_PLACES:
                found.add(word)
    return frozenset(found)


PLACE_CHARS = 300
"""A report's place is read in this much of its opening: where the event happened, not the places a
full-length report goes on to mention. Not in its title: a headline in title case capitalises every word
("Math in Alabama Doesn't Add Up")."""


def lead_places(text: str) -> frozenset[str]:
    """The key words of the places a report's opening names ("Brannock" for "at Port Brannock")."""
    return _key_words(m.group(1) for m in _LOCATED.finditer(text[:PLACE_CHARS]))


@lru_cache(maxsize=65536)
def name_words(names: frozenset[str]) -> frozenset[str]:
    """The key words of every name a report uses (asked again for each story an article is compared with)."""
    return _key_words(names)


def apart(
    places: frozenset[str], names: frozenset[str], others: Sequence[tuple[frozenset[str], frozenset[str]]]
) -> bool:
    """Whether a report (its places and names) and others (a story's reports, each its places and names)
    name different places: both name a place, and neither names any place of the other."""
    theirs = frozenset().union(*(p for p, _ in others))
    if not places or not theirs:
        return False
    if any(places & name_words(n) for _, n in others):
        return False
    return not theirs & name_words(names)
