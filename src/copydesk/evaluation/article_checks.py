"""What an editor checks on a published article beside its sources, as figures (`copydesk eval stories`).

Each check reads a published article (headline, then its verified sentences in reading order, each
knowing the source passage it was cut from) and the story's reports. They are written apart from the
writer's own rules on purpose (other word lists, other tests of an antecedent), so that a rule the
writer follows does not pass its own check by construction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from copydesk.core.text import house_style, names, normalize_space, number_values, telling_numbers, words
from copydesk.core.verify import name_in


@dataclass(frozen=True)
class LoadedSpan:
    """A span annotators marked as loaded wording (`bias: lex`, outside quotes), in its sentence."""

    text: str
    context: str
    """The span with a little of the annotated sentence around it, to find the passage it sits in."""


@dataclass
class Report:
    """One source report: its title, outlet, day, sentences as the writer read them, loaded spans."""

    title: str
    outlet: str
    published: date | None
    passages: list[str]
    loaded: list[LoadedSpan] = field(default_factory=list)


@dataclass(frozen=True)
class Shown:
    """A published sentence: its text and where it was cut from (report index, passage index)."""

    text: str
    source: int
    position: int


@dataclass
class Article:
    headline: str
    sentences: list[Shown]
    """Dek first, then the sections' sentences in reading order (verified ones only)."""
    headings: list[str] = field(default_factory=list)


def plain(text: str) -> str:
    """Words only, lower-cased: what "the same text" means for a headline or a dek ("G.O.P." and "GOP",
    "Mr. Lund" and "Lund" alike: a copy in the page's style is still a copy)."""
    return " ".join(words(house_style(text.replace("’", "'"))))


def reporters_words(text: str) -> str:
    """The text with its quotations blanked: the reporter's own words (also read by `time_checks`)."""
    return re.sub(r"[\"“][^\"”]*[\"”]?", " ", text)


# --- loaded wording ---------------------------------------------------------------------------

_OUTLET_NAMES = {
    "New York Times": ("New York Times", "The Times"),
    "Fox News": ("Fox News",),
    "HuffPost": ("HuffPost", "Huffington Post"),
}


def names_outlet(text: str, outlet: str) -> bool:
    return any(alias in text for alias in _OUTLET_NAMES.get(outlet, (outlet,)))


def loaded_unattributed(article: Article, reports: Sequence[Report]) -> tuple[int, int]:
    """(loaded spans published, of which without naming their outlet); a span that is all quotation
    ('“scheme”') is someone's own word, not the reporter's, and is not counted."""
    published = unattributed = 0
    for shown in article.sentences:
        report = reports[shown.source]
        passage = normalize_space(report.passages[shown.position])
        for span in report.loaded:
            if not reporters_words(span.text).strip(" ,.;:'‘’"):
                continue  # the issue counts spans outside quotes: a speaker's or document's word ("scheme")
            if span.text in shown.text and normalize_space(span.context) in passage:
                published += 1
                unattributed += not names_outlet(shown.text, report.outlet)
    return published, unattributed


# --- references to what came before -----------------------------------------------------------

