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
from itertools import pairwise

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
    "modal_added",
    "quantity_added",
    "order_inversions",
    "split_pairs",
)

# Words that say how sure or how likely ("may" -> "will"): stopwords to the other features, so a
# hedge removed or a certainty added is invisible to them.
_MODAL = frozenset(
    "will would may might could can must should shall definitely certainly surely possibly probably "
    "likely unlikely perhaps allegedly reportedly apparently expected expects plans planned intends "
    "intended proposed considering guaranteed confirmed".split()
)
# Words that say how many or how often ("most" -> "all", "sometimes" -> "always").
_QUANTITY = frozenset(
    "all every each everyone everything entire whole most many much some several few none no any both "
    "either neither always never often usually sometimes rarely only sole solely majority minority "
    "numerous multiple various more less fewer least mostly partly fully completely".split()
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


def _added(said: list[str], sourced: set[str], kind: frozenset[str]) -> float:
    """How many words of a kind the sentence has that its passages lack."""
    return float(len({w for w in said if w in kind} - sourced))


def _inversions(content: list[str], passages: list[list[str]]) -> float:
    """Who did what to whom: the share of pairs of the sentence's content words that stand in the other
    order in the passage sharing most of them ("the union sued the council" / "the council sued the
    union"). Words that occur more than once on either side are left out: their order says nothing."""
    once = [w for w in dict.fromkeys(content) if content.count(w) == 1]
    best: list[str] = []
    where: dict[str, int] = {}
    for passage in passages:
        shared = [w for w in once if passage.count(w) == 1]
        if len(shared) > len(best):
            best, where = shared, {w: passage.index(w) for w in shared}
    if len(best) < 2:
        return 0.0
    pairs = [(a, b) for i, a in enumerate(best) for b in best[i + 1 :]]
    return sum(where[a] > where[b] for a, b in pairs) / len(pairs)


def _split_pairs(content: list[str], passages: list[set[str]]) -> float:
    """An unsupported combination: the share of neighbouring content words of the sentence, each in some
    passage, that no one passage has together (a name from one sentence joined to a fact of another)."""
    known = set().union(*passages) if passages else set()
    pairs = [(a, b) for a, b in pairwise(content) if a in known and b in known]
    if not pairs:
        return 0.0
    return sum(not any(a in p and b in p for p in passages) for a, b in pairs) / len(pairs)


def _parts(text: str) -> list[str]:
    """Folded words, a hyphenated one as its parts: "table-topping" is the "table - topping" or "table
    topping" of a source (tokenised text spaces its hyphens), not a word new to it."""
    return [part for word in words(text) for part in word.split("-") if part]


def features(text: str, passages: Sequence[str], similarity: float, findings: Findings) -> list[float]:
    """The sentence's numbers, in the order of FEATURES."""
    said = _parts(text)
    per_passage = [_parts(p) for p in passages]
    sourced = [w for p in per_passage for w in p]
    content = _content(said)
    passage_content = [_content(p) for p in per_passage]
    passage_sets = [set(p) for p in passage_content]
    known = set(_content(sourced))
    novel = [w for w in content if w not in known]
    best = (
        max((sum(w in p for w in content) / len(content) for p in passage_sets), default=0.0)
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
        _added(said, lowered, _MODAL),
        _added(said, lowered, _QUANTITY),
        _inversions(content, passage_content),
        _split_pairs(content, passage_sets),
    ]
