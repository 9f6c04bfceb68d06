"""What a learned support judgement sees of a sentence and the passages it cites: a few numbers.

The rules of `core.verify` veto what they can name (a number, a name, a quotation absent from the
passages); what they cannot see, a changed verb, an antonym, a claim the passages never make, shows in
how much of the sentence is new to its passages and how close in meaning it stays. `features` turns a
sentence, its cited passages, its closeness in meaning and the rules' findings into the fixed list of
numbers that the support model (`copydesk.support_model`, trained by `tools/train_support.py`) scores.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from copydesk.core.text import STOPWORDS, tokens, words

FEATURES = (
    "similarity",
    "novel_words",
    "novel_words_log",
    "novel_pairs",
    "novel_triples",
    "best_passage_words",
    "novel_capitalised",
    "number_missing",
    "names_missing",
    "quote_missing",
    "negation",
    "roles",
    "speaker",
    "length_log",
    "opposite",
)


@dataclass(frozen=True)
class Findings:
    """What the rules found wrong with the sentence (each a count, most of them 0 or 1)."""

    number_missing: int = 0
    names_missing: int = 0
    quote_missing: int = 0
    negation: int = 0
    roles: int = 0
    speaker: int = 0
    opposite: int = 0


def _stem(word: str) -> str:
    return word[:5]


def _content(words: list[str]) -> list[str]:
    return [_stem(w) for w in words if w not in STOPWORDS and len(w) > 2]


def _grams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _novel(said: set[tuple[str, ...]], sourced: set[tuple[str, ...]]) -> float:
    return len(said - sourced) / len(said) if said else 0.0


def features(text: str, passages: Sequence[str], similarity: float, findings: Findings) -> list[float]:
    """The sentence's numbers, in the order of FEATURES."""
    said = words(text)
    sourced = [w for p in passages for w in words(p)]
    content = _content(said)
    known = set(_content(sourced))
    novel = [w for w in content if w not in known]
    best = (
        max(
            (sum(w in set(_content(words(p))) for w in content) / len(content) for p in passages),
            default=0.0,
        )
        if content
        else 1.0
    )
    capitalised = [w.casefold() for w in tokens(text)[1:] if w[:1].isupper()]
    lowered = set(sourced)
    return [
        similarity,
        len(novel) / len(content) if content else 0.0,
        math.log1p(len(novel)),
        _novel(_grams(said, 2), _grams(sourced, 2)),
        _novel(_grams(said, 3), _grams(sourced, 3)),
        best,
        sum(w not in lowered for w in capitalised) / len(capitalised) if capitalised else 0.0,
        float(findings.number_missing),
        float(min(findings.names_missing, 3)),
        float(findings.quote_missing),
        float(findings.negation),
        float(findings.roles),
        float(findings.speaker),
        math.log1p(len(said)),
        float(findings.opposite),
    ]
