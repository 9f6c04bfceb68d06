"""The news first (issue 13): an opening that tells the news with one outlet's verdict in it leads in its
plain form; the openings that tell what the outlets' titles share rank first; headlines keep what a cut
phrase said and are no reporter's riddle.

The reports are invented; none is taken from an evaluation set."""

from __future__ import annotations

import numpy as np

from copydesk.core.extractive import WriterOptions, write_extractive
from copydesk.core.headline_cuts import shortenings
from copydesk.core.lead import rank_openings, titles_share
from copydesk.core.people import People
from copydesk.core.standalone import stands_alone
from copydesk.core.text import lemmas, split_sentences
from copydesk.core.types import Passage, SourceDoc
from copydesk.core.verify import verify_draft
from tests.core.test_story_rules import _Opening

ENDORSED = (
    "Sheriff Ana Ruiz, known for her harsh and controversial raids on landlords, endorsed Mayor Lee Park "
    "for re-election on Tuesday during a visit to Harwick's market."
)
PLAIN = (
    "Sheriff Ana Ruiz endorsed Mayor Lee Park for re-election on Tuesday during a visit to Harwick's market."
)


def _sources(reports: list[tuple[str, str, list[str]]]) -> list[SourceDoc]:
    out = []
    for k, (title, outlet, texts) in enumerate(reports):
        text = "\n\n".join(texts)
        passages = tuple(Passage(k, a, b, text[a:b]) for a, b in split_sentences(text))
        out.append(SourceDoc(k, title, outlet, None, passages))
    return out


def test_an_opening_with_a_verdict_in_an_aside_leads_without_it() -> None:
    """The one opening that tells the endorsement calls the sheriff's raids "controversial": left loaded, it
    could not lead, and the page would lead on another outlet's story of the mayor's rent plan."""
    from copydesk.embedding import sentence_embedder

    sources = _sources(
        [
            ("Sheriff Ruiz endorses Mayor Park", "Ledger", [
                ENDORSED,
                "Ruiz said Park had done more for the town's tenants than any other candidate.",
                "Park thanked the sheriff and said he would keep the market open on Sundays.",
            ]),
            ("Park wins endorsement of Sheriff Ruiz", "Post", [
                "Mayor Lee Park said on Tuesday that he would cap rents in Harwick's old town at 900 pounds.",
                "Park, who is seeking a second term in May, spoke at the market with Sheriff Ana Ruiz.",
                "Ruiz said she was endorsing Park because he had kept the market open.",
            ]),
            ("Sheriff backs Park in Harwick race", "Wire", [
                "Mayor Lee Park on Tuesday said he would cap rents in the old town if he won a second term.",
                "The cap would cover about 4,000 flats, his campaign said.",
                "Sheriff Ana Ruiz also backed Park at the market on Tuesday.",
            ]),
        ]
    )  # fmt: skip
    embedder = sentence_embedder()
    draft = write_extractive(sources, [embedder.embed([p.text for p in d.passages]) for d in sources])
    texts = [s.text for s in draft.sentences()]
    assert draft.dek.text == PLAIN
    assert not any("controversial" in t for t in texts)
    assert all(v.verified for v in verify_draft(draft))


def test_the_opening_that_tells_what_the_titles_share_ranks_first() -> None:
    """Two openings the others agree with equally: the one telling the endorsement the titles name leads."""

    texts = [
        "Mayor Lee Park said on Tuesday that he would cap rents in the old town.",
        PLAIN,
        "The mayor's campaign said the rent cap would cover about 4,000 flats in Harwick.",
    ]
    sources = _sources(
        [
            ("Park vows rent cap", "Ledger", [texts[0]]),
            ("Sheriff Ruiz endorses Mayor Park", "Post", [texts[1]]),
            ("Sheriff endorses Park for second term", "Wire", [texts[2]]),
        ]
    )
    cands = [_Opening(d.passages[0], k) for k, d in enumerate(sources)]
    sims = np.full((3, 3), 0.6, dtype=np.float32)
    people = People(sources)
    titled = titles_share(sources)
    assert {"endorse", "park"} <= titled
    assert rank_openings(cands, sims, WriterOptions(), people, titled)[0] == 1
    assert rank_openings(cands, sims, WriterOptions(), people)[0] == 0  # without the titles: the first


