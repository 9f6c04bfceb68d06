"""Checking a sentence against the passages it cites: numbers, names and quotes must stand there."""

from __future__ import annotations

from collections.abc import Sequence

from copydesk.core.text import names, normalize_space, number_values, quotes
from copydesk.core.types import Draft, Passage, Verdict


def verify_sentence(text: str, citations: Sequence[Passage]) -> Verdict:
    """Verified when every number, name and quote of `text` appears in the cited passages."""
    if not citations:
        return Verdict(False, ("cites no source passage",))
    support = normalize_space(" ".join(p.text for p in citations))
    reasons: list[str] = []
    missing_numbers = number_values(text) - number_values(support)
    if missing_numbers:
        shown = ", ".join(f"{n:g}" for n in sorted(missing_numbers))
        reasons.append(f"number not in sources: {shown}")
    for name in sorted(names(text)):
        if name not in support:
            reasons.append(f"name not in sources: {name}")
    for quote in quotes(text):
        if quote not in support:
            reasons.append(f"quote not in sources: {quote[:60]}")
    return Verdict(not reasons, tuple(reasons))


def verify_draft(draft: Draft) -> list[Verdict]:
    """A verdict for each sentence of the draft, dek first, in reading order."""
    return [verify_sentence(s.text, s.citations) for s in draft.sentences()]
