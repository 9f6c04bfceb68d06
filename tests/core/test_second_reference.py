"""Someone named in full is named by surname after that (issue 13: readers counted "Mark Sheridan, a partner
with ..., said" a sentence after "Mark Sheridan, the campaign's lawyer, confirmed" as told twice).

The reports are invented; none is taken from an evaluation set."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from copydesk.core.people import People
from copydesk.core.second_reference import named_again
from copydesk.core.text import split_sentences
from copydesk.core.types import Draft, DraftSection, DraftSentence, Passage, SourceDoc

REPORT = (
    "Harwick's water board chairman Asa Brandt resigned on Monday after the flood warnings came late. "
    "Spokesman Lee Park said the board would meet again on Friday. "
    "Brandt said he had warned the council in March. "
    "Park said the board regretted the delay. "
    "Councillor Ana Ruiz, a member of the Green Party, said the board had failed the town. "
    "Ruiz said she would ask for an inquiry. "
    "Dara Lund and Omar Lund, brothers who run the ferry, said they lost a week of trade. "
    "Lund said the ferry was closed."
)


def _passages(texts: list[str]) -> tuple[Passage, ...]:
    return tuple(Passage(1, 0, 0, t) for t in [*(REPORT[a:b] for a, b in split_sentences(REPORT)), *texts])


def _draft(texts: list[str]) -> tuple[Draft, People]:
    doc = SourceDoc(
        id=1,
        title="Chairman quits",
        outlet="Valley Post",
        published=None,
        passages=_passages(texts),
    )
    cite = lambda t: DraftSentence(t, (Passage(1, 0, 0, t),))  # noqa: E731
    draft = Draft(
        headline="Water board chairman resigns",
        dek=cite(texts[0]),
        sections=(DraftSection(None, (tuple(cite(t) for t in texts[1:]),)),),
        writer="test",
    )
    return draft, People([doc])


def test_a_second_mention_loses_the_first_name_and_title() -> None:
    draft, people = _draft(
        [
            "Spokesman Lee Park said the board would meet again on Friday.",
            "Harwick's water board chairman Asa Brandt resigned on Monday after the flood warnings came late.",
            "Spokesman Lee Park said the board regretted the delay.",
        ]
    )
    again = named_again(draft, people.named_once()).sentences()
    assert again[0].text == "Spokesman Lee Park said the board would meet again on Friday."  # first: in full
    assert again[2].text == "Park said the board regretted the delay."
    assert again[1].text.endswith(
        "chairman Asa Brandt resigned on Monday after the flood warnings came late."
    )


def test_an_office_not_told_before_stays_with_the_name() -> None:
    draft, people = _draft(
        [
            "Lee Park said the board would meet again on Friday.",
            "Board Treasurer Lee Park said the repairs would cost 40,000 pounds.",
            "Rep. Lee Park said the board regretted the delay.",
        ]
    )
    again = named_again(draft, people.named_once()).sentences()
    assert again[1].text == "Board Treasurer Lee Park said the repairs would cost 40,000 pounds."
    assert again[2].text == "Park said the board regretted the delay."  # a courtesy title goes


def test_an_aside_goes_only_where_the_article_told_its_names() -> None:
    draft, people = _draft(
        [
            "Councillor Ana Ruiz said the board had failed the town.",
            "Councillor Ana Ruiz, a member of the Green Party, said she would ask for an inquiry.",
            "Ana Ruiz, a councillor, said she would ask for an inquiry.",
            '"Ana Ruiz will ask for an inquiry," Spokesman Lee Park said.',
        ]
    )
    again = named_again(draft, people.named_once()).sentences()
    assert again[1].text == "Ruiz, a member of the Green Party, said she would ask for an inquiry."
    assert again[2].text == "Ruiz said she would ask for an inquiry."
    assert again[3].text.startswith('"Ana Ruiz will ask')  # a quotation is the speaker's


def test_two_people_of_one_surname_keep_their_full_names() -> None:
    draft, people = _draft(
        [
            "Dara Lund said the ferry lost a week of trade.",
            "Dara Lund said the ferry was closed.",
        ]
    )
    assert "Lund" not in people.named_once()
    assert named_again(draft, people.named_once()) == draft


def test_a_model_writers_draft_names_people_by_surname_after_the_first_time(embedder) -> None:  # type: ignore[no-untyped-def]
    from copydesk.pipeline.drafting import draft_story

    texts = [
        "Spokesman Lee Park said the board would meet again on Friday.",
        "Spokesman Lee Park said the board regretted the delay.",
    ]
    draft, _ = _draft(texts)
    doc = SourceDoc(1, "Chairman quits", "Valley Post", None, _passages(texts))

    class Model:
        name = "test-model"

        def write(self, sources, vectors):  # type: ignore[no-untyped-def]
            return replace(draft, writer=self.name)

    vectors = np.asarray(embedder.embed([p.text for p in doc.passages]))
    written = draft_story([doc], [vectors], embedder, Model())
    assert written.draft.writer == "test-model"
    assert written.draft.sentences()[1].text == "Park said the board regretted the delay."


def test_the_extractive_writer_names_people_by_surname_after_the_first_time(
    embedder, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from copydesk.core import extractive
    from tests.core.test_story_rules import write

    seen: list[dict[str, set[str]]] = []

    def spy(draft: Draft, full: dict[str, set[str]]) -> Draft:
        seen.append(full)
        return named_again(draft, full)

    monkeypatch.setattr(extractive, "named_again", spy)
    write(embedder)
    assert len(seen) == 1 and all(len(names) == 1 for names in seen[0].values())
    write(embedder, options=extractive.WriterOptions(second_reference=False))
    assert len(seen) == 1


def test_an_also_before_a_deed_never_told_is_left_out() -> None:
    draft, people = _draft(
        [
            "Harwick's water board chairman Asa Brandt resigned on Monday after the flood warnings came late.",
            "Brandt's deputy, Omar Vale, also resigned on Monday, and later he apologised to the town.",
            "Councillor Ana Ruiz also attended the hearing.",
            "The board named Ravi Shah, who also served as its counsel, chairman on Friday.",
            '"We also objected to the sirens," Spokesman Lee Park said.',
        ]
    )
    again = named_again(draft, people.named_once()).sentences()
    assert again[1].text.startswith("Brandt's deputy, Omar Vale, also resigned")  # someone resigned before
    assert again[2].text == "Councillor Ana Ruiz attended the hearing."
    assert "who also served" in again[3].text  # what the sentence itself told
    assert again[4].text.startswith('"We also objected')  # a quotation is the speaker's


def test_a_role_in_lower_case_stays_whole_and_a_deed_before_a_title_does_not() -> None:
    draft, people = _draft(
        [
            "Spokesman Lee Park said the board would meet again on Friday.",
            "The council thanked three term Harwick Spokesman Lee Park for his work.",
            "The inquiry questioned Harwick Spokesman Lee Park about the warnings.",
        ]
    )
    again = named_again(draft, people.named_once()).sentences()
    assert again[1].text == "The council thanked three term Harwick Spokesman Lee Park for his work."
    assert again[2].text == "The inquiry questioned Park about the warnings."
