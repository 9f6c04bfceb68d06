"""The days and months a report's opening tells (core.dates, core.article_terms) and what grouping makes of
them (core.clustering.pair_fit, coherent): one subject on different days is two events."""

from collections.abc import Collection
from datetime import UTC, datetime

import numpy as np

from copydesk.core.article_terms import lead_days, lead_months
from copydesk.core.clustering import (
    ArticleProfile,
    ClusteringOptions,
    StoryIndex,
    coherent,
    found,
    join,
    pair_fit,
)
from copydesk.core.dates import days_between, told_months, told_weekdays

DAY = datetime(2026, 3, 2, tzinfo=UTC)
MONDAY, TUESDAY, WEDNESDAY, FRIDAY, SUNDAY = 0, 1, 2, 4, 6


def test_the_weekdays_a_report_says_its_event_happened_on() -> None:
    assert told_weekdays("Transport Minister Ilse Marn on Monday defended the contract.") == {MONDAY}
    assert told_weekdays("Hail fell on Tuesday afternoon; farmers counted losses Wednesday night.") == {
        TUESDAY,
        WEDNESDAY,
    }
    # A day to come, a day qualified, a day in a name or in someone's words is not the event's day.
    assert told_weekdays("The committee will vote on Friday.") == frozenset()
    assert told_weekdays("The ballot closed last Friday and opens next Tuesday.") == frozenset()
    assert told_weekdays("She told Fox News Sunday she would stay.") == frozenset()
    assert told_weekdays('"We struck on Friday," he said.') == frozenset()
    assert told_weekdays("He said on Sunday that talks had failed.") == {SUNDAY}
    assert told_weekdays("The river could rise again after more rain on Monday.") == frozenset()
    assert told_weekdays("Rain forecast for Tuesday may help the crews.") == frozenset()


def test_the_months_a_reports_figures_belong_to() -> None:
    assert told_months("Employers added 263,000 jobs in April, after 189,000 in March.") == {3, 4}
    # A date names a day (often an event's name, "Jan. 6"); "may" is a verb; quoted words are not told.
    assert told_months("The Jan. 6 committee may meet on May 4.") == frozenset()
    assert told_months('"Wait until June," she said.') == frozenset()


def test_the_opening_is_read_not_what_the_report_recalls_further_down() -> None:
    text = "Ilse Marn resigned on Wednesday. " + "x " * 200 + "She was questioned on Monday in April."
    assert lead_days("Marn quits", text) == {WEDNESDAY}
    assert lead_months("Marn quits", text) == frozenset()


def test_days_between_counts_around_the_week_and_needs_a_day_on_both_sides() -> None:
    assert days_between(frozenset({MONDAY}), frozenset({WEDNESDAY})) == 2
    assert days_between(frozenset({SUNDAY}), frozenset({MONDAY})) == 1
    assert days_between(frozenset({MONDAY, FRIDAY}), frozenset({FRIDAY})) == 0
    assert days_between(frozenset(), frozenset({FRIDAY})) == 0


def _report(
    v: list[float],
    days: Collection[int] = (),
    numbers: Collection[float] = (),
    months: Collection[int] = (),
) -> ArticleProfile:
    vector = np.array(v, dtype=np.float32)
    return ArticleProfile(
        vector / np.linalg.norm(vector),
        frozenset(),
        DAY,
        {},
        numbers=frozenset(numbers),
        days=frozenset(days),
        months=frozenset(months),
    )


def test_reports_that_tell_different_days_months_or_figures_fit_less() -> None:
    options = ClusteringOptions()
    plain = pair_fit(_report([1, 0]), _report([1, 0]), options)
    assert pair_fit(_report([1, 0], {MONDAY}), _report([1, 0], {MONDAY}), options) == plain
    assert pair_fit(_report([1, 0], {MONDAY}), _report([1, 0], {TUESDAY}), options) == plain - 0.4
    two_days = pair_fit(_report([1, 0], {MONDAY}), _report([1, 0], {WEDNESDAY}), options)
    assert two_days == plain - 1.0
    april = _report([1, 0], months={4})
    assert pair_fit(april, _report([1, 0], months={SATURDAY}), options) < pair_fit(april, april, options)
    # Figures: two each, none shared; one figure alone says too little.
    jobs = _report([1, 0], numbers={263000.0, 3.6})
    assert pair_fit(jobs, _report([1, 0], numbers={2500000.0, 13.3}), options) == plain - 1.0
    assert pair_fit(jobs, _report([1, 0], numbers={13.3}), options) == plain
    assert pair_fit(jobs, _report([1, 0], numbers={263000.0, 3.8}), options) == plain


