"""The extractive writer's editorial rules on a three-outlet story the team wrote (issue 13): neutral
wording, context kept, a headline of its own, length and sections that fit, the news first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pytest

from copydesk.core import standalone
from copydesk.core.extractive import WriterOptions, write_extractive
from copydesk.core.people import People, lone_surnames
from copydesk.core.text import split_sentences
from copydesk.core.types import Draft, Passage, SourceDoc
from copydesk.core.verify import verify_draft
from copydesk.core.wording import credited, judgement

LEDGER = (
    "HARWICK — The council voted on Tuesday to close the Eastgate library in June, a bombshell decision "
    "that Mayor Dana Okafor slammed on Wednesday.\n\n"
    "The council voted 7 to 4 on Tuesday to close the Eastgate library in June to save $1.2 million a year.\n\n"
    "She said the building would be sold to a developer within months of the closure.\n\n"
    "Mr. Brandt, the developer's lawyer, declined to say what would be built on the site.\n\n"
    "Residents will protest outside the town hall on Saturday, the organisers of the march said.\n\n"
    "The move follows two years of cuts to the budget of the city's libraries and museums.\n\n"
    "Council leader Ravi Lund said the branch had lost half of its visitors since 2019."
)
POST = (
    "Harwick's council voted on Tuesday to close the Eastgate library in June, a decision that Mayor Dana "
    "Okafor criticised on Wednesday.\n\n"
    "The closure will save the city $1.2 million a year, according to the council's budget documents.\n\n"
    "Council leader Ravi Lund said the branch had lost half of its visitors since 2019 and needed a new roof.\n\n"
    "Lund said the council had found no other way to balance its budget for next year.\n\n"
    "Library staff will be offered jobs at the central branch on Harwick's high street, the council said.\n\n"
    "Clearly, the council has failed the people of Eastgate by closing their only library."
)
WIRE = (
    "The Eastgate library in Harwick will close in June after the council voted 7 to 4 to shut it, "
    "saving $1.2 million a year.\n\n"
    "Mayor Dana Okafor said the vote was a mistake and asked the council for a delay of a year.\n\n"
    '"We are closing a library that half of Eastgate no longer uses," said Ravi Lund, the council leader.\n\n'
    "Organisers expect hundreds of residents at a protest outside the town hall on Saturday.\n\n"
    "The Eastgate library opened in 1968 and holds 40,000 books, according to the city's records."
)
REPORTS = [
    ("Mayor slams bombshell library closure", "Daily Ledger", LEDGER),
    ("Harwick council votes to close Eastgate library", "Valley Post", POST),
    ("Eastgate library to close in June: what we know", "Metro Wire", WIRE),
]


def story(reports: list[tuple[str, str, str]] = REPORTS) -> list[SourceDoc]:
    out = []
    for i, (title, outlet, text) in enumerate(reports, start=1):
        passages = tuple(Passage(i, a, b, text[a:b]) for a, b in split_sentences(text))
        out.append(SourceDoc(i, title, outlet, datetime(2026, 3, 5, tzinfo=UTC), passages))
    return out


def write(embedder, sources: list[SourceDoc] | None = None, options: WriterOptions | None = None) -> Draft:  # type: ignore[no-untyped-def]
    sources = sources or story()
    vectors = [embedder.embed([p.text for p in d.passages]) for d in sources]
    return write_extractive(sources, vectors, options)


@pytest.fixture(scope="module")
def draft(embedder) -> Draft:  # type: ignore[no-untyped-def]
    return write(embedder)


def test_judgement_words_outside_quotes() -> None:
    assert judgement("The ceremony is one of the silliest traditions of the year.") == "silliest"
    assert judgement("Mayor Dana Okafor slammed the council's plan.") == "slammed"
    assert judgement("Clearly, the council has failed the people.") == "Clearly"
    assert judgement('Okafor called it "a bombshell plan".') is None  # the speaker's own words
    assert judgement("The council voted 7 to 4 to close the library.") is None
    # a manner the reporter reads into someone, a rebuke told as a scene
    assert judgement('Lund waved the question away with a nonchalant "No."') == "nonchalant"
    assert judgement("Okafor got an old-fashioned knuckle-rapping from the board.") == "knuckle-rapping"
    assert judgement("The board gave Okafor a dressing-down on Monday.") == "dressing-down"
    assert credited("The council has failed them.", "Valley Post") == (
        "The Valley Post reported that the council has failed them."
    )
    # a function word is lowered even where the story capitalised it inside a sentence (a title, a quote)
    assert credited(
        "Though the debate is sponsored by the Post, Lund hosts it.", "Valley Post", frozenset({"Though"})
    ) == ("The Valley Post reported that though the debate is sponsored by the Post, Lund hosts it.")
    assert credited("Okafor slammed it.", "Daily Ledger", frozenset({"Okafor"})) == (
        "Daily Ledger reported that Okafor slammed it."
    )
    assert credited("Asked about it, Okafor slammed it.", "Daily Ledger").startswith(
        "Daily Ledger reported that asked"
    )
    assert credited("Okafor slammed it.", "New York Times").startswith("The New York Times reported that")
    # a title or a word for some of a group, capitalised before a name somewhere in the reports
    assert credited("Former councillor Asa Brandt slammed it.", "Daily Ledger", frozenset({"Former"})) == (
        "Daily Ledger reported that former councillor Asa Brandt slammed it."
    )
    # a word the reports never write in lower case is a name wherever it stands ("Washington is ...")
    from copydesk.core.wording import proper_words

    proper = proper_words(
        ["Harwick is split.", "Critics said no.", "The critics were loud.", "Bombastic hosts left."],
        frozenset(),
    )
    assert (
        credited("Harwick is split.", "Daily Ledger", proper)
        == "Daily Ledger reported that Harwick is split."
    )
    # an English word capitalised only where its sentence starts is no name
    assert credited("Bombastic hosts left.", "Daily Ledger", proper).endswith("that bombastic hosts left.")
    assert (
        credited("Critics said no.", "Daily Ledger", proper) == "Daily Ledger reported that critics said no."
    )
    # a word of the lexicon the reports capitalise inside a sentence is a name there too
    parties = proper_words(
        ["Liberals are challenging the plan.", "The vote split the Liberals again."], frozenset()
    )
    assert credited("Liberals are challenging the plan.", "Daily Ledger", parties).endswith(
        "that Liberals are challenging the plan."
    )
    # a party keeps its capital even where the reports only name it first in a sentence
    opening = proper_words(["Republicans are challenging the plan."], frozenset())
    assert credited("Republicans are challenging the plan.", "Daily Ledger", opening).endswith(
        "that Republicans are challenging the plan."
    )
    # a sentence's first word is no name for being capitalised before one ("HARWICK—Joining a chorus
    # of Harbour Trust members", "Today Harwick voters ..."); a first name said inside a sentence is
    from copydesk.core.types import Passage, SourceDoc
    from copydesk.core.wording import named_inside

    texts = [
        "HARWICK—Joining a chorus of Harbour Trust members, the mayor spoke out.",
        "Today Harwick voters go to the polls.",
        "Mark Brandt said no.",
        "The lawyer, Mark Brandt, left.",
    ]
    doc = SourceDoc(0, "Vote", "Ledger", None, tuple(Passage(0, 0, len(t), t) for t in texts))
    named = named_inside([doc])
    assert {"Harbour", "Trust", "Harwick", "Mark", "Brandt"} <= named
    assert not {"Joining", "Today"} & named
    joining = proper_words(texts, named)
    assert credited(texts[0].split("—")[1], "Daily Ledger", joining).endswith(
        "that joining a chorus of Harbour Trust members, the mayor spoke out."
    )
    assert credited(texts[2], "Daily Ledger", joining).endswith("that Mark Brandt said no.")
    # an honorific keeps its capital, as a name does
    assert credited("Mr. Lund's tenure has been a blemish.", "Daily Ledger") == (
        "Daily Ledger reported that Mr. Lund's tenure has been a blemish."
    )


def test_loaded_wording_is_credited_to_its_outlet_or_left_out(draft: Draft) -> None:
    outlets = {"Daily Ledger", "Valley Post", "Metro Wire"}
    lead = [draft.dek, *(s for p in draft.sections[0].paragraphs for s in p)]
    assert not [s.text for s in lead if judgement(s.text)]
    for sentence in draft.sentences():
        if judgement(sentence.claim):
            assert sentence.credit.removesuffix(" reported that ").removeprefix("The ") in outlets, (
                sentence.text
            )
    assert all(v.verified for v in verify_draft(draft))


def test_without_the_rule_the_loaded_opening_leads(embedder) -> None:  # type: ignore[no-untyped-def]
    """The rule matters: switched off, a loaded sentence is published as plain fact."""
    draft = write(embedder, options=WriterOptions(neutral=False))
    assert any(judgement(s.text) and not s.credit for s in draft.sentences())


def test_a_pronoun_whose_person_the_sentence_does_not_name_is_left_out(draft: Draft) -> None:
    texts = [s.text for s in draft.sentences()]
    assert not [t for t in texts if t.startswith("She said")]
    assert not standalone.stands_alone("Polls show him beating the governor by ten points.")
    assert standalone.stands_alone("Asked whether he would run, Mr. Trump said he was thinking about it.")
    assert standalone.stands_alone('"I will run," he said.') is False


def test_an_honorific_surname_never_given_in_full_is_left_out(draft: Draft) -> None:
    assert lone_surnames("Mr. Brandt, the developer's lawyer, declined.") == {"Brandt"}
    # a priest's or rabbi's title before a surname alone; not before a full name
    assert lone_surnames('"It is wrong," said Father Brandt.') == {"Brandt"}
    assert lone_surnames("Rabbi Asa Brandt, who wrote the letter, declined.") == set()
    # "Father Brandt" is no full name: the sentence waits until the article names Asa Brandt
    texts = ['"It is wrong," said Father Brandt.', "The letter was written by Father Asa Brandt, a priest."]
    people = People([SourceDoc(0, "Letter", "Ledger", None, tuple(Passage(0, 0, len(t), t) for t in texts))])
    assert not people.introduced(texts[0], [])
    assert people.introduced(texts[0], [texts[1]])
    assert not [s.text for s in draft.sentences() if "Brandt" in s.text]


@pytest.mark.parametrize(
    ("dek", "headline"),
    [
        (
            "Harwick's council voted on Tuesday to close the Eastgate library in June, a decision that "
            "Mayor Dana Okafor criticised on Wednesday.",
            "Harwick's council voted to close the Eastgate library in June",
        ),
        (
            "Council leader Ravi Lund, the head of the council, said the branch had lost half of its visitors.",
            "Council leader Ravi Lund said the branch had lost half of its visitors",
        ),
        ('"We are closing a library nobody uses," said Ravi Lund, the council leader.', None),
        (  # a comma between two adjectives ends no clause (lemminflect's lexicon)
            "Several prominent residents offered swift, negative reactions to the plan on Friday.",
            "Several prominent residents offered swift, negative reactions to the plan",
        ),
        (  # what was said, quoted whole, with its own "that" and its full stop inside the quotation
            'Ravi Lund on Tuesday said he would back a plan "to close every branch that we cannot staff."',
            'Ravi Lund said he would back a plan "to close every branch that we cannot staff"',
        ),
        ("In a speech to the council on Monday night.", None),
        (
            "Former councillor Asa Brandt (R-Harwick) on Tuesday released a 40-page report on the library.",
            "Former councillor Asa Brandt released a 40-page report on the library",
        ),
        (  # "those who use it" is one phrase, not the start of a clause
            "Ravi Lund said through a spokesman that those who use the library will be helped.",
            "Ravi Lund said through a spokesman that those who use the library will be helped",
        ),
        ("Ravi Lund, who leads the council, said on Monday.", None),
        ('Ravi Lund pledged to end "[the council\'s] war on cyclists" in a leaflet.', None),
        (  # an outlet's insert before a name in a quotation is left out: the speaker's words are without it
            'Ravi Lund pledged to end "[Mayor Dana] Okafor\'s war on cyclists" in a leaflet.',
            'Ravi Lund pledged to end "Okafor\'s war on cyclists" in a leaflet',
        ),
        (  # titles before full names inside the clause: a headline names them
            "The council asked former Mayor Dana Okafor to talk to Rep. Ravi Lund about a seat on the new harbour "
            "board in the new year if he would leave the race against Sen. Ana Ruiz.",
            "The council asked Dana Okafor to talk to Ravi Lund about a seat on the new harbour board",
        ),
        (  # a participle's phrase with a list in it sets the scene
            "Joining a chorus of teachers, parents, librarians and readers, nearly 90 Harwick councillors have "
            "asked the mayor to keep the Eastgate library open.",
            "Nearly 90 Harwick councillors have asked the mayor to keep the Eastgate library open",
        ),
        (  # "of" opens the title's object: no role to leave out before "State Ana Ruiz"
            "Secretary of State Ana Ruiz and Harbour Master Ravi Lund briefed the council on the sale on Monday.",
            "Secretary of State Ana Ruiz and Harbour Master Ravi Lund briefed the council on the sale",
        ),
        (  # people described and never named, nothing else named: no headline
            "The two councillors turned the budget debate into a shouting match on Thursday.",
            None,
        ),
        (  # ", and that could ...": a clause of its own
            "The council is ready to close the Eastgate library on Monday, and that could make it harder for "
            "other towns to keep their branches open.",
            "The council is ready to close the Eastgate library",
        ),
        (  # too long whole: it stops before the phrase that only qualifies it
            "Council leader Ravi Lund said that the Eastgate library and two smaller branches would stay closed "
            "until the borough has reviewed visitor numbers.",
            "Council leader Ravi Lund said that the Eastgate library and two smaller branches would stay closed",
        ),
        (  # not where what was said would be cut off ("said that the plan")
            "Council leader Ravi Lund said on the radio this morning that the plan to close the branches in "
            "Harwick and Eastgate until the review of visitor numbers was final.",
            None,
        ),
        (  # not where efforts lose what they were to do
            "Papers obtained by the Harwick Ledger and Coast Radio showed efforts by council spokeswoman Dana "
            "Okafor in the days after the vote to strip out references to the petition.",
            None,
        ),
        (  # a relation's preposition ends the clause with the relation ("in which"), not left dangling
            "Harwick council leader Ravi Lund will meet the harbour board on Monday evening in which he is "
            "expected to say whether he will stand again.",
            "Harwick council leader Ravi Lund will meet the harbour board",
        ),
        (  # a scene-setting opener ended by an aside between dashes
            "Setting the tone for the new council — in which every motion must cite the budget line it spends "
            "— members of the Harwick council began to read the town charter aloud on Thursday morning.",
            "Members of the Harwick council began to read the town charter aloud",
        ),
        (  # a long clause may stop before what a text holds ("minutes describing ...")
            "The Harwick council on Wednesday released the full set of minutes surrounding the leader's handling "
            "of the quay sale describing the March 4, 2023, vote in Eastgate.",
            "The Harwick council released the full set of minutes surrounding the leader's handling of the quay sale",
        ),
        (  # never stopped before the verb of what was said ("Ines Varga said the strike over pay")
            "Ines Varga, who leads the dockers' union, said the strike over pay at Bremmel would go on until "
            "Bremmel Terminals raised its offer of 4 percent.",
            None,
        ),
    ],
)
def test_a_headline_of_its_own_is_the_deks_main_clause(dek: str, headline: str | None) -> None:
    from copydesk.core.headlines import headline_from

    assert headline_from(dek) == headline


def test_a_name_ending_in_ing_sets_no_scene() -> None:
    from copydesk.core.headlines import opens_on_scene

    assert opens_on_scene("Joining a chorus of parents, Lund asked the council to wait.")
    assert not opens_on_scene("Sterling the harbour master, a Harwick man, closed the quay.")


def test_a_headline_tells_the_news_that_follows_but() -> None:
    """A sentence whose news comes after "but" makes no headline of what comes before it (that would
    say the opposite of the news); the clause after "but" does, with its "he" or "she" named."""
    from copydesk.core.headlines import headline_from

    dek = (
        "Mayor Ravi Lund has said he will stay out of the harbour dispute, but he backs the sale of the "
        "quay to the trust on Monday."
    )
    assert headline_from(dek) == "Mayor Ravi Lund backs the sale of the quay to the trust"
    scene = "Ravi Lund is heading to the harbour for a speech on Monday, but not before a scolding."
    assert headline_from(scene) is None
    # a long clause may stop before what a thing just named "aims" to do, keeping where it is
    dek = (
        "Mayor Ravi Lund launched a new ferry service for the eastern quay in the old harbour district of "
        "Harwick that aims to cut fares for all of the town residents, officials said on Monday."
    )
    assert headline_from(dek) == (
        "Mayor Ravi Lund launched a new ferry service for the eastern quay in the old harbour district of Harwick"
    )
    # "but not ..." that only qualifies the news keeps the clause before it
    qualified = "Ravi Lund said he would back the harbour sale to the trust, but not to a developer."
    assert headline_from(qualified) == "Ravi Lund said he would back the harbour sale to the trust"


def test_a_plain_headline_leaves_out_the_reporters_word_for_how_it_was_done() -> None:
    from copydesk.core.headlines import headline_from

    dek = "Mayor Ana Ruiz vigorously defended her handling of the flood in Harwick on Monday."
    assert headline_from(dek, plain=True) == "Mayor Ana Ruiz defended her handling of the flood in Harwick"
    assert headline_from(dek) == "Mayor Ana Ruiz vigorously defended her handling of the flood in Harwick"
    # a judging adjective before its noun goes, the thing stays ("a controversial plan" -> "a plan")
    dek = "Ravi Lund celebrated his stunning win over the council leader in Harwick on Monday."
    assert headline_from(dek, plain=True) == "Ravi Lund celebrated his win over the council leader in Harwick"
    dek = "The council passed a controversial plan to sell the Eastgate library on Monday."
    assert headline_from(dek, plain=True) == "The council passed a plan to sell the Eastgate library"


@pytest.mark.parametrize(
    ("dek", "keep", "headline"),
    [
        (  # a comma inside a number ends no clause
            "Former councillor Asa Brandt pleaded guilty on Wednesday to charges that he spent $750,000 of "
            "council money.",
            "",
            "Former councillor Asa Brandt pleaded guilty to charges that he spent $750,000 of council money",
        ),
        (  # an aside between commas that only says where
            "Ravi Lund, in an interview with the Ledger, said the branch had lost half of its visitors.",
            "",
            "Ravi Lund said the branch had lost half of its visitors",
        ),
        (  # too long with who he is: the headline names him
            "Outgoing Harwick council finance adviser Ravi Lund warned on Monday that closing the branches "
            "would significantly raise the cost of the borough's school transport.",
            "",
            "Ravi Lund warned that closing the branches would significantly raise the cost of the borough's "
            "school transport",
        ),
        (  # a phrase that only says when is left out, so that what the reports share stays
            "The borough court appeared closely divided during arguments over the rules put forth by the "
            "council in the long-running case over the Eastgate library.",
            "eastgate library",
            "The borough court appeared closely divided in the long-running case over the Eastgate library",
        ),
        (  # ... and without such words, the longest headline
            "The borough court appeared closely divided during arguments over the rules put forth by the "
            "council in the long-running case over the Eastgate library.",
            "",
            "The borough court appeared closely divided during arguments over the rules put forth by the council",
        ),
        (  # nor where what the reports share is left behind ("to be among the first")
            "Hundreds of residents queued in the rain on Saturday to be among the first through the doors of "
            "Harwick's Eastgate library as it reopened after a four-year restoration.",
            "eastgate library reopened restoration harwick",
            None,
        ),
        (  # nor where only a relative clause keeps a verb ("A lawsuit that would be the largest")
            "A pending lawsuit against the council that would be the largest of its kind in Harwick may soon "
            "be dismissed, residents said.",
            "",
            None,
        ),
        (  # who someone is, then their name, between commas: the headline names them
            "The council's finance chief, Ravi Lund, was voted out on Tuesday by a clear majority of the "
            "council's members, who met in private.",
            "",
            "Ravi Lund was voted out by a clear majority of the council's members",
        ),
        (  # how someone said it, where the whole is too long
            "Ana Ruiz said through a spokesman on Monday that those who want to build the new depot in Harwick "
            "should look for another site.",
            "",
            "Ana Ruiz said that those who want to build the new depot in Harwick should look for another site",
        ),
        (  # a lawmaker's title and home state likewise
            "Senator Ana Ruiz of Harwick warned on Monday that closing the two depots would raise the cost of "
            "the borough's bus and school transport.",
            "",
            "Ana Ruiz warned that closing the two depots would raise the cost of the borough's bus and school "
            "transport",
        ),
        (  # commas of a list are no clause's end
            "Elected councillors, shop owners and parents spoke out on Friday against the plan to close the "
            "Eastgate library.",
            "",
            "Elected councillors, shop owners and parents spoke out against the plan to close the Eastgate "
            "library",
        ),
        (  # never stopped on a sum, which its phrase completes ("$750,000 in council money")
            "Former councillor Asa Brandt pleaded guilty in the borough court on Wednesday to charges that he "
            "spent $750,000 in council money on personal items and travel.",
            "",
            "Former councillor Asa Brandt pleaded guilty",
        ),
        (  # a verb in the present that headlines use ("pledges")
            "Ravi Lund pledges to end the council's feud with cyclists in a new leaflet for every home.",
            "",
            "Ravi Lund pledges to end the council's feud with cyclists in a new leaflet for every home",
        ),
        (  # a phrase that only says what something relates to
            "Ana Ruiz confirmed on Monday that the council and the harbour board received letters relating to "
            "the closure of the quay and the two berths beside it.",
            "",
            "Ana Ruiz confirmed that the council and the harbour board received letters",
        ),
        (  # nor just after a short relative clause's verb ("the seat that became open" when?)
            "Ravi Lund, a councillor from Eastgate, said on Friday that he will run for the council leader's "
            "seat that became open after the death of Dana Okafor.",
            "",
            None,
        ),
        (  # never cut where the news is ("in calling on ..." is what they did): she called on him
            "Dana Okafor joined several other councillors in calling on Ravi Lund to give up his seat over his "
            "remarks on the library closures.",
            "",
            "Dana Okafor called on Ravi Lund to give up his seat over his remarks on the library closures",
        ),
    ],
)
def test_a_long_opening_is_shortened_only_by_what_says_where_how_or_who(
    dek: str, keep: str, headline: str | None
) -> None:
    from copydesk.core.headlines import headline_from

    assert headline_from(dek, frozenset(keep.split())) == headline


def test_the_headline_is_not_one_outlets_title(draft: Draft, embedder) -> None:  # type: ignore[no-untyped-def]
    titles = {title for title, _, _ in REPORTS}
    assert draft.headline not in titles and not judgement(draft.headline)
    from copydesk.core.verify import verify_sentence

    assert verify_sentence(draft.headline, draft.dek.citations).verified
    off = write(embedder, options=WriterOptions(own_headline=False))
    assert off.headline in titles


def test_the_body_fits_the_story() -> None:
    from copydesk.core.extractive import body_budget

    options = WriterOptions()
    assert body_budget(2, 60, options) < body_budget(3, 60, options) < body_budget(30, 600, options)
    assert body_budget(3, 9, options) == 3  # little that reads on its own: little to tell
    assert (
        body_budget(2, 60, WriterOptions(fit_length=False))
        == body_budget(3, 60, WriterOptions(fit_length=False)) - 2
    )


def test_a_two_report_story_is_shorter_than_the_three_report_one(draft: Draft, embedder) -> None:  # type: ignore[no-untyped-def]
    two = write(embedder, story(REPORTS[:2]))
    assert 3 <= len(two.sentences()) < len(draft.sentences()) + 1
    assert not [s.heading for s in draft.sections if s.heading == "Reactions"]


def test_in_reading_order_a_surname_follows_its_full_name_and_a_ruling_its_mention() -> None:
    people = People(story())
    texts = [
        "Harwick's council voted to close the Eastgate library in June.",
        "Lund said the council had found no other way to balance its budget.",
        "Council leader Ravi Lund said the branch had lost half of its visitors since 2019.",
        "Lund said the branch needed a new roof.",
        "The ruling allows the council to sell the building.",
        "The bill for the new roof would have been $300,000, the council said.",
    ]
    assert standalone.told_in_order(texts, people) == [True, False, True, True, False, True]
    assert standalone.told_in_order(texts[:1] + texts[4:5], people, "Court ruling frees library sale")[1]


@pytest.mark.parametrize(
    ("text", "told", "leans"),
    [
        ("If the vote is held on Friday, any of the bills could reach the council.", "", "the bills"),
        ("Critics said that information was never given to the council.", "", "that information"),
        ("Ms. Okafor repeated the claims.", "", "the claims"),
        ("Prosecutor Ana Ruiz said her office was reviewing the matter.", "", "the matter"),  # which matter
        ("The task force recommended that the branch stay open.", "", "The task force"),
        ("The task force recommended that the branch stay open.", "the council named a panel of five.", None),
        # told of before, in other words of the same kind: "the measure" after "the bill"
        ("Ms. Okafor voted against the measure.", "the council passed a bill on tuesday.", None),
        # a word of that kind, not a word that begins like it: "the plan" is not told by "the harbour's
        # legislative committee" nor "his law firm"
        ("Lund denied any part in the plan.", "the harbour's legislative committee met.", "the plan"),
        ("Lund denied any part in the plan.", "his law firm was retained.", "the plan"),
        ("Lund denied any part in the plan.", "the council passed new legislation.", None),
        ("The lawsuit says the sale broke the trust deed.", "two residents filed a challenge.", None),
        # an article, an event or an interview of which the reader has not been told
        ("Lund called the article misleading.", "", "the article"),
        ("The event drew 500 people to the quay.", "", "The event"),
        ("The event drew 500 people to the quay.", "residents held a rally on sunday.", None),
        ("The motion referred to the March incident at the quay.", "", "the March incident"),
        ("Okafor repeated the recent claims.", "", "the recent claims"),
        # it says which one itself
        ("Ms. Okafor repeated the claims of fraud.", "", None),
        ("Residents backed the measure known as Proposition 4.", "", None),
        ("Residents signed the letter that opposed the closure.", "", None),
        # told of before it in the same sentence
        ("The council published a plan, and the plan was approved.", "", None),
        # in someone's words, the speaker gives it
        ('"We will fight the bills," Ms. Okafor said.', "", None),
        # a made thing someone's possessive speaks of as known; not what someone said
        ("Okafor's ad, and her claims on Monday, angered the council.", "okafor spoke.", "Okafor's ad"),
        ("Okafor's ad angered the council.", "okafor released an ad on sunday.", None),
        ("Okafor's comments angered the council.", "okafor said the branch was needed.", None),
        ("The pictures show Lund shaking hands.", "", "The pictures"),
        # someone told of by role alone, the pair "the two leaders", "the attack"
        ('"She is a farmer," the aide said.', "lund mocked okafor.", "the aide"),
        ('"She is a farmer," the aide said.', "an aide to okafor said she was hurt.", None),
        (
            "Lund said the two leaders had backed the quay.",
            "lund called out mayor okafor.",
            "the two leaders",
        ),
        ("Records show warnings before the attack.", "e-mails were released.", "the attack"),
        ("Records show warnings before the attack.", "gunmen raided the harbour office.", None),
        # someone who "also" did something, never told of before
        ("The Ledger also reports that Okafor could run.", "lund will decide.", "The Ledger also r"),
        ("The Ledger also reports that Okafor could run.", "the ledger reported lund's plan.", None),
    ],
)
def test_a_sentence_leans_on_a_thing_the_article_has_not_told_of(
    text: str, told: str, leans: str | None
) -> None:
    assert standalone.leans_on_a_thing(text, told) == leans


def test_in_reading_order_a_sentence_that_leans_on_an_untold_thing_is_left_out() -> None:
    people = People(story())
    texts = [
        "Harwick's council voted to close the Eastgate library in June.",
        "Residents said the vote ignored their wish that the library share a building with the school.",
        "Any of the bills could reach the council before June, a councillor said.",
        "The council will also vote on two bills about school transport.",
        "Both bills were opposed by residents.",
    ]
    assert standalone.told_in_order(texts, people) == [True, True, False, True, True]


RULING = [
    (
        "Library sale cleared",
        "Daily Ledger",
        "The ruling allows Harwick's council to sell the Eastgate library to a developer for $3 million.\n\n"
        "A judge ruled on Monday that Harwick's council may sell the Eastgate library building to a developer.",
    ),
    (
        "Judge backs library sale",
        "Valley Post",
        "The ruling lets Harwick's council sell the Eastgate library to a developer for $3 million.\n\n"
        "Judge Mara Fenn ruled that the council may go ahead with the sale of the Eastgate library building.",
    ),
    (
        "Eastgate library can be sold",
        "Metro Wire",
        "The ruling clears the way for Harwick's council to sell the Eastgate library for $3 million.\n\n"
        "Residents who sued to keep the library open said they would appeal against the judge's decision.",
    ),
]


def test_a_dek_does_not_open_on_a_ruling_not_told_of(embedder) -> None:  # type: ignore[no-untyped-def]
    assert standalone.opens_on_a_thing(RULING[0][2])
    # a body told before: "The group sent a letter" (which group?); "The group of 90 teachers" says which
    assert standalone.opens_on_a_thing("The group sent a letter to the council on Monday.")
    assert not standalone.opens_on_a_thing("The group of 90 teachers sent a letter to the council.")
    assert not write(embedder, story(RULING)).dek.text.startswith("The ruling")
    assert write(embedder, story(RULING), WriterOptions(reading_order=False)).dek.text.startswith(
        "The ruling"
    )


CLOSURE = [
    (
        "Harwick library vote",
        "Daily Ledger",
        "Eastgate faces a library closure.\n\n"
        "Teachers, parents and readers spoke out against the closure, which the council approved on Monday by "
        "seven votes to two.\n\nThe library opened in 1931.",
    ),
    (
        "Eastgate library to shut",
        "Valley Post",
        "Harwick's councillors voted on Monday to shut the Eastgate library, a stunning blow to teachers and "
        "parents.\n\nMayor Dana Okafor said the branch cost too much to run.",
    ),
    (
        "Council shuts library",
        "Metro Wire",
        "Teachers and parents slammed Harwick's council as it voted seven to two on Monday to close the Eastgate "
        "library.\n\nThe building will be sold in June.",
    ),
]


def test_a_dek_does_not_speak_of_a_thing_its_report_told_before(embedder) -> None:  # type: ignore[no-untyped-def]
    # "spoke out against the closure": the closure its report told of a sentence before, the page not yet
    assert "the closure" not in write(embedder, story(CLOSURE)).dek.text
    assert "the closure" in write(embedder, story(CLOSURE), WriterOptions(reading_order=False)).dek.text


HALF_SAID = [
    (
        "Lund breaks with mayor over library",
        "Daily Ledger",
        "Council leader Ravi Lund said on Monday that the Eastgate library should close, breaking with Mayor Dana "
        "Okafor.\n\n\u201cThe library has served Eastgate well for ninety years,\u201d said Ana Ruiz, a spokeswoman "
        "for Lund. \u201cLund respects that but thinks the branch costs too much to keep open.\u201d\n\n"
        "Okafor has said the branch must stay open.",
    ),
    (
        "Council leader wants Eastgate library shut",
        "Valley Post",
        "Ravi Lund, the council leader, wants the Eastgate library closed, putting him at odds with Mayor Dana "
        "Okafor.\n\nThe mayor said on Sunday that she would fight any closure.",
    ),
]


def test_a_quote_its_speaker_turns_next_is_told_whole(embedder) -> None:  # type: ignore[no-untyped-def]
    from copydesk.core.candidates import half_said

    said = '"The council protects the library," said Lund.'
    assert half_said(said, '"The mayor respects that but thinks it should close."')
    assert half_said(said, '"But it costs too much."')
    assert not half_said(said, '"I trust the council, but the mayor wants more."')  # a turn of its own
    assert not half_said("The council protects the library, Lund said.", '"But it costs too much."')
    # alone, the spokeswoman's first sentence says the opposite of the news: it is told whole, turn and all,
    # citing both of its passages
    told = [s for s in write(embedder, story(HALF_SAID)).sentences() if "served Eastgate well" in s.text]
    assert told and all("respects that but" in s.text and len(s.citations) >= 2 for s in told)


EVERY_REPORT_QUOTES = [
    (
        "Okafor: library closure not fair",
        "Daily Ledger",
        "Closing the Eastgate library is \u201cnot fair to readers,\u201d Mayor Dana Okafor said on Monday in a speech at the Harwick town hall.\n\n"
        "\u201cI love this council, but closing the Eastgate library is not fair to readers who have nowhere else to go,\u201d Okafor said.\n\n"
        "The council will vote on the closure in June.",
    ),
    (
        "Mayor opposes library closure",
        "Valley Post",
        "Mayor Dana Okafor came out against the closure of the Eastgate library on Monday.\n\n"
        "\u201cI love this council, but closing the library is not fair to readers who have nowhere else to go,\u201d said Okafor.\n\n"
        "The branch has 4,000 members.",
    ),
    (
        "Okafor against Eastgate closure",
        "Metro Wire",
        "Harwick's mayor, Dana Okafor, said on Monday she opposed closing the Eastgate library.\n\n"
        "\u201cI love this council, but closing the Eastgate library is not fair to readers who have nowhere else to go,\u201d she told the town hall.\n\n"
        "Councillors have not said how they will vote.",
    ),
]


def test_the_line_every_report_quotes_is_told_though_the_dek_quotes_a_few_of_its_words(embedder) -> None:  # type: ignore[no-untyped-def]
    # the dek quotes "not fair to readers"; the line all three reports give says far more
    texts = [s.text for s in write(embedder, story(EVERY_REPORT_QUOTES)).sentences()]
    assert any("I love this council" in t for t in texts)


def test_asked_why_he_names_nobody() -> None:
    assert not standalone.stands_alone("Asked why he opposed the closure, he said the branch was needed.")
    assert not standalone.stands_alone("Largely, it was meant to show the council was listening.")
    assert not standalone.stands_alone("Now it has become a symbol of the fight over the library.")
    assert standalone.stands_alone("Now the council has become a symbol of the fight over the library.")
    assert standalone.stands_alone(
        "Now that Lund has resigned, the council has become a symbol of the fight."
    )
    assert standalone.stands_alone("Okafor said it was meant to show the council was listening.")
    # soon, then, later after what?
    assert not standalone.stands_alone("Soon, Capt. Lund stopped by to greet the minister.")
    assert not standalone.stands_alone("Then the council voted to close the branch.")
    # a condition turned round on a pronoun: who "they" are was told before
    assert not standalone.stands_alone(
        "Had they been a married couple, Lund's tax bill would have been zero."
    )
    assert standalone.stands_alone("Had the council voted, Lund's tax bill would have been zero.")
    # whose attacks, who "they" are: told before, unless the sentence names a plural, a group or two people
    assert not standalone.stands_alone(
        "The Ledger reported that the force of their attacks showed they were calm."
    )
    assert not standalone.stands_alone("Lund said their budget was cut by a third.")
    assert standalone.stands_alone("Officials said their budget was cut by a third.")
    assert standalone.stands_alone("The council said they would vote on Monday.")
    assert standalone.stands_alone("Lund and Okafor said they would vote on Monday.")
    assert standalone.stands_alone("In their second debate, Mayor Dana Okafor and Ravi Lund traded blows.")
    assert standalone.stands_alone("Dana Okafor tried to paint Ravi Lund as reckless in their final debate.")
    assert standalone.stands_alone('"Our teachers deserve better," Lund told their union on Monday.')
    # "he" before anyone is named, with no clause between: someone told before
    assert not standalone.stands_alone("The only candidate he confirmed speaking with was Mayor Dana Okafor.")
    assert standalone.stands_alone(
        "Lund, also a Democrat, was confirmed after his nomination by Mayor Dana Okafor."
    )
    assert standalone.stands_alone("The mayor said on Monday that his budget had been cut by a third.")
    assert standalone.stands_alone(
        "A young Harwick council aide resigned on Monday after her post went viral."
    )
    assert not lone_surnames("The added complexity was not welcome to the council.")  # no speaker
    # which two postings: told before; both parties, both chambers: every reader knows which
    assert not standalone.stands_alone("Lund said she had made both Facebook postings attributed to her.")
    assert standalone.stands_alone("The harbour bill passed both chambers of the council on Monday.")
    # which states, which 33 seats: told before
    assert not standalone.stands_alone("Branches are less used in such towns and visits may fall.")
    assert not standalone.stands_alone("Ten of those 33 branches are open on Sundays.")
    assert standalone.stands_alone("Branches in towns such as Eastgate are less used.")
    assert standalone.stands_alone("Later this month the council will vote on the branch.")
    # agreed with whom?
    assert not standalone.stands_alone("Okafor agreed, saying the branch had served the town well.")
    assert standalone.stands_alone("Okafor agreed with Lund that the branch had served the town well.")
    assert standalone.stands_alone("The council agreed to sell the Eastgate branch.")
    # continued what? later than what, at which hour of which day?
    assert not standalone.stands_alone("Lund continued, calling out Mayor Dana Okafor.")
    assert standalone.stands_alone("The strike continued for three days in the harbour.")
    assert not standalone.stands_alone("Asked later in the day whether it was fair, Okafor said yes.")
    assert not standalone.stands_alone("At 7:16 p.m., Okafor wrote to the council about the berth.")
    assert standalone.stands_alone("Okafor's wife pleaded guilty later in the day to a tax charge.")


PREVIEW = [
    (
        "Varga to testify",
        "Daily Ledger",
        "Harbour master Elin Varga will testify before the Tollan council about the crack in the ferry berth.\n\n"
        "The council wants to know why the berth stayed open for a week after divers found the crack.",
    ),
    (
        "Varga testifies",
        "Valley Post",
        "Harbour master Elin Varga testified before the Tollan council about the crack in the ferry berth.\n\n"
        "Varga told councillors that divers had reported the crack to her office a week before it closed.",
    ),
    (
        "Varga before council",
        "Metro Wire",
        "Harbour master Elin Varga answered questions from the Tollan council about the crack in the ferry "
        "berth.\n\nThe berth will stay shut for three weeks while engineers repair the wall.",
    ),
]


def test_a_preview_does_not_stand_for_what_other_reports_say_happened(embedder) -> None:  # type: ignore[no-untyped-def]
    sources = story(PREVIEW)
    assert "will testify" not in write(embedder, sources).dek.text
    assert "will testify" in write(embedder, sources, WriterOptions(news_first=False)).dek.text


def test_what_every_report_gives_ranks_above_one_outlets_colour() -> None:
    import numpy as np

    from copydesk.core.candidates import Candidate
    from copydesk.core.selection import corroborated

    sources = story()
    texts = [
        "Mayor Dana Okafor said closing the Eastgate library would save $1.2 million a year.",
        "The library's reading room has tall windows and a mural painted by local children.",
    ]
    for options, rises in ((WriterOptions(), True), (WriterOptions(shared_facts=0.0), False)):
        cands = [Candidate(Passage(1, 0, len(t), t), np.zeros(2, dtype=np.float32), 0, 5) for t in texts]
        corroborated(cands, sources, options)
        assert (cands[0].salience > cands[1].salience) is rises


def test_each_outlets_credited_telling_gathers_in_its_own_section() -> None:
    import numpy as np

    from copydesk.core.candidates import Candidate
    from copydesk.core.extractive import OUTLETS_HEADING, _outlets_section

    def cand(source: int, position: int, loaded: bool) -> Candidate:
        outlet = ["Daily Ledger", "Valley Post"][source]
        return Candidate(
            Passage(source, position, position + 1, "x"), np.zeros(2, dtype=np.float32), source, position,
            loaded=loaded, outlet=outlet,
        )  # fmt: skip

    cands = [cand(0, 0, False), cand(1, 4, True), cand(0, 6, True), cand(0, 2, True), cand(1, 1, False)]
    parts = [(None, [0]), ("What happened", [1, 4]), ("What was said", [2, 3])]
    assert _outlets_section(parts, cands) == [
        (None, [0]), ("What happened", [4]), (OUTLETS_HEADING, [3, 2, 1]),
    ]  # fmt: skip
    one_outlet = [(None, [0]), ("What happened", [4, 2])]
    assert _outlets_section(one_outlet, cands) == one_outlet


def test_a_surname_anywhere_outside_quotes_needs_the_full_name_before() -> None:
    people = People(story())
    assert "Lund" in people.people_named() and "Okafor" not in people.people_named()  # never alone
    text = "The mayor kept interrupting Lund during the vote."
    assert not people.mentions_introduced(text, ["Harwick's council voted to close the library."])
    assert people.mentions_introduced(text, ["Council leader Ravi Lund defended the closure."])
    assert people.mentions_introduced('The mayor said "Lund is wrong" about the vote.', [])  # her words
    # a possessive of a surname ending in s: "Sellers' figures"
    texts = ["Lawyer Joseph Sellers argued the case for the traders.", "Sellers said the traders were owed."]
    sellers = People([SourceDoc(0, "Case", "Ledger", None, tuple(Passage(0, 0, len(t), t) for t in texts))])
    assert not sellers.mentions_introduced("The judge questioned Sellers' figures.", [])
    assert sellers.mentions_introduced("The judge questioned Sellers' figures.", texts[:1])


def test_the_same_quote_is_told_once() -> None:
    import numpy as np

    from copydesk.core.candidates import Candidate, quoted_words
    from copydesk.core.selection import redundant

    texts = [
        'Okafor wrote that the council should "try listening to the neighbourhood," before voting.',
        'In a post on Friday, the mayor said councillors should "try listening to the neighbourhood".',
    ]
    cands = [
        Candidate(
            Passage(k, 0, len(t), t), np.zeros(2, dtype=np.float32), k, 3,
            quoted=quoted_words(t),
        )
        for k, t in enumerate(texts)
    ]  # fmt: skip
    sims = np.full((2, 2), 0.3)  # unlike in meaning, by the measure
    assert redundant(1, [0], cands, sims, WriterOptions())
    cands[1].quoted = frozenset()
    assert not redundant(1, [0], cands, sims, WriterOptions())
    # two outlets quote the same words cut differently: a run of four words in both is the same quote
    one = quoted_words(
        'She wrote: "Rise to the occasion. Dress like you deserve respect, not a seat at a bar."'
    )
    other = quoted_words('"Rise to the occasion. Act like the hall matters to you," she wrote.')
    assert one & other == {"rise to the occasion"}
    assert not quoted_words('"Try listening," she said.') & quoted_words('"Try harder," he said.')
    # a three-word quotation within a longer one is the same words quoted again
    short = 'Lund urged the council to read the plan and "get this done."'
    long = '"Read the plan, have a debate, but get this done. People are waiting," Lund said.'
    pair = [
        Candidate(Passage(k, 0, len(t), t), np.zeros(2, dtype=np.float32), k, 3, quoted=quoted_words(t))
        for k, t in enumerate([long, short])
    ]
    assert redundant(1, [0], pair, np.full((2, 2), 0.3), WriterOptions())
    assert redundant(0, [1], pair, np.full((2, 2), 0.3), WriterOptions())


@dataclass
class _Opening:
    passage: Passage
    source: int
    position: int = 0
    salience: float = 0.0
    alone: bool = True
    by_surname: bool = False
    loaded: bool = False
    things: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        return self.passage.text


def test_the_headline_comes_from_the_next_agreed_opening_when_the_dek_makes_none() -> None:
    """The news first: an outlet's title only when none of the openings the outlets agree on makes a
    headline of Copydesk's own."""
    from copydesk.core.lead import make_headline

    quote = '"We are closing a library nobody uses," said Ravi Lund, the council leader.'
    vote = "Harwick's council voted on Tuesday to close the Eastgate library in June."
    docs = [
        SourceDoc(k, title, outlet, None, (Passage(k, 0, len(text), text),))
        for k, (title, outlet, text) in enumerate(
            [
                ("Library to shut: what we know", "Ledger", quote),
                ("Harwick votes to shut library", "Post", vote),
            ]
        )
    ]
    cands = [_Opening(doc.passages[0], doc.id) for doc in docs]
    people = People(docs)
    options = WriterOptions()
    close = np.ones((2, 2), dtype=np.float32)  # the two openings tell one piece of news
    assert make_headline([0, 1], cands, close, docs, options, people) == (
        "Harwick's council votes to close the Eastgate library in June",
        1,
    )
    # Only one opening, and it makes none: the fairest title (no "what we know")
    assert make_headline([0], cands, close, docs, options, people) == ("Harwick votes to shut library", None)
    # Past the dek, neither a preview while another opening tells what happened, nor a later sentence
    preview = "Harwick's council will vote on Tuesday to close the Eastgate library in June."
    later = _Opening(Passage(1, 0, len(vote), vote), 1, position=1)
    ahead = _Opening(Passage(1, 0, len(preview), preview), 1)
    assert make_headline([0, 1], [cands[0], ahead], close, docs, options, people) == (
        "Harwick votes to shut library",
        None,
    )
    assert make_headline([0, 1], [cands[0], later], close, docs, options, people) == (
        "Harwick votes to shut library",
        None,
    )
    # nor an opening that tells another angle than the dek's news
    assert make_headline([0, 1], cands, np.eye(2, dtype=np.float32), docs, options, people) == (
        "Harwick votes to shut library",
        None,
    )