def test_a_headline_cut_keeps_no_phrase_that_told_how_the_aside_went() -> None:
    """ "... during a campaign visit with her deputy through Harwick" cut to "... through Harwick" would say
    the endorsement went through Harwick."""
    clause = (
        "Sheriff Ana Ruiz endorsed Mayor Lee Park for the council's top job during a campaign visit with "
        "Deputy Sam Ortiz through Harwick's market"
    )
    forms = shortenings(clause)
    assert "Sheriff Ana Ruiz endorsed Mayor Lee Park for the council's top job" in forms
    assert not any(f.endswith("top job through Harwick's market") for f in forms)


def test_a_sentence_kept_for_its_riddle_does_not_stand_alone() -> None:
    assert not stands_alone("The latest mayor to learn the hard way was Lee Park, who faces a vote in May.")
    assert stands_alone("The latest poll was published by the Harwick Ledger on Tuesday.")


def test_a_possessive_is_its_name() -> None:
    assert "harwick" in lemmas("Harwick's council voted on Tuesday.")
    assert "council" in lemmas("the council’s budget")


def test_an_agreed_opening_past_the_first_sentence_makes_the_headline_before_a_title() -> None:
    """The dek is a quote and makes no headline; the next agreed opening is a report's second sentence
    (so not tried as another outlet's first): it makes the headline before an outlet's title is copied."""
    from copydesk.core.lead import make_headline

    quote = '"We are closing a library nobody uses," said Ravi Lund, the council leader.'
    docs = [
        SourceDoc(
            0,
            "Harwick council votes to shut Eastgate library",
            "Post",
            None,
            (Passage(0, 0, len(quote), quote),),
        ),
        SourceDoc(
            1,
            "Eastgate library closure: council votes",
            "Ledger",
            None,
            (
                Passage(1, 0, len(quote), quote),
                Passage(1, len(quote) + 1, len(quote) + 1 + len(NEWS), NEWS),
            ),
        ),
    ]
    cands = [_Opening(docs[0].passages[0], 0), _Opening(docs[1].passages[1], 1, position=1)]
    sims = np.full((2, 2), 0.6, dtype=np.float32)
    made = make_headline([0, 1], cands, sims, docs, WriterOptions(), People(docs))
    assert made == ("Harwick's council votes to close the Eastgate library in June", 1)


NEWS = "Harwick's council voted on Tuesday to close the Eastgate library in June."


def test_a_cut_that_would_run_two_names_into_one_is_not_made() -> None:
    """Cutting "infamous" from "Harwick County's infamous Public Health Director Dr. Ana Ruiz" prints a name
    ("Harwick County's Public Health Director Dr") the passage never gives: the verifier would withhold it,
    so the sentence stays whole (and loaded); a cut that verifies is made."""
    from copydesk.core.candidates import candidates
    from copydesk.embedding import DIMENSIONS

    joined = "Harwick County's infamous Public Health Director Dr. Ana Ruiz closed the pool on Tuesday."
    cut = "Sheriff Ana Ruiz vigorously defended the budget in Harwick on Tuesday."
    # further down, a sentence keeps its verdict and is credited whole: one outlet's reading of events
    later = "Mayor Lee Park vigorously defended the rent cap at the market on Friday."
    filler = ["The market opened at nine on Tuesday.", "Stalls sold bread and fish.", "Rain fell at noon."]
    sources = _sources([("Pool shut", "Ledger", [joined, cut, *filler, later])])
    rows = np.zeros((len(sources[0].passages), DIMENSIONS), dtype=np.float32)
    found = {c.passage.text: c for c in candidates(sources, [rows], WriterOptions())}
    assert found[joined].text == joined and found[joined].loaded
    assert found[cut].text == "Sheriff Ana Ruiz defended the budget in Harwick on Tuesday."
    assert not found[cut].loaded
    assert found[later].text == later and found[later].loaded


