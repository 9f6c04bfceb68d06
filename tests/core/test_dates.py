from datetime import date

import pytest

from copydesk.core.dates import anchors

THURSDAY = date(2026, 1, 15)


@pytest.mark.parametrize(
    ("text", "written", "expected"),
    [
        (
            "The ministers met on Thursday at the Pentagon.",
            date(2026, 1, 16),
            [("Thursday", date(2026, 1, 15))],
        ),
        ("The ministers met on Thursday at the Pentagon.", THURSDAY, [("Thursday", THURSDAY)]),
        ("Residents reacted with unease on Friday.", date(2026, 1, 17), [("Friday", date(2026, 1, 16))]),
        (
            "The warning remains in force until 6 a.m. on Tuesday.",
            date(2026, 1, 19),
            [("Tuesday", date(2026, 1, 20))],
        ),
        (
            "A retired couple told last night how they hid.",
            date(2026, 1, 20),
            [("last night", date(2026, 1, 19))],
        ),
        ("Staff were told this morning.", date(2026, 1, 13), [("this morning", date(2026, 1, 13))]),
        (  # the possessive is part of the day: the page shows "today's (13 Jan)", not "today (13 Jan)'s"
            "Because of today’s ruling, the pool stays open.",
            date(2026, 1, 13),
            [("today’s", date(2026, 1, 13))],
        ),
        ("The vote came yesterday.", date(2026, 1, 13), [("yesterday", date(2026, 1, 12))]),
        ("It happened last Monday.", date(2026, 1, 19), [("last Monday", date(2026, 1, 12))]),
        ("No relative date here, on 15 January 2026.", THURSDAY, []),
        # A future verb elsewhere in the sentence does not move a past weekday forward.
        (
            "On Thursday, Koizumi said the missiles will be deployed.",
            date(2026, 1, 17),
            [("Thursday", THURSDAY)],
        ),
        (
            "Residents reacted on Friday to plans to station missiles.",
            date(2026, 1, 17),
            [("Friday", date(2026, 1, 16))],
        ),
        ("The two will meet again on Monday.", THURSDAY, [("Monday", date(2026, 1, 19))]),
        ("Thursday's meeting ran long.", date(2026, 1, 16), [("Thursday's", THURSDAY)]),
    ],
)
def test_anchors(text: str, written: date, expected: list[tuple[str, date]]) -> None:
    assert [(text[a.start : a.end], a.day) for a in anchors(text, written)] == expected


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # Wednesday 14 January 2026: each of these is the coming Friday or Thursday, not last week's
        ("The council's threat will likely be tested as soon as Friday.", date(2026, 1, 16)),
        ("Residents are signing up for a protest planned for Friday at the town hall.", date(2026, 1, 16)),
        ("The mayor is expected to announce her bid Thursday for the seat.", date(2026, 1, 15)),
        ("The letter came out in advance of the mayor's visit there on Thursday.", date(2026, 1, 15)),
        ("Unions marched ahead of the vote on Friday.", date(2026, 1, 16)),
        ("The mayor, in an interview to air Thursday morning, said she would run.", date(2026, 1, 15)),
        ("Lund has invited the traders to his office on Friday morning to discuss fares.", date(2026, 1, 16)),
        (  # a long clause: its verb ninety letters before the weekday
            "Lund has invited harbour traders and a councillor from Eastgate to his office in the old town hall "
            "on Friday morning to discuss fares.",
            date(2026, 1, 16),
        ),
        # and these are past: the clause before tells what happened
        ("By Friday, the mayor had clarified that she was not running.", date(2026, 1, 9)),
        ("The vote, which was expected, came on Monday.", date(2026, 1, 12)),
    ],
)
def test_the_clause_before_a_weekday_sets_its_tense(text: str, day: date) -> None:
    [anchor] = anchors(text, date(2026, 1, 14))
    assert anchor.day == day


