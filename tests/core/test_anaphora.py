"""What a sentence speaks of as known because its own report told it just before (core/anaphora.py)."""

from __future__ import annotations

import pytest

from copydesk.core.anaphora import known_things, untold

BEFORE = [
    "A senior council official defended the plan.",
    "Nearly 90 teachers at Harwick College signed a letter to the council leader.",
    "The teachers said the plan to close the Eastgate library broke a promise.",
]


@pytest.mark.parametrize(
    ("text", "things"),
    [
        ("The group posted the letter on Tuesday.", {"letter"}),
        ("Those teachers will meet Lund in June.", {"teacher"}),
        ("The new plan was published on Monday.", {"plan"}),
        ("The NRA letter was published on Monday.", {"letter"}),  # an acronym before the noun
        # "its" and "their" speak of something told too
        ("Harwick must now follow through on its promise.", {"promise"}),
        ("In their letter, they asked for a vote.", {"letter"}),
        # a word that may modify is the noun when a verb follows it
        ('"The plan is sound," the official said.', {"official"}),
        # the sentence says which one itself, or tells of it first
        ("The letter of 2019 was never answered.", set()),
        ("A letter went out, and the letter was read aloud.", set()),
        # a thing its report did not tell just before; a thing every story has; a speaker's words
        ("The budget was cut by a third.", set()),
        ("The president said nothing to the press.", set()),
        ('"The teachers are wrong," Lund said.', set()),
    ],
)
def test_a_thing_its_report_told_just_before(text: str, things: set[str]) -> None:
    assert known_things(text, BEFORE) == frozenset(things)


def test_a_thing_told_many_sentences_before_counts() -> None:
    # "the task force" ten paragraphs after the report named it is still the report's task force
    far = [*BEFORE, "Lund was away.", "The vote is in June.", "Councillors were split.", "Rain fell."]
    assert known_things("The teachers wrote again.", far) == frozenset({"teacher"})


def test_the_article_must_have_told_of_it_in_some_words() -> None:
    things = known_things("The group posted the letter on Tuesday.", BEFORE)
    assert untold(things, "lund closes the library") == "letter"
    assert untold(things, "teachers wrote a letter to lund") is None


def test_someone_known_by_role_alone_is_told_of_by_the_one() -> None:
    """"The official said" after "intelligence officials" still has no one official to be: the words
    would read as whoever the page named last."""
    assert untold(frozenset({"official"}), "intelligence officials met lund.") == "official"
    assert untold(frozenset({"official"}), "a senior official met lund.") is None
    assert untold(frozenset({"teacher"}), "the teachers met lund.") is None  # not a role: any form
