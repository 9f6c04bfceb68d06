"""Checking a sentence against the passages it cites before anything is published.

Every number (in any format: 3,400 / 3400 / 3.4 thousand / three), name and quotation of the
sentence must stand in the cited passages; a negation must not appear or vanish; and, when vectors
are given, the sentence must be close in meaning to its passages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from copydesk.core.antonyms import opposite_problem
from copydesk.core.bounds import bounded_numbers
from copydesk.core.countries import country_stands
from copydesk.core.dates import DAY_TOLD
from copydesk.core.people import speakers
from copydesk.core.support import Findings, features
from copydesk.core.text import (
    STOPWORDS,
    names,
    normalize_space,
    number_values,
    quotes,
    shown_numbers,
    tokens,
    words,
)
from copydesk.core.types import Draft, Passage, Verdict

SIMILARITY_FLOOR = 0.80
"""Least cosine between a model's sentence and its closest cited passage (all-MiniLM-L6-v2).

Chosen on one half of the factuality sets (split by a hash of the document) and checked on the other:
balanced accuracy 0.634 / 0.623 at 0.55, 0.709 / 0.713 at 0.80. A paraphrase that strays further
from its passage than this is withheld: what cannot be checked is not published."""

_NUMBER_WORDS = {
    word: float(value)
    for value, group in enumerate(
        [
            "zero",
            "one|first|once|single",
            "two|second|twice|both",
            "three|third",
            "four|fourth",
            "five|fifth",
            "six|sixth",
            "seven|seventh",
            "eight|eighth",
            "nine|ninth",
            "ten|tenth",
            "eleven|eleventh",
            "twelve|twelfth",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty|twentieth",
        ]
    )
    for word in group.split("|")
}
_NUMBER_WORDS.update({"thirty": 30.0, "forty": 40.0, "fifty": 50.0, "hundred": 100.0, "dozen": 12.0})
_COUNTING = re.compile(
    r"\b(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
# Words that are numbers only sometimes ("one of", "second round", "both sides"): never required.
_LOOSE = {"one", "first", "once", "single", "second", "both", "zero"}
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|den(?:y|ies|ied|ying)|"
    r"refus(?:e|es|ed|ing)|reject(?:s|ed|ing)?|fail(?:s|ed|ing)?)\b|n't\b",
    re.IGNORECASE,
)
# Typographic apostrophes (U+2019, U+2018, U+02BC) read as plain ones: "hadn't" with either is a denial.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def _plain(text: str) -> str:
    return normalize_space(text).translate(_APOSTROPHES)


# Text in a source that addresses a language model is data to report on, never a fact to repeat.
INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|your)\s+"
    r"(?:instructions?|prompts?|rules?)|\b(?:system\s+prompt|you\s+are\s+(?:an?\s+)?(?:ai|language\s+model|"
    r"assistant|chatbot))\b|\bas\s+an\s+ai\b",
    re.IGNORECASE,
)


def gives_instructions(text: str) -> bool:
    """Whether a passage talks to a language model ("ignore previous instructions and ...")."""
    return bool(INSTRUCTION.search(text))


def spoken_numbers(text: str) -> set[float]:
    """Numbers written as words ("three weeks", "fourth talk"), loose ones left out."""
    return {_NUMBER_WORDS[w.lower()] for w in _COUNTING.findall(text) if w.lower() not in _LOOSE}


def all_numbers(text: str) -> set[float]:
    return number_values(text) | spoken_numbers(text)


_SPACED_THOUSANDS = re.compile(r"(?<=\d), (?=\d{3}\b)")
# A decimal split at its point ("7. 8 per cent", "102. 5 kg"), which the sentence splitter then cuts in
# two: a short whole part and a word or sign after, so a year ending a sentence ("in 2011. 2 were") is not.
_SPACED_POINT = re.compile(r"(?<![\d,.])(\d{1,3})\. (\d{1,2})(?= ?[a-z%])")


def source_numbers(text: str) -> set[float]:
    """The numbers a source gives, also reading thousands split by a stray space ("235, 000", as in some
    tokenised or badly extracted text) as one number, and a decimal split at its point ("7. 8 per cent"):
    a sentence saying 235,000 or 7.8 stands on them."""
    mended = _SPACED_POINT.sub(r"\1.\2", _SPACED_THOUSANDS.sub(",", text))
    return all_numbers(text) | number_values(mended)


_AUXILIARY = frozenset(
    "a an the be been being is are was were am do does did have has had will would can could shall should "
    "may might must to yet even ever so very any immediately".split()
)


def _stem(word: str) -> str:
    return word.lower()[:5]


# Words after a negation that say what it is about: a denial told with a word between ("rejected a
# Republican plan" for "rejected a plan of the Republican leaders") is the same denial.
_SCOPE = 3


def _scope_words(text: str) -> list[str]:
    """The stem of the first meaningful word after each negation ("not found" -> "found"), in order."""
    return [window[0] for window in _scope_windows(text)]


def _scope_windows(text: str) -> list[tuple[str, ...]]:
    """The stems of the first meaningful words after each negation, the first one what it denies and the
    next ones, words of substance only, what it is about ("rejected a plan of the Republican leaders"
    -> "plan", "repub", "leade")."""
    windows = []
    for match in _NEGATION.finditer(text):
        after = text[match.end() : match.end() + 80]
        if day := DAY_TOLD.match(after):  # "denied on Wednesday that": the day is not what is denied
            after = after[day.end() :]
        following = [w for w in tokens(after) if w.lower() not in _AUXILIARY]
        if following:
            about = [w for w in following[1:] if w.lower() not in STOPWORDS][: _SCOPE - 1]
            windows.append(tuple(_stem(w) for w in [following[0], *about]))
    return windows


def negation_scopes(text: str) -> set[str]:
    """What each negation denies: the stem of the first meaningful word after it ("not found" -> "found")."""
    return set(_scope_words(text))


def _alike(said: tuple[str, ...], denied: tuple[str, ...]) -> bool:
    """Two denials are one: they deny the same word, or they are about the same two words ("rejected a
    Republican plan to repeal" and "rejected a plan of the Republican leaders")."""
    return said[0] == denied[0] or len(set(said) & set(denied)) >= 2


def negation_problem(text: str, support: str) -> str | None:
    """A sentence may not deny what its sources state, nor state what they deny.

    What the sources deny in one place and state in another ("pleaded not guilty to murder", then
    "pleaded guilty to manslaughter") they state: a sentence may say it."""
    own, windows = _scope_windows(text), _scope_windows(support)
    if not all(any(_alike(window, theirs) for theirs in windows) for window in own):
        return "negation differs from the sources: they do not deny this"
    # What its own denials deny, in its words and in the sources' words for the same denial.
    said = {w[0] for w in own} | {t[0] for w in own for t in windows if _alike(w, t)}
    denied = Counter(window[0] for window in windows)
    stems = {_stem(w) for w in tokens(text)}
    written = Counter(_stem(w) for w in tokens(support))
    only_denied = {stem for stem, n in denied.items() if written[stem] <= n}
    if (only_denied & stems) - said or _states_a_denied_pair(text, support, windows, said):
        return "negation differs from the sources: they deny what it states"
    return None


# Words apart that still tell one thing ("guilty to murder", "won the vote").
_NEAR = 4


def _pairs(text: str) -> Counter[tuple[str, str]]:
    """Each stem with each stem of the few words after it, as often as the text has them."""
    stems = [_stem(w) for w in tokens(text)]
    return Counter((a, b) for i, a in enumerate(stems) for b in stems[i + 1 : i + 1 + _NEAR] if a != b)


def _states_a_denied_pair(text: str, support: str, windows: list[tuple[str, ...]], said: set[str]) -> bool:
    """The sentence states what a denial of the sources is about ("pleaded guilty to murder") where the
    sources deny it ("pleaded not guilty to murder") and state only the word with something else ("and
    guilty to manslaughter"): the word alone stands, its pair with what it was denied of does not."""
    denied = Counter((w[0], about) for w in windows for about in set(w[1:]) if about != w[0])
    if not denied:
        return False
    own, written = _pairs(text), _pairs(support)
    return any(own[pair] and pair[0] not in said and written[pair] <= n for pair, n in denied.items())


def name_in(name: str, support: str) -> bool:
    """A name stands whole in the sources, as words of its own, letter case aside (some sources are
    lower-cased).

    Not word by word: "Pete Koizumi" must not pass because "Pete" and "Koizumi" both occur. A possessive
    stands on the name ("Russia's" on "Russia"), and hyphens compare with or without spaces around them
    ("al-Shabaab", "al - shabaab" in tokenised text) or as a space ("Sims-based", "Sims based"), and an
    acronym with or without its full stops ("GOP", "G.O.P.").
    """
    bare = re.sub(r"['’]s$", "", name)
    return any(
        re.search(rf"(?<!\w){re.escape(_hyphens(n).casefold())}(?!\w)", _hyphens(s).casefold()) is not None
        for n, s in (
            (bare, support),
            (_undotted(bare), _undotted(support)),  # "D-N" of "D-N.Y." as written
            (_unhyphenated(bare), _unhyphenated(support)),  # "Sims-based" and "Sims based"
        )
    )


def _unhyphenated(text: str) -> str:
    return re.sub(r"\s*-\s*", " ", text)


def _undotted(text: str) -> str:
    """Initials and acronyms without their full stops, as compared ("U.K." and "UK", "G.O.P." and "GOP")."""
    return _DOTS.sub(lambda m: m.group(0).replace(".", ""), text)


# Initials with stops ("U.K.", "U.S.", "G.O.P."): a source may write them without ("UK").
_DOTS = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}")


