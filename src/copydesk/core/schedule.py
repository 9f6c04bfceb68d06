"""When to poll a feed next: its declared rhythm or its observed one, bounded, with backoff on errors."""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ScheduleOptions:
    """Bounds of the polling rhythm."""

    default: timedelta = timedelta(hours=1)
    shortest: timedelta = timedelta(minutes=15)
    longest: timedelta = timedelta(hours=24)
    backoff_cap: timedelta = timedelta(hours=24)


def rhythm(ttl_minutes: int | None, entry_dates: Sequence[datetime], options: ScheduleOptions) -> timedelta:
    """The feed's own interval: the TTL it declares, else the median gap between its entries, bounded."""
    if ttl_minutes:
        interval = timedelta(minutes=ttl_minutes)
    else:
        dates = sorted(entry_dates)
        gaps = [
            (later - earlier).total_seconds()
            for earlier, later in itertools.pairwise(dates)
            if later > earlier
        ]
        interval = timedelta(seconds=statistics.median(gaps)) if len(gaps) >= 2 else options.default
    return max(options.shortest, min(options.longest, interval))


def backoff(interval: timedelta, failures: int, options: ScheduleOptions) -> timedelta:
    """After `failures` failures in a row, wait twice as long each time, up to the cap."""
    if failures <= 0:
        return interval
    factor: int = 2 ** min(failures, 16)
    return min(options.backoff_cap, interval * factor)


def next_poll(now: datetime, interval: timedelta, failures: int, options: ScheduleOptions) -> datetime:
    return now + backoff(interval, failures, options)