def test_a_headline_tells_what_the_titles_tell_in_any_form_of_their_words() -> None:
    """Another report's sentence near the news makes the headline when it tells what two outlets'
    titles tell, two of its words in each in whatever form ("defends ... floods" tells "Defended ...
    Flood"); one that tells other news than the titles does not."""
    from copydesk.core.lead import make_headline

    quote = '"We did all we could," said Ravi Lund, the mayor.'
    told = "Mayor Ravi Lund defended her handling of the harbour floods on Tuesday."
    docs = [
        SourceDoc(k, title, outlet, None, tuple(Passage(k, 0, len(t), t) for t in texts))
        for k, (title, outlet, texts) in enumerate(
            [
                ("Floods: what we know", "Ledger", [quote]),
                ("Facing Council, Lund Defended Her Actions Before the Flood", "Post", ["Rain fell.", told]),
                ("Lund Hearings Show Report Could Not Find Causes Of Floods", "Times", ["Rain fell."]),
            ]
        )
    ]
    cands = [_Opening(docs[0].passages[0], 0), _Opening(docs[1].passages[1], 1, position=1)]
    close = np.ones((2, 2), dtype=np.float32)
    people = People(docs)
    assert make_headline([0], cands, close, docs, WriterOptions(), people) == (
        "Mayor Ravi Lund defends her handling of the harbour floods",
        1,
    )
    school = "Mayor Ravi Lund opened a new school in the harbour district on Tuesday."
    cands[1] = _Opening(Passage(1, 0, len(school), school), 1, position=1)
    assert make_headline([0], cands, close, docs, WriterOptions(), people)[1] is None