# Words that open a sentence to tie it to the one before ("However, ...", "Later, ..."): capitalised
# there, so `names` reads them as names, yet no source has to name them. Model writers open with them
# often; the extractive writer, copying sentences whole, never has to.
_CONNECTIVES = frozenset(
    "however later additionally meanwhile moreover furthermore nevertheless nonetheless overall instead "
    "finally initially subsequently eventually afterwards afterward previously earlier currently recently "
    "despite although though whereas thus therefore hence consequently similarly likewise notably "
    "specifically separately elsewhere besides lastly ultimately together alternatively conversely "
    "otherwise indeed still yet also then next today yesterday tomorrow".split()
)


# A run of capitalised words that ends in a people's adjective is two names side by side ("the London
# Russian embassy" for "the Russian embassy in London"): each must stand, not the run whole.
_DEMONYM = re.compile(r"\s(\w+(?:ian|ean|ese|ish))$")


def name_stands(name: str, support: str) -> bool:
    """A name of the sentence stands in the sources: whole, as its country told another way (its people's
    adjective, a city in it: `core.countries`), or as a name and a people's adjective."""
    if name_in(name, support) or country_stands(name, support):
        return True
    split = _DEMONYM.search(name)
    if split is None:
        return False
    return name_in(name[: split.start()], support) and name_in(split.group(1), support)