@pytest.mark.parametrize(
    "text",
    [
        'Speaking on "Fox News Sunday," the senator would not go that far.',
        "Candidates campaigned hard before Super Tuesday in the southern states.",
        "Shops opened early for Black Friday sales.",
    ],
)
def test_a_weekday_in_a_name_is_no_date(text: str) -> None:
    assert anchors(text, date(2026, 1, 14)) == []


def test_a_sentence_may_open_on_a_weekday_s_preposition() -> None:
    [anchor] = anchors("On Friday the council met again.", date(2026, 1, 14))
    assert anchor.day == date(2026, 1, 9)


def test_a_relative_date_inside_a_quotation_is_the_speaker_s_and_left_unanchored() -> None:
    text = '"As I said yesterday, the plan stands," Lund said on Tuesday.'
    [anchor] = anchors(text, date(2026, 1, 14))
    assert text[anchor.start : anchor.end] == "Tuesday"
    assert anchors("“I met them on Friday,” she said.", date(2026, 1, 14)) == []


def test_the_present_progressive_points_forward() -> None:
    text = "Lund is heading to Harwick for a speech on Thursday morning."
    [anchor] = anchors(text, date(2026, 1, 13))  # a Tuesday
    assert anchor.day == date(2026, 1, 15)
    [past] = anchors("Lund was speaking on Thursday morning.", date(2026, 1, 13))
    assert past.day == date(2026, 1, 8)
    # before a weekday's possessive it names an event told of, not one to come
    told = "Councillors are questioning claims made by Lund during Monday's heated hearing."
    [hearing] = anchors(told, date(2026, 1, 13))
    assert hearing.day == date(2026, 1, 12)
    [ahead] = anchors("Councillors are preparing for Thursday's hearing, which will be heated.", date(2026, 1, 13))
    assert ahead.day == date(2026, 1, 15)  # "preparing for": ahead of it


def test_a_weekday_with_its_part_of_day_may_be_possessive() -> None:
    text = "Thursday night's meeting ran late."
    [anchor] = anchors(text, date(2026, 1, 16))
    assert text[anchor.start : anchor.end] == "Thursday night's" and anchor.day == date(2026, 1, 15)


def test_a_past_weekday_that_may_mean_either_week_of_the_story_is_left_unanchored() -> None:
    """A report dated Thursday 27 May says the White House "said on Friday" (it went to print on the
    Friday): with the story's latest report on Friday 28 May, that Friday may be either; without a
    later report, the Friday before."""
    text = "The White House said on Friday that it had asked him."
    assert anchors(text, date(2010, 5, 27), latest=date(2010, 5, 28)) == []
    [anchor] = anchors(text, date(2010, 5, 27), latest=date(2010, 5, 27))
    assert anchor.day == date(2010, 5, 21)
    [told] = anchors(
        "The White House said on Wednesday that it had asked him.", date(2010, 5, 27), date(2010, 5, 28)
    )
    assert told.day == date(2010, 5, 26)  # next Wednesday is after the story's reports


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council could act as soon as Wednesday on the plan.", {date(2024, 5, 8)}),
        ("She plans to invoke her right to silence at the hearing on Wednesday.", {date(2024, 5, 8)}),
        ("The vote may come tomorrow.", {date(2024, 5, 7)}),
        ("The council voted on Saturday to close the library.", set()),  # told as done
        ("The council said last Friday it could act.", set()),
        ('"We will act on Wednesday," the mayor said.', set()),  # the speaker's own day
        # a weekday naming an event whose verb is a modal
        ("The Wednesday hearing would have been her first appearance under oath.", {date(2024, 5, 8)}),
        ("The Wednesday hearing was her first appearance under oath.", set()),
    ],
)
def test_days_to_come(text: str, expected: set[date]) -> None:
    """The days a report (here of Monday 6 May 2024) says something is to happen on, or may."""
    from copydesk.core.dates import days_to_come

    assert days_to_come(text, date(2024, 5, 6)) == expected
