"""Neutral wording (issue 13): each kind of judgement a reporter's own words carry, found by principle
rather than by a word list alone, and each kind's rule needed for its sentence (switched off, it passes).

The sentences are invented; none is taken from an evaluation set."""

from __future__ import annotations

import pytest

from copydesk.core.wording import judgement

# (kind, a sentence in the reporter's own voice that carries it, the same news told plainly)
CASES = [
    (
        "question",
        "Why, then, did the council wait until the budget was spent to tell residents?",
        "The council told residents in March, after the budget was spent.",
    ),
    (
        "question",
        "And who, exactly, will pay for the new roof of the town hall?",
        'Asked who would pay for the roof, Okafor said, "Who else but the taxpayers?"',
    ),
    (
        "impression",
        "The mayor appeared unmoved by the residents' pleas at the meeting on Tuesday.",
        "The mayor appeared at the meeting on Tuesday and again in court on Friday.",
    ),
    (
        "impression",
        "The council seemed eager to move on from the library vote.",
        "The council moved on to the budget after the library vote.",
    ),
    (
        "characterisation",
        "The closure is one of the few missteps of the mayor's first year in office.",
        "The closure is one of three made by the council in the mayor's first year in office.",
    ),
    (
        "characterisation",
        "A Varga bid helps every faction on the council regardless of the outcome of the vote.",
        "Varga said her bid would help every faction on the council, whatever the vote.",
    ),
    (
        "characterisation",
        "With Lund on the political ropes, Harwick's Greens smell an opening in the Eastgate ward.",
        "Lund lost two votes this month, and Harwick's Greens will stand in the Eastgate ward.",
    ),
    (
        "characterisation",
        "The vote was a setback for the mayor, who had campaigned to keep the branch open.",
        "The vote went against the mayor, who had campaigned to keep the branch open.",
    ),
    (
        "characterisation",
        "The closure underscores the council's inability to keep its promises to Eastgate.",
        "The council had promised in 2019 to keep the Eastgate branch open.",
    ),
    (
        "characterisation",
        "The vote raises fresh questions about the mayor's hold on the council.",
        "Residents asked questions about the vote at the meeting on Tuesday.",
    ),
    (
        "characterisation",
        "The closure mirrors the city's slow retreat from its eastern districts.",
        "The closure follows two others in the eastern districts since 2020, which mirror it in size.",
    ),
    (
        "characterisation",
        "The guilty plea was yet another chapter in the downward spiral of Lund's career.",
        "Lund pleaded guilty on Friday, two years after he left the council.",
    ),
    (
        "characterisation",
        "If last year's speech was defined by anger, Lund's stood out for its call to rebuild.",
        "Lund called on Monday for the council to rebuild the quay.",
    ),
    (
        "characterisation",
        "A few details appear to be keeping the story alive in Harwick.",
        "Two details of the story were disputed in Harwick on Monday.",
    ),
    (
        "stance",
        "The plan would effectively end library service in the east of the city.",
        "The plan would end library service in the east of the city in June.",
    ),
    (
        "stance",
        "Of course, the council had cut the library's hours twice before the vote.",
        "The council had cut the library's hours twice before the vote.",
    ),
    (
        "understatement",
        "Residents were less than thrilled with the council's decision to sell the building.",
        "Residents had less than a week to respond to the council's decision.",
    ),
    (
        "understatement",
        "The mayor is no stranger to fights with the council over its spending.",
        "The mayor has disagreed with the council over its spending since 2024.",
    ),
    (
        "evaluative",
        "The council's tedious debate ended with a frivolous motion about the library's mural.",
        "The council's debate ended with a motion about the library's mural.",
    ),
    (
        "evaluative",
        "Lund, an ardent defender of the budget, made an unprecedented appeal to the council.",
        "Lund, who wrote the budget, made an appeal to the council on Tuesday.",
    ),
    (
        "evaluative",
        "Okafor made the groundbreaking announcement in the starkest terms yet, in an interview with the Post.",
        "Okafor made the announcement in an interview with the Post on Tuesday.",
    ),
    (
        "evaluative",
        "The council callously voted to shut the beloved library as parents protested furiously.",
        "The council voted to shut the library as parents protested outside the town hall.",
    ),
    (
        "evaluative",
        "Officers said they had turned a corner in calming the restive town of Harwick after the vote.",
        "Officers said the protests in the town of Harwick had ended two days after the vote.",
    ),
    (
        "evaluative",
        "The mayor again blamed a do-nothing council for the closure of the library.",
        "The mayor again blamed the council for the closure of the library.",
    ),
    (
        "evaluative",
        "The debate descended into finger-pointing and grandstanding over the library's future.",
        "The debate turned to the library's future and the sale of the building.",
    ),
    (
        "lexicon",
        "The mayor acknowledged that the branch had lost half of its visitors since 2019.",
        "The mayor said the branch had lost half of its visitors since 2019.",
    ),
    (
        "combat",
        "Lund fired back at the mayor on Wednesday, doubling down on the closure.",
        "Lund answered the mayor on Wednesday and said the closure would go ahead.",
    ),
    (
        "speculation",
        "If the court were to side with the council, every library in the county could be sold.",
        "If the court sides with the council, the library will be sold in June, the mayor said.",
    ),
    (
        "stance",
        "In essence, the council chose to accept the blame for the closure but not the cost.",
        "The council accepted the blame for the closure on Tuesday.",
    ),
    (
        "combat",
        "The mayor has come under fire from residents who cried foul over the vote.",
        "Residents have written to the mayor to object to the vote.",
    ),
    (
        "combat",
        "The aides mostly refereed a bureaucratic tug of war between the council and the library board.",
        "The aides mostly passed messages between the council and the library board.",
    ),
    (
        "sarcasm",
        "Lund told the teenagers not to make faces at Very Serious public events in the town hall.",
        "Lund told the teenagers not to make faces at public events, said the Very Rev. Ana Ruiz.",
    ),
    (
        "combat",
        "Nine branches would be in the cross hairs of the council's plan.",
        "Nine branches would be closed under the council's plan.",
    ),
    (
        "combat",
        "A new leaflet in Eastgate attempts to stoke anxiety over the council's plans for the library.",
        "A new leaflet in Eastgate asks residents to write to the council about the library.",
    ),
    (
        "combat",
        "Lund's group, clinging to a majority of one, voted to close the library.",
        "Lund's group, which holds a majority of one, voted to close the library.",
    ),
]


