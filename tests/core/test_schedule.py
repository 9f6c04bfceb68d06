from datetime import UTC, datetime, timedelta

import pytest

from copydesk.core.schedule import ScheduleOptions, backoff, next_poll, rhythm

OPTIONS = ScheduleOptions()
T0 = datetime(2026, 2, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("ttl", "gaps_minutes", "expected"),
    [
        (45, [], timedelta(minutes=45)),
        (5, [], timedelta(minutes=15)),  # bounded below
        (5000, [], timedelta(hours=24)),  # bounded above
        (None, [], timedelta(hours=1)),  # nothing to go on: the default
        (None, [120, 120, 180], timedelta(hours=2)),  # the median gap between entries
        (None, [1, 2, 3], timedelta(minutes=15)),
    ],
)
def test_rhythm(ttl: int | None, gaps_minutes: list[int], expected: timedelta) -> None:
    dates = [T0]
    for gap in gaps_minutes:
        dates.append(dates[-1] + timedelta(minutes=gap))
    assert rhythm(ttl, dates, OPTIONS) == expected


@pytest.mark.parametrize(
    ("failures", "expected"),
    [(0, timedelta(hours=1)), (1, timedelta(hours=2)), (3, timedelta(hours=8)), (10, timedelta(hours=24))],
)
def test_backoff(failures: int, expected: timedelta) -> None:
    assert backoff(timedelta(hours=1), failures, OPTIONS) == expected
    assert next_poll(T0, timedelta(hours=1), failures, OPTIONS) == T0 + expected