def test_a_headline_made_from_the_dek_takes_another_outlets_telling_as_the_dek() -> None:
    """The dek under the headline is not the sentence the headline was cut from (it would tell the news
    twice in a row) when another outlet's opening tells the same news; else it stays."""
    from copydesk.core.lead import make_headline, second_telling

    vote = "Harwick's council voted on Tuesday to close the Eastgate library in June."
    other = "Councillors in Harwick agreed on Tuesday, by nine votes to four, to shut the Eastgate branch."
    docs = [
        SourceDoc(k, title, outlet, None, (Passage(k, 0, len(text), text),))
        for k, (title, outlet, text) in enumerate(
            [("Harwick votes to shut library", "Post", vote), ("Eastgate library to go", "Ledger", other)]
        )
    ]
    cands = [_Opening(doc.passages[0], doc.id) for doc in docs]
    people = People(docs)
    close = np.ones((2, 2), dtype=np.float32)
    headline, made_from = make_headline([0, 1], cands, close, docs, WriterOptions(), people)
    assert (headline, made_from) == ("Harwick's council votes to close the Eastgate library in June", 0)
    assert second_telling([0, 1], cands, close, made_from) == 1
    apart = np.array([[1.0, 0.2], [0.2, 1.0]], dtype=np.float32)  # the other opening tells other news
    assert second_telling([0, 1], cands, apart, made_from) == 0
    assert second_telling([0, 1], cands, close, None) == 0  # an outlet's title: the dek says it anew
    scene = "After a long debate on Tuesday, councillors agreed by nine votes to four to shut the branch."
    setting = [cands[0], _Opening(Passage(1, 0, len(scene), scene), 1)]
    assert second_telling([0, 1], setting, close, made_from) == 0  # a dek opens on who did what


