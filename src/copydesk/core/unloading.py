"""A reporter's sentence without its judgement, where the judgement is a word or an aside the sentence
stands without: "Arpaio, known for his controversial stances, endorsed Perry" -> "Arpaio endorsed
Perry"; "vetoed a controversial bill" -> "vetoed a bill"; "vigorously defended" -> "defended". The fact
stays and may lead the article; the verdict goes. A hedge ("allegedly", "apparently") is never cut: without
it the sentence says more than its source. Every cut leaves the source's words in their order, so the
verifier reads the shorter sentence against the same passage.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from copydesk.core.text import STOPWORDS, word_at
from copydesk.core.wording import judgement, judgement_at

# Adverbs that say how sure the reporter is, or that limit what is said: without them the sentence
# claims more than its source, so a sentence that leans on one is never cut.
_HEDGES = frozenset(
    """apparently supposedly purportedly allegedly reportedly seemingly possibly probably likely
    effectively essentially simply merely technically arguably ostensibly basically actually nearly
    almost only barely hardly scarcely facetiously sarcastically jokingly mockingly ironically
    tongue-in-cheek""".split()
)  # (nor how something was meant: "facetiously said" is a joke, "said" is a claim)
# An aside that says who or what someone is, between commas after a name: "Arpaio, known for ...,",
# "Ginsburg, an ardent defender of ...,", "Netanyahu, who has a famously frosty relationship ...,".
_ASIDE_OPENERS = frozenset("who which known long a an the one once often widely".split())
_ASIDE_WORDS = 25
_CUTS = 3
# Words that grade the adjective after them ("fairly dire", "more frivolous"): the pair goes or stays.
_GRADING = frozenset("more most less least very so too quite rather fairly pretty increasingly".split())
# Nouns that say little without their adjective ("at a bleak moment", "for dramatic effect", "a phony
# ideal"): the adjective is what the phrase says, so it stays.
_EMPTY_NOUNS = frozenset(
    "moment effect matter force ideal edge thing things way time one sort kind lot".split()
)
_RELATIVE = frozenset("who whom whose which that".split())


@cache
def _tags(word: str) -> frozenset[str]:
    from lemminflect import getAllLemmas

    return frozenset(getAllLemmas(word.lower()))


def _aside(text: str, start: int, end: int) -> str | None:
    """The text without the comma-bounded aside around `start`-`end`, when it follows a name and the
    sentence goes on after it with its own verb."""
    opening = text.rfind(",", 0, start)
    closing = text.find(",", end)
    if opening < 1 or closing < 0 or any(q in text[opening:closing] for q in '"“”‘'):
        return None
    inside = text[opening + 1 : closing].split()
    before = text[:opening].split()
    if not inside or not before or len(inside) > _ASIDE_WORDS or inside[0].lower() not in _ASIDE_OPENERS:
        return None
    if any(word[:1].isupper() for word in inside[1:]):
        return None  # "Netanyahu, who has a frosty relationship with President Obama,": who Obama is
    if inside[0].lower() in {"a", "an", "the", "one"}:
        described = list(itertools.takewhile(lambda w: w.lower() not in _RELATIVE, inside))
        if any(_tags(w.strip(",.;:")) == {"VERB"} for w in described):
            return None  # "On Monday, the committee came out against it, stating": a clause, not who
    if not before[-1][:1].isupper() or before[-1].lower() in {"i", "but", "and", "so", "yet"}:
        return None  # an aside says who someone is: it follows their name
    after = word_at(text, closing + 2)
    if not after or not after[:1].islower() or "VERB" not in _tags(after) or after.endswith("ing"):
        return None  # "Arpaio, known for ..., endorsed": the clause goes on with its verb
    return text[:opening] + text[closing + 1 :]


def _word_cut(text: str, start: int, end: int) -> str | None:
    """The text without a judging adjective before its noun or a manner adverb before its verb."""
    word = text[start:end]
    if " " in word or word.lower() in _HEDGES:
        return None
    after = word_at(text, end + 1)
    if text[end : end + 1] != " " or not after:
        return None
    tags, following = _tags(word), _tags(after)
    if after[:1].isupper():  # "the controversial Islamic center": a name's word is no verb here
        following = frozenset({"NOUN"}) if after.lower() not in STOPWORDS else frozenset()
    if word.endswith("ly") and "ADV" in tags and "VERB" in following:
        return text[:start] + text[end + 1 :]  # "vigorously defended" (not "famously frosty")
    if "ADJ" not in tags or "NOUN" not in following or "VERB" in tags or after.lower() in STOPWORDS:
        return None  # "dramatic found", "admitted there's", "is insistent he": no adjective before a noun
    if word.endswith(("est", "er")) or after.lower() in _EMPTY_NOUNS:
        return None  # "the starkest possible contrast", "a sharper edge", "at a bleak moment"
    before = text[:start].split()[-1:]
    if before and (
        before[0].lower() in _GRADING | {"and", "or", "but"}
        or before[0].endswith((",", "ly"))
        or _tags(before[0]) == {"ADV"}
    ):
        return None  # "fairly dire", "more frivolous", "tough and controversial", "sometimes frosty"
    cut = text[:start] + text[end + 1 :]
    article = re.search(r"\b(a|an|A|An) $", text[:start])
    if article:  # "a controversial bill" -> "a bill", "an ardent defender" -> "a defender"
        vowel = after[:1].lower() in "aeiou"
        word_now = ("an" if vowel else "a") if article.group(1).islower() else ("An" if vowel else "A")
        cut = text[: article.start(1)] + word_now + " " + text[end + 1 :]
    return cut


def unloaded(text: str) -> str | None:
    """The sentence without the reporter's judgement (`wording.judgement`), or None when the judgement is
    more than a word or an aside the sentence can do without ("a chorus of Republicans", "payback")."""
    for _ in range(_CUTS):
        found = judgement_at(text)
        if found is None:
            return text if judgement(text) is None else None
        start, end = found
        cut = _word_cut(text, start, end) or _aside(text, start, end)
        if cut is None:
            return None
        text = cut
    return text if judgement(text) is None else None
