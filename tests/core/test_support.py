"""The support features that see what the rules cannot name (issue 15): a hedge removed, a quantity
changed, who did what to whom turned round, words of different passages joined into one claim."""

from __future__ import annotations

import pytest

from copydesk.core.support import FEATURES, Findings, features

PASSAGES = [
    "The port authority may raise mooring fees for some cargo ships next spring.",
    "Inspectors from the union found cracks in the old crane beside the grain silo.",
]


def feature(name: str, sentence: str, passages: list[str] = PASSAGES) -> float:
    return features(sentence, passages, 0.9, Findings())[FEATURES.index(name)]


@pytest.mark.parametrize(
    ("name", "faithful", "edited"),
    [
        (
            "modal_added",
            "The port authority may raise mooring fees for some cargo ships.",
            "The port authority will raise mooring fees for some cargo ships.",
        ),
        (
            "quantity_added",
            "The port authority may raise mooring fees for some cargo ships.",
            "The port authority may raise mooring fees for all cargo ships.",
        ),
        (
            "order_inversions",
            "Inspectors from the union found cracks in the crane.",
            "The crane found cracks in inspectors from the union.",
        ),
        (
            "split_pairs",
            "Union inspectors found cracks in the old crane.",
            "Union inspectors found cracks in the cargo ships.",
        ),
    ],
)
def test_an_edit_the_rules_cannot_name_moves_its_feature(name: str, faithful: str, edited: str) -> None:
    assert feature(name, faithful) == 0.0
    assert feature(name, edited) > 0.0


def test_the_features_are_as_many_as_their_names() -> None:
    row = features("The port authority may raise fees.", PASSAGES, 0.8, Findings())
    assert len(row) == len(FEATURES)


def test_roles_reversed_between_two_plain_nouns() -> None:
    passages = ["The council sued the developer over the unfinished bridge."]
    assert feature("order_inversions", "The council sued the developer.", passages) == 0.0
    assert feature("order_inversions", "The developer sued the council.", passages) == 1.0


def test_a_hyphenated_word_is_not_new_where_the_source_spaces_its_hyphen() -> None:
    # Tokenised sources (CNN/DM) write "table - topping": the sentence's "table-topping" is theirs.
    source = ["Pardew has no immediate plans to leave Selhurst Park for a table - topping side."]
    for sentence in (
        "Pardew has no immediate plans to leave Selhurst Park for a table-topping side.",
        "Pardew has no immediate plans to leave Selhurst Park for a table topping side.",
    ):
        assert feature("novel_pairs", sentence, source) == 0.0
        assert feature("novel_triples", sentence, source) == 0.0
    # Words that are new stay new.
    changed = "Pardew has no immediate plans to leave Selhurst Park for a title-chasing side."
    assert feature("novel_pairs", changed, source) > 0.0