def test_under_a_headline_that_says_the_dek_again_another_opening_near_the_news_is_the_dek() -> None:
    """Where the headline is cut from the dek and says nearly all of it, and no other outlet tells the
    same news in its opening, another opening near the news that tells more is the dek; a dek that
    tells much more than its headline stays."""
    from copydesk.core.lead import says_the_headline, second_telling

    vote = "Harwick's council voted on Tuesday to close the Eastgate library."
    more = "Councillors said the branch had lost half its readers since the new school opened in 2019."
    cands = [_Opening(Passage(0, 0, len(vote), vote), 0), _Opening(Passage(1, 0, len(more), more), 1)]
    near = np.array([[1.0, 0.55], [0.55, 1.0]], dtype=np.float32)  # near the news, not the same telling
    headline = "Harwick's council votes to close the Eastgate library"
    assert says_the_headline(vote, headline) and not says_the_headline(more, headline)
    assert second_telling([0, 1], cands, near, 0, headline) == 1
    assert second_telling([0, 1], cands, np.eye(2, dtype=np.float32), 0, headline) == 0  # far: none
    assert second_telling([0, 1], cands, near, 0, "Harwick votes") == 0  # the dek tells more


def test_a_preview_from_a_report_before_the_deks_gives_way_to_what_happened() -> None:
    """A sentence of a report published the day before the dek's, telling in the future what the dek
    tells as done, is superseded; one near in meaning from the dek's own day, or far in meaning, is not."""
    from datetime import datetime

    from copydesk.core.lead import superseded_previews

    done = "The council voted on Wednesday to close the Eastgate library and sell the building."
    preview = "The council will vote this week on a plan to close the Eastgate library."
    same_day = "The mayor will appear before the council on Friday to explain the sale."
    texts = [(done, datetime(2024, 5, 8)), (preview, datetime(2024, 5, 6)), (same_day, datetime(2024, 5, 8))]
    docs = [
        SourceDoc(k, "Library", f"Outlet {k}", when, (Passage(k, 0, len(t), t),))
        for k, (t, when) in enumerate(texts)
    ]
    cands = [_Opening(doc.passages[0], doc.id) for doc in docs]
    close = np.ones((3, 3), dtype=np.float32)
    assert superseded_previews(0, cands, close, docs) == [1]
    assert superseded_previews(0, cands, np.eye(3, dtype=np.float32), docs) == []
    assert superseded_previews(1, cands, close, docs) == []  # a preview dek supersedes nothing