def _initials_missing(text: str, support: str) -> list[str]:
    """Initials of the sentence ("U.K.") that the sources write neither with stops nor without."""
    bare = support.replace(".", "")
    found = _DOTS.findall(text)
    return [
        i
        for i in found
        if not (name_in(i, support) or name_in(i.replace(".", ""), bare) or country_stands(i, support))
    ]


def _hyphens(text: str) -> str:
    return re.sub(r"\s*-\s*", "-", text)


def _between(text: str, a: str, b: str) -> set[str] | None:
    """Content words between the first `a` and the first `b` after it, or None when not in that order."""
    i = text.find(a)
    j = text.find(b, i + len(a)) if i >= 0 else -1
    if i < 0 or j < 0:
        return None
    return {w for w in words(text[i + len(a) : j]) if len(w) >= 4}


def swapped_roles(text: str, citations: Sequence[Passage]) -> str | None:
    """Two names in reverse order around the same words in a cited passage ("A beat B" / "B beat A")."""
    found = sorted(names(text), key=text.find)
    for x, first in enumerate(found):
        for second in found[x + 1 :]:
            said = _between(text, first, second)
            if not said:
                continue
            for passage in citations:
                if _between(passage.text, first, second) is not None:
                    break  # the passage has them in the same order
                reversed_ = _between(passage.text, second, first)
                if reversed_ and said & reversed_:
                    return f"roles swapped: the sources have {second} before {first}"
    return None