def test_in_a_quiet_window_reports_days_apart_need_the_pairwise_fit() -> None:
    options = ClusteringOptions()
    questioned = join(found(1, _report([1, 0.1], {MONDAY})), _report([1, 0.12], {MONDAY}))
    index = StoryIndex([questioned])
    assert len(index) < options.pair_crowd  # a quiet window: the plain pairwise check is off
    assert not coherent(_report([1, 0.1], {WEDNESDAY}), questioned, index, options)
    assert coherent(_report([1, 1.2], {TUESDAY}), questioned, index, options)  # a day on: not asked
    assert coherent(_report([1, 1.2]), questioned, index, options)  # no day told


SATURDAY = 5


def _dated(v: list[float], published: datetime | None, days: Collection[int]) -> ArticleProfile:
    vector = np.array(v, dtype=np.float32)
    return ArticleProfile(vector / np.linalg.norm(vector), frozenset(), published, {}, days=frozenset(days))


def test_told_weekdays_of_dated_reports_are_compared_as_calendar_dates() -> None:
    """With publication dates a told weekday is a calendar date (the latest such day on or before the
    report's own), and reports are compared by those: one march on a Saturday and the next a week later,
    each told "on Saturday", are a week apart, not the same day; "Sunday" in a Monday report and "Monday"
    in a report of the Tuesday before are six days apart, not one."""
    options = ClusteringOptions()
    saturday, next_saturday = datetime(2026, 3, 7, 18, tzinfo=UTC), datetime(2026, 3, 14, 18, tzinfo=UTC)
    plain = pair_fit(_dated([1, 0], saturday, ()), _dated([1, 0], next_saturday, ()), options)
    first, second = _dated([1, 0], saturday, {SATURDAY}), _dated([1, 0], next_saturday, {SATURDAY})
    assert pair_fit(first, second, options) == plain - options.days_apart
    monday, tuesday = datetime(2026, 3, 9, 8, tzinfo=UTC), datetime(2026, 3, 3, 8, tzinfo=UTC)
    assert pair_fit(_dated([1, 0], monday, {SUNDAY}), _dated([1, 0], tuesday, {MONDAY}), options) == (
        plain - options.days_apart
    )
    # "Monday" told on a Wednesday and "Monday" told that Monday are one day; a report a day later telling
    # "Tuesday" is one day on.
    wednesday = datetime(2026, 3, 4, 9, tzinfo=UTC)
    told_monday = _dated([1, 0], wednesday, {MONDAY})
    assert pair_fit(told_monday, _dated([1, 0], DAY, {MONDAY}), options) == plain
    assert (
        pair_fit(told_monday, _dated([1, 0], tuesday, {TUESDAY}), options) == plain - options.next_day_apart
    )
    # A report without a date is compared by weekday, as before.
    assert pair_fit(_dated([1, 0], None, {SATURDAY}), second, options) == plain


def test_in_a_quiet_window_a_march_a_week_later_is_told_apart() -> None:
    options = ClusteringOptions()
    first = datetime(2026, 3, 7, 18, tzinfo=UTC)
    march = join(found(1, _dated([1, 0.1], first, {SATURDAY})), _dated([1, 0.12], first, {SATURDAY}))
    index = StoryIndex([march])
    later = _dated(
        [1, 0.1], datetime(2026, 3, 11, 9, tzinfo=UTC), {SATURDAY}
    )  # Wednesday: "on Saturday" again
    assert coherent(later, march, index, options)  # the same Saturday, recalled on the Wednesday after
    assert not coherent(
        _dated([1, 0.1], datetime(2026, 3, 14, 18, tzinfo=UTC), {SATURDAY}), march, index, options
    )