def test_a_sentence_telling_what_may_happen_on_a_day_that_has_come_is_superseded() -> None:
    """A report of Monday saying the council "could act as soon as Wednesday" is stale under a dek of that
    Wednesday, however far its meaning is from the dek's; what it says may come on Friday is not."""
    from datetime import datetime

    from copydesk.core.lead import superseded_previews

    done = "The council voted on Wednesday to close the Eastgate library and sell the building."
    stale = "Officials said the council could act as soon as Wednesday on the branch's future."
    later = "Officials said the council could take up the bus lanes on Friday."
    undated = "Officials said the council could take up the bus lanes before the summer."
    texts = [(done, datetime(2024, 5, 8)), (stale, datetime(2024, 5, 6)), (later, datetime(2024, 5, 6))]
    texts.append((undated, datetime(2024, 5, 6)))
    docs = [
        SourceDoc(k, "Library", f"Outlet {k}", when, (Passage(k, 0, len(t), t),))
        for k, (t, when) in enumerate(texts)
    ]
    cands = [_Opening(doc.passages[0], doc.id) for doc in docs]
    assert superseded_previews(0, cands, np.eye(4, dtype=np.float32), docs) == [1]


def test_the_headline_is_another_outlets_telling_of_the_deks_news_where_there_is_one() -> None:
    """A headline made from the dek repeats it word for word under it; another outlet's first sentence
    telling the same news makes one that does not."""
    from copydesk.core.lead import make_headline

    vote = "Harwick's council voted on Tuesday to close the Eastgate library in June."
    other = "Councillors in Harwick approved the closure of the Eastgate branch library on Tuesday."
    docs = [
        SourceDoc(k, title, outlet, None, (Passage(k, 0, len(text), text),))
        for k, (title, outlet, text) in enumerate(
            [("Harwick votes to shut library", "Post", vote), ("Library closure approved", "Ledger", other)]
        )
    ]
    cands = [_Opening(doc.passages[0], doc.id) for doc in docs]
    people, options = People(docs), WriterOptions()
    close = np.ones((2, 2), dtype=np.float32)
    told = "Councillors in Harwick approve the closure of the Eastgate branch library"
    assert make_headline([0, 1], cands, close, docs, options, people) == (told, 1)
    same_outlet = [cands[0], _Opening(Passage(0, 0, len(other), other), 0)]
    assert make_headline([0, 1], same_outlet, close, docs, options, people) == (
        "Harwick's council votes to close the Eastgate library in June",
        0,
    )


