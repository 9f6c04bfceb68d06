"""What tells two reports of one subject apart as two events, for grouping (`clustering.pair_fit`,
`clustering.coherent`): telling numbers with none alike, months with none alike, the days their events
happened, the places they name. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from copydesk.core.dates import days_apart
from copydesk.core.places import apart

if TYPE_CHECKING:
    from copydesk.core.clustering import ArticleProfile, ClusteringOptions


def pair_penalties(
    a: ArticleProfile, b: ArticleProfile, options: ClusteringOptions
) -> list[tuple[str, float]]:
    """What tells two reports apart, by rule, and how much each takes from their fit: telling numbers
    and none alike, months and none alike, the days their events happened (`dates.days_apart`)."""
    taken = []
    least = options.numbers_least
    if len(a.numbers) >= least and len(b.numbers) >= least and not a.numbers & b.numbers:
        taken.append(("numbers", options.numbers_apart))
    if a.months and b.months and not a.months & b.months:
        taken.append(("months", options.months_apart))
    gap = days_apart(a.days, a.published, b.days, b.published)
    if gap == 1:
        taken.append(("next-day", options.next_day_apart))
    elif gap > 1:
        taken.append(("days", options.days_apart))
    return taken


def told_apart(article: ArticleProfile, others: Sequence[ArticleProfile]) -> bool:
    """Whether an article and other reports name different places or tell of days two or more apart."""
    if any(days_apart(article.days, article.published, m.days, m.published) > 1 for m in others):
        return True
    return apart(article.places, article.names, [(m.places, m.names) for m in others])
