"""What an editor checks of an article's time beside its sources (`copydesk eval stories`): relative dates
anchored to the right day, weekdays on one page meaning one day, and a dek that previews rather than tells.

Written apart from the writer's own rules, as `article_checks` is, so that a rule the writer follows does
not pass its own check by construction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from copydesk.core.dates import WEEKDAYS, anchors
from copydesk.evaluation.article_checks import Article, Report, reporters_words

# --- relative dates ----------------------------------------------------------------------------

_AHEAD = re.compile(
    r"\b(?:will|'ll|shall|(?:is|are|was|were) (?:scheduled|expected|set|slated|due|going|planning|poised) to|"
    r"plans? to|planned|scheduled|set for|slated|next|upcoming|until|to air|(?:has|have) invited)\b",
    re.IGNORECASE,
)
_BEHIND = re.compile(
    r"\b(?:said|says|was|were|had|did|told|met|held|made|gave|took|came|went|sent|spoke|wrote|won|lost|"
    r"began|ran|left|\w+ed)\s+(?:(?:late|early|on|last)\s+)*$",
    re.IGNORECASE,
)


def wrong_dates(article: Article, reports: Sequence[Report]) -> tuple[int, int]:
    """(relative dates anchored, of which to a day the sentence's tense rules out), as the page anchors
    them (with the story's latest report)."""
    anchored = wrong = 0
    latest = _latest(reports)
    for shown in article.sentences:
        written = reports[shown.source].published
        if written is None:
            continue
        for anchor in anchors(shown.text, written, latest):
            anchored += 1
            before = shown.text[max(0, anchor.start - 60) : anchor.start]
            clause = re.split(r"[,;:.!?]\s", before)[-1]
            ahead = bool(_AHEAD.search(clause))
            behind = bool(_BEHIND.search(before)) and not ahead
            wrong += (ahead and anchor.day < written) or (behind and anchor.day > written)
    return anchored, wrong


def _latest(reports: Sequence[Report]) -> date | None:
    """The day of the story's latest report, against which the page anchors a past weekday."""
    return max((r.published for r in reports if r.published), default=None)


def days_in_conflict(article: Article, reports: Sequence[Report]) -> int:
    """Weekdays the page anchors to two different days ("said on Friday (21 May)" and "Friday afternoon
    (28 May)"): a reader takes one of them for wrong."""
    latest = _latest(reports)
    days: dict[str, set[date]] = {}
    for shown in article.sentences:
        written = reports[shown.source].published
        if written is None:
            continue
        for anchor in anchors(shown.text, written, latest):
            word = shown.text[anchor.start : anchor.end].split()[0].lower()
            if word in WEEKDAYS:
                days.setdefault(word, set()).add(anchor.day)
    return sum(len(d) > 1 for d in days.values())


_FUTURE = re.compile(r"\b(?:will|is expected to|plans to|is set to)\b")
# What someone said, admitted or ruled will happen is a report of what they did ("admitted there's a chance
# that the Republicans will lose", "couples will be recognized ..., the Treasury said"), not a preview.
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|admitted|admits|announced|announces|ruled|predicted|warned|chance) "
)
_SAID_AFTER = re.compile(r",\s+[^,]{1,80}?\b(?:said|says|announced|ruled)\b[^,]*$")


def future_dek(article: Article) -> bool:
    """Whether the dek tells what will happen (a preview) rather than what happened: a future in the
    reporter's own telling, not in what the sentence reports someone said."""
    if not article.sentences:
        return False
    text = reporters_words(article.sentences[0].text)
    found = _FUTURE.search(text)
    if not found:
        return False
    effect = re.match(r"will (?:now )?be \w+ed\b", text[found.start() :])  # "will be recognized": an effect
    return not (_SAID_BEFORE.search(text[: found.start()]) or (effect and _SAID_AFTER.search(text)))