@pytest.mark.parametrize(
    ("headline", "present"),
    [
        (
            "Former councillor Asa Brandt pleaded guilty to charges that he spent $750,000",
            "Former councillor Asa Brandt pleads guilty to charges that he spent $750,000",
        ),
        (
            "Two Harwick councillors filed a challenge to the sale",
            "Two Harwick councillors file a challenge to the sale",
        ),
        (  # a verb joined to it by "and" is told in the present too
            "Mayor Dana Okafor of Harwick rose and spoke of her years on the quay",
            "Mayor Dana Okafor of Harwick rises and speaks of her years on the quay",
        ),
        ("Councillors in Harwick approved the closure", "Councillors in Harwick approve the closure"),
        ("Ravi Lund and Dana Okafor met for an hour", "Ravi Lund and Dana Okafor meet for an hour"),
        # a surname that ends like a group ("-ers") after a first name is one person
        ("Larry Summers warned of a recession", "Larry Summers warns of a recession"),
        ("House Democrats warned of a recession", "House Democrats warn of a recession"),
        (
            "The sealed version of the review found no fault",
            "The sealed version of the review finds no fault",
        ),
        # no simple past after the subject: as it was
        ("Ravi Lund has said he will stay", "Ravi Lund has said he will stay"),
        ("Ravi Lund was expected to resign", "Ravi Lund was expected to resign"),
        ("Papers obtained by the Ledger showed the cost", "Papers obtained by the Ledger show the cost"),
        ("The council says that it hasn't wavered", "The council says that it hasn't wavered"),
        (
            "Newly elected councillors will be allowed to vote",
            "Newly elected councillors will be allowed to vote",
        ),
    ],
)
def test_a_headline_tells_what_happened_in_the_present_tense(headline: str, present: str) -> None:
    from copydesk.core.headlines import present_tense

    assert present_tense(headline) == present


