"""Anchoring relative dates: "on Thursday" or "yesterday" in a sentence cut from a report of a known day.

A sentence moved out of its report loses the day it was written; the page shows the calendar date
beside each relative one, worked out from the cited report's publication date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import regex

from copydesk.core.text import CAPITAL, QUOTED, unquoted

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The day something was done, told beside its verb ("on Tuesday", "late Monday evening", "yesterday"): a
# headline leaves it out, and a denial's day is no part of what it denies ("denied on Wednesday that").
DAY_TOLD = re.compile(
    r"\s+(?:(?:late|early)\s+)?(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b(?![’']s)"
    r"|\s+(?:yesterday|today|tonight|last night)\b(?![’']s)",
)
_RELATIVE = re.compile(
    r"\b(?:(?P<last>last|next|this) )?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:['’]s\b|(?P<part> (?:morning|afternoon|evening|night))?(?:['’]s)?\b)"
    r"|\b(?P<day>yesterday|today|tonight|tomorrow|this (?:morning|afternoon|evening)|last night)(?:['’]s)?\b",
    re.IGNORECASE,
)
# Words in the clause before a weekday that point forward: "until 6 a.m. on Tuesday", "will meet on Friday",
# "will likely be tested as soon as Friday", "is expected to announce his bid Thursday", "planned for Friday".
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|until|till|due|expected|scheduled|planned|planning|plans|set (?:to|for)|is to|"
    r"are to|as soon as|upcoming|slated|poised|ahead of|in advance of)\b"
    # "an interview to air Tuesday", "has invited them to his office on Friday": what is to come
    r"|\bto (?:air|be (?:aired|broadcast|shown|published|released))\b|\b(?:has|have) invited\b",
    re.I,
)
# The present progressive tells what is coming: "is heading to Georgetown for a speech Thursday"; not
# before a weekday's possessive, which names an event told of ("are challenging statements made during
# Wednesday's testimony").
_TOLD_OF = re.compile(r"\b(?:during|at|in|after|since|from|of|by|over)\s+$", re.I)
_PROGRESSIVE = re.compile(r"\b(?:is|are|am)\s+(?:\w+ly\s+)?(?!being\b)\w+ing\b", re.I)
_CLAUSE = re.compile(r"(?<!\.[mM])[.!?]\s|[;:]\s|,\s")  # "6 a.m. on Tuesday" is one clause


def _clause_before(text: str, at: int) -> str:
    """The clause of `text` that runs up to a relative date at `at`."""
    return _CLAUSE.split(text[max(0, at - 140) : at])[-1]


_SHIFT = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "tomorrow": 1}


@dataclass(frozen=True)
class Anchor:
    """A relative date in a text (its span) and the calendar day it means."""

    start: int
    end: int
    day: date


def _weekday(name: str, written: date, qualifier: str, future: bool) -> date:
    target = WEEKDAYS.index(name.lower())
    back = (written.weekday() - target) % 7
    ahead = (target - written.weekday()) % 7
    if qualifier == "last":
        return written - timedelta(days=back or 7)
    if qualifier == "next" or (future and qualifier != "this"):
        return written + timedelta(days=ahead)
    return written - timedelta(days=back)


# A capitalised word just before a weekday makes it part of a name: "Fox News Sunday", "Super Tuesday",
# "Good Friday". A sentence may open on one of these words, which are no names.
_NAMED = regex.compile(rf"\b({CAPITAL}[\w’'.-]*)\s+$")
_OPENERS = frozenset("on by until since from before after last next this early late every each".split())


def _in_name(before: str) -> bool:
    word = _NAMED.search(before)
    return bool(word) and word.group(1).lower() not in _OPENERS


def _relative(text: str) -> Iterator[tuple[re.Match[str], bool]]:
    """Each relative date of `text` written into it (not one inside a quotation, nor a weekday that is
    part of a name), and whether its clause points forward."""
    quoted = [q.span() for q in QUOTED.finditer(text)]
    for m in _RELATIVE.finditer(text):
        if any(start < m.start() < end for start, end in quoted):
            continue  # "As I said yesterday": the speaker's words are not written into
        if m.group("weekday") and not m.group("last") and _in_name(text[max(0, m.start() - 40) : m.start()]):
            continue
        clause = _clause_before(text, m.start())
        told_of = m.group(0)[-2:] in ("'s", "’s") and bool(_TOLD_OF.search(clause))
        # it tells what is to come
        yield m, bool(_FUTURE.search(clause) or (not told_of and _PROGRESSIVE.search(clause)))


# A day that may come: "could rise again after more rain on Monday", "rain forecast for Tuesday".
_MAYBE = re.compile(r"\b(?:could|would|might|may|forecast|forecasts|predicted|hopes?)\b", re.I)


# A weekday naming an event, its verb a modal: "The Wednesday hearing would have been Lerner's first public
# appearance" (in a report of the Tuesday before). Read as a name by `anchors`, so never printed with a
# date; a day to come all the same.
_EVENT_TO_COME = re.compile(
    rf"\b[Tt]he ({'|'.join(day.capitalize() for day in WEEKDAYS)}) [a-z]+ "
    r"(?:would|will|is (?:set|expected|scheduled|due) to)\b"
)


def days_to_come(text: str, written: date) -> frozenset[date]:
    """The days `text` (from a report written on `written`) tells something is to happen on, or may:
    "could use a public event as soon as Wednesday", "plans to invoke the Fifth ... on Wednesday",
    "tomorrow"; none inside a quotation."""
    found = set()
    for m, future in _relative(text):
        if m.group("weekday"):
            maybe = future or bool(_MAYBE.search(_clause_before(text, m.start())))
            if maybe and (m.group("last") or "").lower() != "last":
                found.add(_weekday(m.group("weekday"), written, (m.group("last") or "").lower(), True))
        elif m.group("day").lower() == "tomorrow":
            found.add(written + timedelta(days=1))
    for m in _EVENT_TO_COME.finditer(unquoted(text)):  # "The Wednesday hearing would have been her first"
        found.add(_weekday(m.group(1), written, "", True))
    return frozenset(found)


def weekday_dates(days: Iterable[int], published: datetime) -> frozenset[date]:
    """The calendar dates of a report's told weekdays (`told_weekdays`, 0 for Monday): each the latest such
    day on or before the day it was published ("Monday" in a report of Wednesday is the Monday two days
    before; days to come are not told), or the day after it: a report stamped late on Monday in UTC and
    telling "Tuesday" was written on its outlet's Tuesday."""
    written = published.date()
    back = ((written.weekday() - d) % 7 for d in days)
    return frozenset(written - timedelta(days=b if b < 6 else -1) for b in back)