@pytest.mark.parametrize(("kind", "loaded", "plain"), CASES)
def test_a_kind_of_judgement_in_the_reporters_voice_is_found(kind: str, loaded: str, plain: str) -> None:
    assert judgement(loaded) is not None, (kind, loaded)
    assert judgement(plain) is None, (kind, plain, judgement(plain))


@pytest.mark.parametrize(("kind", "loaded", "plain"), CASES)
def test_each_kind_needs_its_own_rule(kind: str, loaded: str, plain: str) -> None:
    """Switched off, the kind's rule lets its sentence pass as plain fact: no other rule finds it."""
    from copydesk.core.wording import KINDS

    assert kind in KINDS
    assert judgement(loaded, [k for k in KINDS if k != kind]) is None, (kind, loaded)


def test_a_question_or_a_scare_word_inside_a_quote_is_the_speakers() -> None:
    assert judgement('"Why would we keep a library nobody uses?" Lund asked the council.') is None
    assert judgement("‘Who pays for the roof?’ the mayor asked on Tuesday.") is None
    assert judgement('Okafor said the plan "seemed rushed and frankly one of the worst ideas".') is None


def test_what_a_reporter_names_plainly_is_no_impression() -> None:
    for text in (
        "The mayor appeared before the committee on Thursday to answer questions.",
        "Lund appeared alongside the mayor at a news conference in the town hall.",
        "The letter appeared in the Harwick Gazette on Friday, two days after the vote.",
        "The library is one of the oldest buildings in the city and one of its largest.",
        "Border police said the smuggler was caught with 40 kilograms of the drug.",  # not "smug"
    ):
        assert judgement(text) is None, (text, judgement(text))