def test_a_headline_never_speaks_of_a_thing_it_has_not_told() -> None:
    """A headline is read first: "... spoke out against the measure" leaves the reader asking which."""
    from copydesk.core.lead import make_headline

    texts = [
        "Harwick's council voted on Thursday to close the Eastgate library in June.",
        "Elected councillors, shop owners and parents spoke out on Friday against the measure.",
    ]
    docs = [
        SourceDoc(k, title, outlet, None, (Passage(k, 0, len(text), text),))
        for k, (title, outlet, text) in enumerate(
            zip(("Library to close", "Uproar over library"), ("Post", "Ledger"), texts, strict=True)
        )
    ]
    cands = [_Opening(doc.passages[0], doc.id) for doc in docs]
    people, options = People(docs), WriterOptions()
    close = np.ones((2, 2), dtype=np.float32)
    headline, made_from = make_headline([0, 1], cands, close, docs, options, people)
    assert "measure" not in headline
    assert made_from == 0 and headline == "Harwick's council votes to close the Eastgate library in June"


def test_past_the_openings_a_sentence_that_tells_what_the_titles_tell_makes_the_headline() -> None:
    """When no agreed opening makes a headline, a report's early sentence near the dek's news makes one
    before an outlet's title is copied: only one that stands alone and tells what two titles tell."""
    from copydesk.core.lead import make_headline

    quote = '"We are closing a library nobody uses," said Ravi Lund, the council leader.'
    titles = ("Harwick council votes to shut Eastgate library", "Eastgate library closure: council votes")
    news = "Harwick's council voted on Tuesday to close the Eastgate library in June."
    background = "Harwick has lost four of its seven branch libraries since the budget was cut in 2019."
    pronoun = "It voted on Tuesday to close the Eastgate library in June, the council said."

    def made(second: str) -> tuple[str, int | None]:
        docs = [
            SourceDoc(0, titles[0], "Post", None, (Passage(0, 0, len(quote), quote),)),
            SourceDoc(
                1,
                titles[1],
                "Ledger",
                None,
                (
                    Passage(1, 0, len(quote), quote),
                    Passage(1, len(quote) + 1, len(quote) + 1 + len(second), second),
                ),
            ),
        ]
        cands = [
            _Opening(docs[0].passages[0], 0),
            _Opening(docs[1].passages[0], 1),
            _Opening(docs[1].passages[1], 1, position=1),
        ]
        near = np.full(
            (3, 3), 0.6, dtype=np.float32
        )  # near the dek's news, not close enough to be the first try
        return make_headline([0, 1], cands, near, docs, WriterOptions(), People(docs))

    assert made(news) == ("Harwick's council votes to close the Eastgate library in June", 2)
    assert made(background) == (titles[0], None)  # near the news, but not what the titles tell
    assert made(pronoun) == (titles[0], None)  # "It voted": which body is not told


