"""Checking a sentence against the passages it cites before anything is published.

Every number (in any format: 3,400 / 3400 / 3.4 thousand / three), name and quotation of the
sentence must stand in the cited passages; a negation must not appear or vanish; and, when vectors
are given, the sentence must be close in meaning to its passages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from copydesk.core.text import names, normalize_space, number_values, quotes
from copydesk.core.types import Draft, Passage, Verdict

SIMILARITY_FLOOR = 0.55
"""Least cosine between a sentence and its closest cited passage (all-MiniLM-L6-v2)."""

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
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|denied|denies|deny|refused|"
    r"refuses|rejected|rejects|failed|fails)\b|n't\b",
    re.IGNORECASE,
)


def spoken_numbers(text: str) -> set[float]:
    """Numbers written as words ("three weeks", "fourth talk"), loose ones left out."""
    return {_NUMBER_WORDS[w.lower()] for w in _COUNTING.findall(text) if w.lower() not in _LOOSE}


def all_numbers(text: str) -> set[float]:
    return number_values(text) | spoken_numbers(text)


def negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def verify_sentence(text: str, citations: Sequence[Passage], similarity: float | None = None) -> Verdict:
    """Verified when the sentence's facts stand in its cited passages; otherwise the reasons why not."""
    if not citations:
        return Verdict(False, ("cites no source passage",))
    text = normalize_space(text)  # no-break and other spaces compare as plain ones on both sides
    support = normalize_space(" ".join(p.text for p in citations))
    reasons: list[str] = []
    missing = number_values(text) - all_numbers(support)
    missing |= {n for n in spoken_numbers(text) if n not in all_numbers(support)}
    if missing:
        reasons.append(f"number not in sources: {', '.join(f'{n:g}' for n in sorted(missing))}")
    for name in sorted(names(text)):
        if name not in support:
            reasons.append(f"name not in sources: {name}")
    folded = support.replace("“", '"').replace("”", '"')
    for quote in quotes(text):
        if quote not in folded and quote not in support:
            reasons.append(f"quote not in sources: {quote[:60]}")
    if negated(text) != any(negated(p.text) for p in citations):
        reasons.append("negation differs from the sources")
    if similarity is not None and similarity < SIMILARITY_FLOOR:
        reasons.append(f"meaning too far from the sources (similarity {similarity:.2f})")
    return Verdict(not reasons, tuple(reasons))


def verify_draft(draft: Draft, similarities: Sequence[float | None] | None = None) -> list[Verdict]:
    """A verdict for each sentence of the draft, dek first, in reading order."""
    sentences = draft.sentences()
    closeness = list(similarities) if similarities is not None else [None] * len(sentences)
    return [verify_sentence(s.text, s.citations, c) for s, c in zip(sentences, closeness, strict=True)]