def days_between(a: frozenset[int], b: frozenset[int]) -> int:
    """How many days apart two reports' told weekdays lie, the nearest two of them counted around the week
    (0 when they share one or when either tells none)."""
    return min((min((x - y) % 7, (y - x) % 7) for x in a for y in b), default=0)


def days_apart(
    days_a: frozenset[int], published_a: datetime | None, days_b: frozenset[int], published_b: datetime | None
) -> int:
    """How many days apart the events of two reports lie, by the weekdays their openings tell: by calendar
    date when both are dated (a march told "on Saturday" and the next a week later are seven days apart,
    where their weekdays alike say one day), else around the week (`days_between`); 0 when either tells
    none."""
    if published_a is not None and published_b is not None:
        dates_a, dates_b = weekday_dates(days_a, published_a), weekday_dates(days_b, published_b)
        return min((abs((x - y).days) for x in dates_a for y in dates_b), default=0)
    return days_between(days_a, days_b)


def told_weekdays(text: str) -> frozenset[int]:
    """The weekdays (0 for Monday to 6) on which `text` says something happened: "on Tuesday", "Tuesday
    night"; not a day to come ("will vote on Friday"), nor one qualified ("last Friday", "next Friday"):
    the day of a report's own event, without its publication date."""
    return frozenset(
        WEEKDAYS.index(m.group("weekday").lower())
        for m, future in _relative(text)
        if m.group("weekday")
        and not m.group("last")
        and not future
        and not _MAYBE.search(_clause_before(text, m.start()))
    )


MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# "in April", "for March": a month a figure or an event belongs to. Not "Jan. 6" nor "May 4", which name a
# day (an event's name, often); "May" alone is a verb as often as a month.
_MONTH_OF = re.compile(
    r"\b(?:in|for|of|during|since|through)\s+(" + "|".join(m.title() for m in MONTHS) + r")\b"
)


def told_months(text: str) -> frozenset[int]:
    """The months (1 for January) that `text` says its figures or events belong to ("in April"), outside
    quotations."""
    return frozenset(MONTHS.index(m.group(1).lower()) + 1 for m in _MONTH_OF.finditer(unquoted(text)))


def anchors(text: str, written: date, latest: date | None = None) -> list[Anchor]:
    """Each relative date of `text` (from a report written on `written`) with the day it names; a weekday
    that is part of a name ("Fox News Sunday") is none, nor one inside a quotation. With `latest`, the
    day of the story's latest report: a past weekday whose next one is on or before it may mean either
    week ("said on Friday" in a report dated the Thursday before), and is left unanchored."""
    found = []
    for m, future in _relative(text):
        if m.group("weekday"):
            day = _weekday(m.group("weekday"), written, (m.group("last") or "").lower(), future)
            if latest and not m.group("last") and day < written and day + timedelta(days=7) <= latest:
                continue  # this week's or last week's: unsure
        else:
            phrase = m.group("day").lower()
            day = written + timedelta(days=_SHIFT.get(phrase, 0))
        found.append(Anchor(m.start(), m.end(), day))
    return found