def test_a_sentence_past_its_headline_cut_that_tells_what_the_titles_name_is_kept() -> None:
    """The headline is cut from "Ruiz said ... and has sent inspectors to the Eastgate depot": the
    sentence says the headline again, but the inspectors the titles name are only in its cut part."""
    from types import SimpleNamespace

    from copydesk.core.selection import tells_more

    headline = (
        "Sheriff Ana Ruiz says she has doubts about the figures the council gave for the Eastgate depot"
    )
    sentence = SimpleNamespace(
        text="Sheriff Ana Ruiz said on Tuesday she has doubts about the figures the council gave for the "
        "Eastgate depot and has sent inspectors to the site.",
        everyone_quotes=False,
    )
    titled = titles_share(
        _sources(
            [
                ("Ruiz sends inspectors to depot", "Ledger", ["x"]),
                ("Sheriff's inspectors at Eastgate depot", "Post", ["x"]),
            ]
        )
    )
    assert "inspector" in titled
    news = lemmas(headline)
    assert not tells_more(sentence, news, WriterOptions())  # type: ignore[arg-type]
    assert tells_more(sentence, news, WriterOptions(), titled)  # type: ignore[arg-type]


def test_two_roles_joined_before_a_name_are_left_out_of_a_headline() -> None:
    from copydesk.core.headline_cuts import undescribed

    clause = (
        "Harwick Attorney General and U.S. Senate candidate Ana Ruiz is defending herself against a report"
    )
    assert undescribed(clause) == "Ana Ruiz is defending herself against a report"
    assert (
        undescribed("The mayor and Ravi Lund said the vote was fair")
        == "The mayor and Ravi Lund said the vote was fair"
    )


def test_a_subjects_relative_clause_is_left_out_of_a_headline_up_to_its_main_verb() -> None:
    from copydesk.core.headlines import headline_from

    dek = (
        "The Harwick planning officer who first flagged the flood maps, and in doing so set off a row that "
        "has reached the council, denied on Thursday that she had ever misled the inquiry."
    )
    made = headline_from(dek)
    assert made == "The Harwick planning officer denied that she had ever misled the inquiry"
    # a clause whose verb comes before any comma keeps its own verb
    assert headline_from("The officer who flagged the maps resigned, the council said on Monday.") is None


def test_who_joined_others_in_doing_something_did_it_in_a_headline() -> None:
    from copydesk.core.headlines import headline_from

    dek = (
        "Mayor Lee Park joined several other councillors on Tuesday in calling on Asa Brandt to give up his "
        "bid for re-election over the flood warnings, as the chairman continued to defend his board."
    )
    made = headline_from(dek, plain=True)  # "his bid for re-election" has its aim: no purpose cut off
    assert (
        made
        == "Mayor Lee Park called on Asa Brandt to give up his bid for re-election over the flood warnings"
    )
    chorus = "Lee Park joined a chorus of critics calling for Asa Brandt to resign"
    assert "Lee Park called for Asa Brandt to resign" in shortenings(chorus)


def test_a_headline_comes_from_a_report_of_the_deks_days() -> None:
    """Another outlet's opening that tells the dek's news makes the headline, unless its report came out
    days from the dek's: a report four days later may tell another vote of the same council."""
    from datetime import UTC, datetime

    from copydesk.core.lead import make_headline

    later = "Harwick's council voted on Saturday to close the Westgate library in June."

    def doc(k: int, text: str, day: int) -> SourceDoc:
        when = datetime(2026, 3, day, tzinfo=UTC)
        return SourceDoc(k, "Council votes on library", "Post", when, (Passage(k, 0, len(text), text),))

    sims = np.full((2, 2), 0.8, dtype=np.float32)
    for day, made_from in ((4, 1), (8, 0)):
        docs = [doc(0, NEWS, 4), doc(1, later, day)]
        cands = [_Opening(docs[0].passages[0], 0), _Opening(docs[1].passages[0], 1)]
        assert make_headline([0, 1], cands, sims, docs, WriterOptions(), People(docs))[1] == made_from
