"""Figures given as bounds or round ones ("more than 100 bodies", "nearly 120") and the counts of the
sources they stand on: a model writer rounds "116 bodies" to "more than 100", and the verifier must not
read that as a number the sources never give. Pure."""

from __future__ import annotations

import re

from copydesk.core.text import number_values

# A figure given as a bound or a round one: "more than 100 bodies" where the sources count 116. It stands
# on a plain count of the sources (not itself a bound: "orders over $75" is a limit, and "over $50" another
# one) that it rounds (fewer significant digits) and describes truly and closely: a bound within half the
# figure again ("more than 20" for 116 says another size), a round figure within a tenth.
_BOUND_WORDS = (
    r"more than|over|at least|fewer than|less than|under|up to|nearly|almost|about|around|roughly|"
    r"approximately|some"
)
_FIGURE = (
    r"[$€£]?\d[\d,]*(?:\.\d+)?(?:\s*(?:%|percent|per cent))?(?:\s+(?:thousand|million|billion|trillion))?"
)
_BOUNDED = re.compile(rf"\b({_BOUND_WORDS})\s+({_FIGURE})", re.IGNORECASE)
_FIGURES = re.compile(rf"(?:\b({_BOUND_WORDS})\s+)?(?<![\w.])({_FIGURE})", re.IGNORECASE)


def _bears_out(bound: str, figure: float, count: float) -> bool:
    """Whether a count of the sources bears out the sentence's figure given with this bound."""
    if _digits(figure) >= _digits(count):
        return False  # not a rounding of it
    if bound in ("more than", "over"):
        return figure < count < 1.5 * figure
    if bound == "at least":
        return figure <= count < 1.5 * figure
    if bound in ("fewer than", "less than", "under"):
        return figure / 1.5 < count < figure
    if bound == "up to":
        return figure / 1.5 < count <= figure
    return abs(count - figure) <= 0.1 * figure  # nearly, about, around ...


def _digits(value: float) -> int:
    """Significant digits: 100 has 1, 116 has 3, 12.5 has 3."""
    return len(f"{value:.15g}".replace(".", "").replace("-", "").strip("0"))


def bounded_numbers(text: str, support: str) -> set[float]:
    """The figures the sentence gives as bounds or round ones that a plain count of the sources bears out."""
    counts = {
        value
        for match in _FIGURES.finditer(support)
        if not match.group(1)
        for value in number_values(match.group(2))
    }
    held = set()
    for match in _BOUNDED.finditer(text):
        bound = match.group(1).lower()
        for figure in number_values(match.group(2)):
            if figure > 0 and any(_bears_out(bound, figure, count) for count in counts):
                held.add(figure)
    return held
