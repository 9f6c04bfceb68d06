"""Sections of an article's body: sentences grouped by the part they play, each under a heading that says
what it holds (the phrase or name its sentences share, else what kind of material it is)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence

import regex

from copydesk.core.standalone import ATTRIBUTED
from copydesk.core.text import CAPITAL, STOPWORDS, names, tokens, words

# Words too common in news to name a section by.
_GENERIC = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december today yesterday tomorrow morning afternoon
    evening night officials official minister secretary spokesperson spokesman spokeswoman statement
    told added asked including called described people percent per cent time times part several many
    much well""".split()
)


_QUOTED = re.compile(r"[\"“”]")
_NEXT = re.compile(
    r"\b(?:will|expected to|is due|are due|next (?:week|month|year)|from (?:monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)|in the coming|is set to|are set to)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:since|ago|last (?:year|month|spring|summer|autumn|winter)|previously|earlier this|"
    r"in (?:19|20)\d\d|has been|have been|had been|was built|were built|founded|first)\b",
    re.IGNORECASE,
)
#: Section order after the lead: what happened in detail, what comes next, who said what, background.
_ROLES = ("detail", "next", "reaction", "background")
_ROLE_HEADINGS = {"next": "What comes next", "reaction": "What was said", "background": "Background"}


def _role(text: str) -> str:
    """The part of a news article a sentence belongs to, read from its cues."""
    if _QUOTED.search(text) or ATTRIBUTED.search(text):
        return "reaction"
    if _NEXT.search(text):
        return "next"
    if _PAST.search(text):
        return "background"
    return "detail"


def sections_of(body: list[int], texts: Sequence[str], taken: set[str]) -> list[tuple[str | None, list[int]]]:
    """Group body sentences by role; a role with a single sentence joins the details."""
    by_role: dict[str, list[int]] = {role: [] for role in _ROLES}
    for i in body:
        by_role[_role(texts[i])].append(i)
    for role in _ROLES[1:]:
        if len(by_role[role]) < 2:
            by_role["detail"].extend(by_role.pop(role))
    parts: list[tuple[str | None, list[int]]] = []
    for role, members in by_role.items():
        if not members:
            continue
        if role == "detail":
            others = [m for r, ms in by_role.items() if r != role for m in [ms]]
            heading = _heading(members, others, texts, taken) if len(by_role) > 1 else None
            parts.append((heading or "What happened", members))
        else:
            parts.append((_ROLE_HEADINGS[role], members))
    return parts


# "Sestak, a retired admiral and two-term House member, ...", "Ana Ruiz, the council's treasurer, ...":
# a sentence that says who someone is, between commas after their name.
_WHO_IS = regex.compile(
    rf"^(?:[^,]*\s)?((?:{CAPITAL}[\w\p{{M}}.’'-]+\s+){{0,2}}{CAPITAL}[\w\p{{M}}’'-]+), "
    r"(?:a|an|the)\s[^,;:\"“”]{3,120},"
)


def who_first(parts: list[tuple[str | None, list[int]]], texts: Sequence[str], told: str) -> None:
    """Move the first body sentence that says who someone named in `told` (the headline and lead) is to the
    front of the body, in place: who the news is about comes before what else is said of them, not as
    the last line of a background section."""
    for n, (_, members) in enumerate(parts[1:], 1):
        for i in members:
            found = _WHO_IS.match(texts[i])
            if found and found.group(1).split()[-1] in told:
                if n > 1 or members.index(i) > 0:
                    members.remove(i)
                    parts[1][1].insert(0, i)
                return


def _terms(text: str) -> set[str]:
    """What a heading can be made of: names and two-word phrases."""
    found = {n for n in names(text, initial=False) if len(n) > 2 and n.lower() not in _GENERIC}
    for a, b in itertools.pairwise(tokens(text)):
        pair = {a.lower(), b.lower()}
        if a[0].isupper() and b[0].isupper():
            continue  # a name, already found whole
        if not pair & (STOPWORDS | _GENERIC) and len(a) > 2 < len(b):
            found.add(f"{a.lower()} {b.lower()}")
    return found


def _demonym(term: str, told: set[str]) -> bool:
    """A lone people-word such as "Venezuelan" (the story also says "Venezuela"), "Chinese" or "British":
    it describes, it does not name a part of the story. `told`: the story's words and names, lower-cased."""
    if " " in term:
        return False
    return term.endswith(("ese", "ish")) or (term.endswith("n") and term[:-1].lower() in told)


def _heading(group: list[int], others: list[list[int]], texts: Sequence[str], taken: set[str]) -> str | None:
    """Name the group by the name or phrase told most often in it and least elsewhere, if any."""
    inside: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    for counter, members in ((inside, group), (outside, [i for g in others for i in g])):
        for i in members:
            counter.update(_terms(texts[i]))
    told = {t.lower() for t in inside | outside} | taken
    fresh = [t for t in inside if inside[t] > 1 and not set(words(t)) & taken and not _demonym(t, told)]
    if not fresh:
        return None
    # a phrase of two or more words says more than a lone name ("Pentagon", "Venezuelan")
    best = max(fresh, key=lambda t: (len(words(t)) > 1, inside[t] - outside[t], len(words(t)), t))
    taken.update(words(best))
    return best[0].upper() + best[1:]
