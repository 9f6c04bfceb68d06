"""Who and where a story names: people, places and organisations, typed by rules over the lexicon's names."""

import pytest

from copydesk.core.entities import Mention, find_entities
from copydesk.core.text import name_spans
from copydesk.core.topics import TOPICS, assign_topics


def kinds(*texts: str) -> dict[str, str]:
    return {e.name: e.kind for e in find_entities(list(texts))}


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (
            "Defense Minister Shinjiro Koizumi met Hegseth. Koizumi said the talks went well.",
            "Shinjiro Koizumi",
            "person",
        ),
        (
            "The missiles will be deployed to Yonaguni, officials said. Residents in Yonaguni worry.",
            "Yonaguni",
            "place",
        ),
        (
            "The China Coast Guard sent ships. The China Coast Guard denied it.",
            "China Coast Guard",
            "organisation",
        ),
        ("The Pentagon said the talks went well. A Pentagon readout followed.", "Pentagon", "organisation"),
        ("Talks were held in Tokyo. Tokyo wants more.", "Tokyo", "place"),
        ('"We are ready," said Ada Brennan, the mayor. Brennan left.', "Ada Brennan", "person"),
        ("The Kelsford Borough Council voted on Monday.", "Kelsford Borough Council", "organisation"),
    ],
)
def test_entity_kinds(text: str, name: str, kind: str) -> None:
    assert kinds(text).get(name) == kind


def test_a_surname_alone_counts_as_its_full_name_and_sentence_openers_are_no_entities() -> None:
    found = {e.name: e for e in find_entities(["Ada Brennan spoke. Brennan said no. However, it rained."])}
    assert found["Ada Brennan"].mentions == 2
    assert "Brennan" not in found and "However" not in found


def test_name_spans_are_the_lexicons_names_with_offsets() -> None:
    text = "The China Coast Guard was seen near Yonaguni."
    assert [(text[s:e], n) for s, e, n in name_spans(text)] == [
        ("China Coast Guard", "China Coast Guard"),
        ("Yonaguni", "Yonaguni"),
    ]


def test_mentions_keep_their_context() -> None:
    assert Mention("Yonaguni", "to", "officials").before == "to"


def test_topics_are_the_seventeen_top_levels_and_at_most_three_are_given() -> None:
    import numpy as np

    assert len(TOPICS) == 17 and len({t.slug for t in TOPICS}) == 17
    matrix = np.eye(17, 384, dtype=np.float32)
    vector = (matrix[0] + matrix[1] + matrix[2] + matrix[3]) / 2
    chosen = assign_topics(vector, matrix, threshold=0.1, most=3)
    assert len(chosen) == 3 and {slug for slug, _ in chosen} <= {t.slug for t in TOPICS[:4]}
    assert assign_topics(np.ones(384, np.float32) / np.sqrt(384), matrix, threshold=0.9, most=3) == []


def test_a_place_word_alone_is_no_place() -> None:
    assert "Islands" not in kinds("Ships sailed near the Senkaku Islands. The Islands lie far south.")