def test_another_reports_telling_near_the_news_makes_the_headline_before_the_dek_itself() -> None:
    """A headline cut from the dek says the dek again above it; another outlet's opening near the news
    (not close enough to be tried first) makes the headline first, and the dek stays."""
    from copydesk.core.lead import make_headline

    vote = "Harwick's council voted on Tuesday to close the Eastgate library in June."
    other = "Council leader Ravi Lund broke with his own party on Tuesday over the Eastgate library."
    titles = ("Harwick votes to shut Eastgate library", "Lund breaks with party over Eastgate library")
    docs = [
        SourceDoc(k, title, outlet, None, (Passage(k, 0, len(text), text),))
        for k, (title, outlet, text) in enumerate(zip(titles, ("Post", "Ledger"), (vote, other), strict=True))
    ]
    cands = [_Opening(doc.passages[0], doc.id) for doc in docs]
    people, options = People(docs), WriterOptions()
    near = np.array([[1.0, 0.65], [0.65, 1.0]], dtype=np.float32)
    assert make_headline([0], cands, near, docs, options, people) == (
        "Council leader Ravi Lund breaks with his own party over the Eastgate library",
        1,
    )
    apart = np.array([[1.0, 0.55], [0.55, 1.0]], dtype=np.float32)  # another angle: the dek's own news
    assert make_headline([0], cands, apart, docs, options, people) == (
        "Harwick's council votes to close the Eastgate library in June",
        0,
    )