def test_a_speakers_question_running_past_the_quote_is_theirs() -> None:
    assert judgement('"Then every library in the city is in breach" of the charter?') is None
    assert judgement("The fire appears to have started in the kitchen, the brigade said.") is None


def test_a_reporters_question_is_left_out_not_credited() -> None:
    """No outlet "reported that why ...": the writer leaves the reporter's question out of its
    candidates (neutral wording on); with the rule off it may be published as the article's own."""
    from datetime import UTC, datetime

    import numpy as np

    from copydesk.core.candidates import candidates
    from copydesk.core.extractive import WriterOptions
    from copydesk.core.text import split_sentences
    from copydesk.core.types import Passage, SourceDoc

    text = (
        "The council voted 7 to 4 on Tuesday to close the Eastgate library in June.\n\n"
        "Why, then, did the council wait until the budget was spent to tell residents?\n\n"
        "The library will close on June 30, the council said in a statement on Tuesday."
    )
    passages = tuple(Passage(1, a, b, text[a:b]) for a, b in split_sentences(text))
    doc = SourceDoc(1, "Library to close", "Valley Post", datetime(2026, 3, 5, tzinfo=UTC), passages)
    rows = [np.zeros((len(passages), 4), dtype=np.float32)]
    kept = [c.text for c in candidates([doc], rows, WriterOptions())]
    assert len(kept) == 2 and not [t for t in kept if "?" in t]
    assert [t for t in (c.text for c in candidates([doc], rows, WriterOptions(neutral=False))) if "?" in t]


@pytest.mark.parametrize(
    ("text", "reporter"),
    [
        ("Chauncy Fields told us after breakfast that he backed the chain.", True),
        ("As we reported on Monday, the berth closed.", True),
        ("When I asked Lund, he declined to comment.", True),
        ("An earlier version of this article misstated the sum.", True),
        ("Correction: The vote was 7 to 4, not 8 to 3.", True),
        ('"This report is wrong," Lund said.', False),
        ('"We will win," Lund said.', False),  # the speaker's own words
        ("The U.S. Senate voted on Monday.", False),
        ("World War I veterans gathered at the quay.", False),
        ("Lund told reporters that I-95 was shut.", False),
    ],
)
def test_the_reporter_in_the_first_person_is_one_outlets_voice(text: str, reporter: bool) -> None:
    from copydesk.core.wording import speaks_as_reporter

    assert speaks_as_reporter(text) is reporter


def test_an_outlets_correction_of_its_own_page_is_left_out_whole() -> None:
    """ "Correction: An earlier version misstated the sum." speaks of the outlet's page: the writer
    leaves it out, rather than strip the label and publish "An earlier version misstated ..." as news."""
    import numpy as np

    from copydesk.core.candidates import candidates
    from copydesk.core.extractive import WriterOptions
    from copydesk.core.text import split_sentences
    from copydesk.core.types import Passage, SourceDoc

    text = (
        "The council voted 7 to 4 on Tuesday to close the Eastgate library in June.\n\n"
        "The library will close on June 30, the council said in a statement on Tuesday.\n\n"
        "Residents had handed the council a petition with 3,100 names in March.\n\n"
        "Correction: An earlier version of the count misstated the number of names on it."
    )
    passages = tuple(Passage(1, a, b, text[a:b]) for a, b in split_sentences(text))
    doc = SourceDoc(1, "Library to close", "Valley Post", None, passages)
    kept = [
        c.text for c in candidates([doc], [np.zeros((len(passages), 4), dtype=np.float32)], WriterOptions())
    ]
    assert len(kept) == 3 and not [t for t in kept if "earlier version" in t]
