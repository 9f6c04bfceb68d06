"""What a sentence speaks of as already told because its own report told it just before.

"The group sent a letter ..." reads well in its report, two sentences after "nearly 90 Georgetown
faculty members"; moved into an article that has not told of them, "the group" is nobody. A fixed list
of such nouns ("the measure", "the letter": `standalone.leans_on_a_thing`) misses most of them. Here
the report itself says which are anaphoric: a noun after "the", "that", "this", "these" or "those"
that the report's sentences before the sentence use. The article may publish the sentence only
after it has told of that thing in some words of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from copydesk.core.text import STOPWORDS, unquoted

# "the group", "the new rules", "those letters": the noun, after at most one modifier; not a noun the
# sentence itself pins down ("the group of 90 faculty", "the letter that ...", "the report by ...",
# "the group's").
_KNOWN = re.compile(
    r"\b(?:[Tt]he|[Tt]hat|[Tt]his|[Tt]hese|[Tt]hose|[Ii]ts|[Tt]heir)\s+(?:((?:new|old|same|young|latest|recent|"
    r"[A-Z]{2,5}|[a-z]+(?:ed|al|ic|ive|ous|ful|less|ent|ant|ary|ing))\s+)"
    # "the official said": a word that may modify is the noun when a verb follows it
    r"(?!(?:said|says|told|added|wrote|writes|asked|noted|insisted|argued|explained|replied|declined)\b))?"
    r"([a-z]{4,})\b"
    r"(?!['’]|\s+(?:of|that|which|who|whose|where|known|called|named|titled|about|by|from)\b)"
)
# Things a news story speaks of as known wherever it is read: institutions, places and times everyone has,
# and words that are no thing ("the same", "the first").
_UNIQUE = frozenset(
    """president government country state city administration party senate house congress court police
    campaign nation world public people economy year week month time morning afternoon evening night
    weekend today region capital country's nation's white first last same other next former latter
    following most best least only rest case news media press issue race election vote bill law said would
    could should will were have been being""".split()
)


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def known_things(text: str, before: Sequence[str]) -> frozenset[str]:
    """The things `text` speaks of as known ("the group") that its report's sentences `before` it told
    of, as stems; outside quotations (a speaker's "this" is theirs). Every sentence before counts, not only
    the last few: a report names "a task force" once and speaks of "the task force" ten paragraphs on."""
    own = unquoted(text)
    earlier = " ".join(before).lower()
    found = set()
    for m in _KNOWN.finditer(own):
        noun = m.group(2)
        stem = _stem(noun)
        if noun in _UNIQUE or stem in _UNIQUE or noun in STOPWORDS or noun.endswith("ly"):
            continue
        if stem in own[: m.start()].lower():
            continue  # told of earlier in the sentence itself
        if re.search(rf"\b{re.escape(stem)}", earlier):
            found.add(stem)
    return frozenset(found)


# Someone known by role alone ("the official said"): told of only by the one ("a senior official"), not
# by many ("intelligence officials"), whose words the page would give to whoever it named last.
_ROLES = frozenset(
    "official aide spokesman spokeswoman spokesperson adviser advisor source officer lawmaker".split()
)


def _told_of(thing: str, told: str) -> bool:
    end = r"\b" if thing in _ROLES else ""
    return bool(re.search(rf"\b{re.escape(thing)}{end}", told))


def untold(things: frozenset[str], told: str) -> str | None:
    """The first of `things` the article so far (`told`, lower-cased) has not told of; None if none."""
    return next((t for t in sorted(things) if not _told_of(t, told)), None)