def speaker_problem(text: str, support: str) -> str | None:
    """Words given to someone the passages do not quote. Gemma 3 270M turned "Alan Dershowitz said on
    'Tucker Carlson Tonight' that ..." into "'Tucker Carlson Tonight' said that ...": every name stands
    in the passage, but the speaker changed. Checked only when the passages name a speaker."""
    said, sourced = speakers(text), speakers(support)
    if said and sourced and not said & sourced:
        return f"speaker differs from the sources: they quote {', '.join(sorted(sourced))}"
    return None


def rule_findings(text: str, citations: Sequence[Passage]) -> tuple[list[str], Findings]:
    """What the rules find wrong with a sentence against its cited passages: the reasons, and their
    counts for the support model. The sentence and passages as `verify_sentence` reads them."""
    text = _plain(text)  # no-break spaces and curly apostrophes compare as plain ones on both sides
    support = _plain(" ".join(p.text for p in citations))
    reasons: list[str] = []
    missing = all_numbers(text) - source_numbers(support)
    if missing:
        missing -= bounded_numbers(text, support)
    if missing:
        reasons.append(f"number not in sources: {shown_numbers(missing)}")
    # A lone capital is an initial: "U.K." reads as "U" and "K", checked whole below.
    said = [n for n in sorted(names(text)) if n.casefold() not in _CONNECTIVES and len(n) > 1]
    absent = [name for name in said if not name_stands(name, support)] + _initials_missing(text, support)
    reasons += [f"name not in sources: {name}" for name in absent]
    folded = support.replace("“", '"').replace("”", '"')
    unquoted = [quote for quote in quotes(text) if quote not in folded and quote not in support]
    reasons += [f"quote not in sources: {quote[:60]}" for quote in unquoted]
    problems = (
        negation_problem(text, support),
        swapped_roles(text, citations),
        speaker_problem(text, support),
        opposite_problem(text, support),
    )
    reasons += [problem for problem in problems if problem]
    negation, roles, speaker, opposite = (int(problem is not None) for problem in problems)
    found = Findings(int(bool(missing)), len(absent), len(unquoted), negation, roles, speaker, opposite)
    return reasons, found


class Judge(Protocol):
    """A learned support judgement (copydesk.support_model): the probability that the passages support
    the sentence, from `core.support.features`, and the least probability that passes."""

    threshold: float

    def score(self, features: Sequence[float]) -> float: ...


def verify_sentence(
    text: str, citations: Sequence[Passage], similarity: float | None = None, judge: Judge | None = None
) -> Verdict:
    """Verified when the sentence's facts stand in its cited passages; otherwise the reasons why not.

    The rules veto what they can name (a number, name or quotation not in the passages, a negation or
    roles turned round). With its closeness in meaning (`similarity`), a rewritten sentence is also
    judged as a whole: by `judge` when given, which sees how much of it is new to the passages, else by
    the similarity floor alone.
    """
    if not citations:
        return Verdict(False, ("cites no source passage",))
    if any(gives_instructions(p.text) for p in citations):
        return Verdict(False, ("cites a passage that gives instructions to a model",))
    reasons, found = rule_findings(text, citations)
    if similarity is not None and judge is not None:
        score = judge.score(features(text, [p.text for p in citations], similarity, found))
        if score < judge.threshold:
            reasons.append(
                f"the support model finds too little of it in the sources (score {score:.2f}, "
                f"needs {judge.threshold:.2f})"
            )
    elif similarity is not None and similarity < SIMILARITY_FLOOR:
        reasons.append(f"meaning too far from the sources (similarity {similarity:.2f})")
    return Verdict(not reasons, tuple(reasons))


def verify_draft(
    draft: Draft, similarities: Sequence[float | None] | None = None, judge: Judge | None = None
) -> list[Verdict]:
    """A verdict for each sentence of the draft, dek first, in reading order."""
    sentences = draft.sentences()
    closeness = list(similarities) if similarities is not None else [None] * len(sentences)
    pairs = zip(sentences, closeness, strict=True)
    return [verify_sentence(s.claim, s.citations, c, judge) for s, c in pairs]