_OPENER = re.compile(
    r"^[\"“‘']?(?:he|she|it|they|his|her|its|their|them|him|this|that|these|those|such|both|another|"
    r"the (?:latter|former|move|decision|remarks?|comments?|statement|letter|announcement|measure|"
    r"proposal|incident|episode|exchange|request|effort|report|memo|ruling|vote|shift|change))\b",
    re.IGNORECASE,
)
_HONORIFICS = frozenset("Mr Mrs Ms Dr Sen Rep Gov Gen Father".split())
_PERSONAL = re.compile(r"\b(?:he|him|his|she|her|hers)\b", re.IGNORECASE)
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+([A-Z][\w’'-]+)")
TITLES = (
    "President|Vice President|Sen|Senator|Rep|Representative|Gov|Governor|Secretary|Speaker|Leader|Justice|"
    "Judge|Gen|General|Adm|Admiral|Attorney General|Mayor|Chairman|Chairwoman|Director|Commissioner|"
    "Ambassador|"
    "Prime Minister|Minister|Pope|King|Queen|Prince|Princess|Chief|Father|Congressman|Congresswoman"
)
_PERSON = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+([A-Z][\w’'-]+)")


_NOT_SURNAMES = frozenset(
    """Congress House Senate Party Republicans Democrats Republican Democrat States Court Department Committee
    Administration Office Times News Post Journal Street Center Council University College Association Union
    America American Americans Security Service Agency Board Network Foundation Institute Club
    Campaign""".split()
)


def _possessive(word: str) -> str:
    return word.removesuffix("’s").removesuffix("'s")


def surnames(reports: Sequence[Report]) -> set[str]:
    """Surnames of the people the reports name: "Mr. Steele", or "Michael Steele" and also "Steele said"."""
    text = " ".join(p for r in reports for p in r.passages)
    found = {_possessive(w) for w in _HONORIFIC.findall(text)}
    for m in _PERSON.finditer(text):
        last = _possessive(m.group(1))
        if m.group(0).startswith("The ") or last in _NOT_SURNAMES or not last.isalpha() or last.isupper():
            continue  # "The Treasury said": a body, not a person
        alone = (
            rf"(?<![A-Z][a-z]\s)(?<![A-Z][a-z]{{2}}\s)\b{re.escape(last)},?\s+"
            r"(?:said|says|told|added|wrote|declared)"
        )
        if re.search(alone, text) or re.search(
            rf"\b(?:said|says|told) {re.escape(last)}\b(?!\s+[A-Z])", text
        ):
            found.add(last)
    # a place ("in Colorado") is nobody's surname
    places = {w for w in found if re.search(rf"\b(?:in|across) {re.escape(w)}\b(?!['’])", text)}
    return {
        w for w in found - _NOT_SURNAMES - places if w.casefold() not in _NOT_FACTS and w not in _HONORIFICS
    }


def _introduced(surname: str, told: str) -> bool:
    """Whether `told` names the person in full or with a title ("Michael Steele", "Sen. Steele")."""
    nickname = r"(?:[\"“][^\"”]{1,15}[\"”]\s+)?"  # William "Mo" Cowan
    full = (
        rf"(?<![\w.])(?:(?:{TITLES})\.?\s+|[A-Z][a-z’'-]+(?:\s+[A-Z]\.)?\s+{nickname}){re.escape(surname)}\b"
    )
    return re.search(full, told) is not None


# "the Obama administration": a surname naming something else, not the person
_EPONYM = (
    r"\s+(?:administration|campaign|camp|era|aides|team|officials|allies|supporters|presidency|doctrine)\b"
)


def _bare_surnames(text: str, known: set[str]) -> set[str]:
    """Surnames a sentence uses alone: "Mr. Steele", "Steele said" (not "Michael Steele")."""
    bare = {_possessive(w) for w in _HONORIFIC.findall(text)}
    for m in re.finditer(r"\b[A-Z][\w’'-]+", text):
        word = _possessive(m.group(0))
        if word not in known or re.match(_EPONYM, text[m.end() :]):
            continue
        before = text[: m.start()].rstrip()
        previous = before.split()[-1] if before.split() else ""
        if not (previous[:1].isupper() and previous[-1:].isalpha()):
            bare.add(word)
    return bare


# "A spokesman for the attorney said he ...": the sentence tells who "he" is itself.
_SOMEONE = re.compile(
    r"\b(?:spokes(?:man|woman|person)|official|aide|adviser|lawyer|attorney|director|officer|leader|"
    r"chairman|chairwoman|senator|congressman|congresswoman|governor|mayor|candidate)\b"
)


def _names_someone(text: str, known: set[str], proper: set[str]) -> bool:
    """Whether a sentence names a person itself, so that its "he" may stand for them: a surname, a full
    name, someone by role before the pronoun ("A spokesman ... said he"), or a name the reports write
    capitalised within their sentences ("Malia even declined her father's offer")."""
    bare = reporters_words(text)
    pronoun = _PERSONAL.search(bare)
    end = pronoun.start() if pronoun else len(bare)
    capitals = [(m.start(), _possessive(m.group(0))) for m in re.finditer(r"\b[A-Z][\w’'-]+", bare)]
    return (
        any(w in known for _, w in capitals)
        or bool(_PERSON.search(bare))
        or bool(_SOMEONE.search(bare[:end]))
        or any(w in proper for at, w in capitals if at < end)
    )


def _told_of(noun: str, told: str) -> bool:
    """Whether the article so far speaks of the thing ("a letter" before "The letter says")."""
    return re.search(rf"\b{re.escape(noun.lower())}s?\b", told.lower()) is not None


def _antecedent_told(i: int, article: Article, reports: Sequence[Report]) -> bool:
    """Whether the sentence that comes before sentence `i` in its report comes just before it here."""
    shown = article.sentences[i]
    if i == 0 or shown.position == 0:
        return False
    prev = article.sentences[i - 1]
    return prev.source == shown.source and shown.position - 2 <= prev.position < shown.position


def _person_before(shown: Shown, report: Report, known: set[str]) -> str | None:
    """The surname of the last person the report names before the sentence's first pronoun."""
    text = report.passages[shown.position]
    pronoun = _PERSONAL.search(reporters_words(text))
    earlier = [
        *report.passages[max(0, shown.position - 3) : shown.position],
        text[: pronoun.start() if pronoun else 0],
    ]
    people = [
        w
        for passage in earlier
        for w in map(_possessive, re.findall(r"\b[A-Z][\w’'-]+", passage))
        if w in known
    ]
    return people[-1] if people else None


def _proper(reports: Sequence[Report]) -> set[str]:
    """Words the reports write capitalised within a sentence and never in lower case: names ("Malia")."""
    text = " ".join(p for r in reports for p in r.passages)
    lower = set(re.findall(r"\b[a-z][\w’'-]*", text))
    inside = {_possessive(m.group(1)) for m in re.finditer(r"\b[a-z][\w,]*\s+([A-Z][a-z’'-]+)", text)}
    return {w for w in inside if w.lower() not in lower} - _NOT_SURNAMES


def leaning(article: Article, reports: Sequence[Report]) -> list[tuple[int, str]]:
    """Sentences that lean on something the article has not given before them, each with what it is."""
    known, proper = surnames(reports), _proper(reports)
    out = []
    told = article.headline
    for i, shown in enumerate(article.sentences):
        text, bare = shown.text, reporters_words(shown.text)
        why = ""
        quoted_pronoun = re.search(r"[\"”],?\s+(?:he|she)\s+\w+", text)
        if opener := _OPENER.match(text):
            thing = re.match(r"[\"“‘']?the (\w+)", opener.group(0), re.IGNORECASE)
            if not (_antecedent_told(i, article, reports) or (thing and _told_of(thing.group(1), told))):
                why = "opens on what came before"
        elif (pronoun := _PERSONAL.search(bare) or quoted_pronoun) and not _names_someone(
            text, known, proper
        ):
            person = _person_before(shown, reports[shown.source], known)
            before = article.sentences[i - 1].text if i else ""
            if not (_antecedent_told(i, article, reports) or (person and person in before)):
                why = f"'{pronoun.group(0)}' stands for {person or 'someone'} not just named"
        if not why:
            # a speaker's own words may name whom they like ("Obama has cut $716 billion")
            missing = [s for s in _bare_surnames(bare, known) if not _introduced(s, told + " " + text)]
            why = f"surname never introduced: {missing[0]}" if missing else ""
        if why:
            out.append((i, why))
        told += " " + text
    return out


def dangling(article: Article, reports: Sequence[Report]) -> list[int]:
    """Indexes of sentences that lean on something the article has not given before them."""
    return [i for i, _ in leaning(article, reports)]


# --- copied from one outlet -------------------------------------------------------------------

_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’ ]{2,}(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?(?:\s*\([^)]{1,30}\))?\s*(?:--|—|–|-)\s"
    r"|[A-Z][\w. ,]{1,40}\((?:AP|Reuters|CNN|AFP)\))"
)


def datelines(article: Article) -> int:
    return sum(bool(_DATELINE.match(s.text)) for s in article.sentences)


def headline_copied(article: Article, reports: Sequence[Report]) -> bool:
    mine = plain(article.headline)
    return any(mine == plain(r.title) or (mine and mine in plain(r.title)) for r in reports)


def dek_copied(article: Article, reports: Sequence[Report]) -> bool:
    """Whether the dek is an outlet's opening sentence, word for word (dateline aside)."""
    if not article.sentences:
        return False
    dek = plain(article.sentences[0].text)
    return any(r.passages and dek and dek in plain(r.passages[0]) for r in reports)


# --- the facts every report gives ---------------------------------------------------------------

_NOT_FACTS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december mr mrs ms dr the fox news new york times huffpost""".split()
)


def facts(report: Report) -> set[str]:
    """Names and telling numbers of one report, as comparable keys."""
    text = " ".join(report.passages)
    found = {
        f"name:{n.casefold()}"
        for n in names(text, initial=False)
        if len(n) > 2 and not set(n.casefold().split()) <= _NOT_FACTS
    }
    found.update(f"number:{value:g}" for value in telling_numbers(number_values(text)))
    return found


def shared_facts_found(article: Article, reports: Sequence[Report]) -> tuple[int, int]:
    """(facts every report gives, of which the article gives)."""
    shared = set.intersection(*(facts(r) for r in reports)) if reports else set()
    text = " ".join([article.headline, *(s.text for s in article.sentences)])
    values = {f"number:{v:g}" for v in number_values(text)}
    found = 0
    for fact in shared:
        kind, _, value = fact.partition(":")
        found += fact in values if kind == "number" else name_in(value, text)
    return len(shared), found
