"""Where sources differ: the same quantity reported with different values by different sources.

Two passages from different sources that say nearly the same thing (close in meaning, sharing names)
and count the same unit ("3,400 jobs" / "about 3,500 jobs") with different values are a difference.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from copydesk.core.text import STOPWORDS, content_words, number_values
from copydesk.core.types import Passage

# A number, then (after at most two filler words) the thing counted: "3,400 jobs", "$125 million in costs".
_COUNT = re.compile(
    r"(?:(?P<bound>more than|over|at least|up to|fewer than|less than|under|as many as)\s+)?"
    r"(?<![\w.])(?P<value>[$€£]?\d[\d,]*(?:\.\d+)?(?:\s*(?:%|percent|per cent))?"
    r"(?:\s+(?:thousand|million|billion))?)"
    r"(?P<rest>(?:\s+(?:[^\W\d_]|-)+){1,3})"  # words in any script
)
_FILLER = STOPWORDS | {
    "more",
    "than",
    "about",
    "around",
    "some",
    "nearly",
    "almost",
    "new",
    "extra",
    "additional",
}
_SKIP = frozenset(
    """year month week day hour minute second january february march april may june july august september
    october november december monday tuesday wednesday thursday friday saturday sunday thousand million
    billion percent""".split()
)


@dataclass(frozen=True)
class Count:
    """A counted quantity in a passage: its value, its unit word, and the text as written."""

    value: float
    unit: str
    written: str
    label: str = ""
    bound: str = ""
    """'min' for "more than 14,000", 'max' for "up to 125", '' for a plain or approximate value."""

    def agrees(self, other: Count) -> bool:
        """Whether two counts of one unit can both be true ("more than 14,000" and "14,200" can)."""
        if self.value == other.value:
            return True
        for a, b in ((self, other), (other, self)):
            if (a.bound == "min" and b.value > a.value) or (a.bound == "max" and b.value < a.value):
                return True
        return False


@dataclass(frozen=True)
class Difference:
    """One quantity on which sources disagree: each value as written, with the sources that give it."""

    what: str
    values: tuple[tuple[str, tuple[int, ...]], ...]


def counts(text: str) -> list[Count]:
    """The counted quantities of a text ("3,400 jobs" -> 3400 jobs); years and dates are left out."""
    found = []
    for m in _COUNT.finditer(text):
        label = next((w for w in m.group("rest").lower().split() if w not in _FILLER), None)
        unit = label
        values = number_values(m.group("value"))
        if not unit or not values:
            continue
        unit = unit[:-1] if unit.endswith("s") and len(unit) > 3 else unit
        written = m.group("value").strip()
        if unit in _SKIP or written[0] in "$€£" or "%" in written or "per" in written:
            continue  # money and shares need more care than a unit word to be matched: left out
        if len(written) == 4 and written.startswith(("19", "20")):
            continue  # a year
        bound = m.group("bound") or ""
        kind = (
            "max"
            if bound in {"up to", "fewer than", "less than", "under", "as many as"}
            else "min"
            if bound
            else ""
        )
        found.append(Count(values.pop(), unit, written, label or unit, kind))
    return found


def find_differences(
    passages: Sequence[Passage], vectors: npt.NDArray[np.float32], closeness: float = 0.6
) -> list[Difference]:
    """Quantities that close passages from different sources report with different values."""
    sims = vectors @ vectors.T if len(passages) else np.zeros((0, 0))
    per_passage = [counts(p.text) for p in passages]
    seen: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    labels: dict[str, str] = {}
    for i, a in enumerate(passages):
        for j in range(i + 1, len(passages)):
            b = passages[j]
            if a.source_id == b.source_id or sims[i, j] < closeness:
                continue
            if len(set(content_words(a.text)) & set(content_words(b.text))) < 3:
                continue
            for ca in per_passage[i]:
                for cb in per_passage[j]:
                    if ca.unit == cb.unit and not ca.agrees(cb):
                        labels.setdefault(ca.unit, ca.label)
                        seen[ca.unit][ca.written].add(a.source_id)
                        seen[ca.unit][cb.written].add(b.source_id)
    out = []
    for unit, values in sorted(seen.items()):
        by_value: dict[float, tuple[str, set[int]]] = {}
        for written, sources in values.items():
            value = next(iter(number_values(written)))
            kept = by_value.setdefault(value, (written, set()))
            kept[1].update(sources)
        if len(by_value) > 1:
            rows = tuple((w, tuple(sorted(s))) for _, (w, s) in sorted(by_value.items()))
            out.append(Difference(f"number of {labels[unit]}", rows))
    return out
