"""A sentence that leans on the one before it in its report is told right after it, or not at all
(core.continuation), on a story the team wrote, with the real embedder."""

from __future__ import annotations

import pytest

from copydesk.core.candidates import candidates
from copydesk.core.continuation import before_of, may_follow, placed_after
from copydesk.core.extractive import WriterOptions
from copydesk.core.types import Draft, Passage
from copydesk.core.verify import verify_draft
from tests.core import test_story_rules as story_rules
from tests.core.test_story_rules import story

HARBOUR = (
    "Dock workers at the port of Bremmel walked out on Monday after talks on pay broke down, halting the "
    "loading of container ships for the first time in a decade.\n\n"
    "Ines Varga, who leads the dockers' union, said the strike over pay at Bremmel would go on until "
    "Bremmel Terminals raised its offer of 4 percent.\n\n"
    "She said members had voted 412 to 35 for the walkout at a meeting on Sunday.\n\n"
    "The port handles about 9,000 containers a day, according to its operator.\n\n"
    "The operator, Bremmel Terminals, offered a raise of 4 percent last week; the union asked for 9 percent."
)
COURIER = (
    "Fruit growers who ship through Bremmel fear for their season as the port's dock workers strike.\n\n"
    "About 1,200 workers joined the walkout, the union said.\n\n"
    "Bremmel Terminals said it had offered a raise of 4 percent and called the union's demand of 9 percent "
    "unaffordable.\n\n"
    "Farmers who ship fruit through the port said a long strike would cost them their season."
)
BULLETIN = (
    "Talks on pay at the port of Bremmel failed last week, the union said.\n\n"
    "The strike stopped work at all four of the port's container terminals.\n\n"
    "The operator said the port handles about 9,000 containers a day.\n\n"
    "Talks are due to resume on Thursday, the union and the operator said."
)
REPORTS = [
    ("Bremmel dock workers strike over pay", "Harbour Times", HARBOUR),
    ("Ships queue as Bremmel port strike begins", "Coast Courier", COURIER),
    ("Bremmel dockers walk out", "Port Bulletin", BULLETIN),
]
FOLLOWING = "She said members had voted 412 to 35 for the walkout at a meeting on Sunday."


def write(embedder, options: WriterOptions | None = None) -> Draft:  # type: ignore[no-untyped-def]
    return story_rules.write(embedder, story(REPORTS), options)


@pytest.fixture(scope="module")
def draft(embedder) -> Draft:  # type: ignore[no-untyped-def]
    return write(embedder)


def reading(draft: Draft) -> list[str]:
    return [draft.dek.text, *(s.text for s in draft.sentences() if s is not draft.dek)]


def test_a_sentence_that_leans_on_the_one_before_it_comes_right_after_it(draft: Draft) -> None:
    texts = reading(draft)
    assert FOLLOWING in texts
    assert texts[texts.index(FOLLOWING) - 1].startswith("Ines Varga, who leads the dockers' union, said the strike")
    assert all(v.verified for v in verify_draft(draft))


def test_without_the_rule_the_sentence_is_left_out(embedder) -> None:  # type: ignore[no-untyped-def]
    assert FOLLOWING not in reading(write(embedder, WriterOptions(context=False)))


def test_a_he_or_she_follows_only_a_sentence_that_names_someone(embedder) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The council voted on Tuesday to close the Eastgate library in June.\n\n"
        "She said the building would be sold to a developer within months.\n\n"
        "Mayor Dana Okafor called the vote a mistake at a meeting on Wednesday.\n\n"
        "She said she would ask the council to delay the closure by a year.\n\n"
        '"We will not let them sell it off without a fight,"\n\n'
        "Okafor said at the meeting, to applause from residents."
    )
    (doc,) = story([("Library to close", "Daily Ledger", text)])
    cands = candidates([doc], [embedder.embed([p.text for p in doc.passages])], WriterOptions())
    at = {c.position: i for i, c in enumerate(cands)}
    before = before_of(cands)
    people = {"Okafor"}
    assert not cands[at[1]].alone and not cands[at[3]].alone
    assert not may_follow(at[1], cands, before, [at[0]], people)  # "she" is not the council
    assert may_follow(at[3], cands, before, [at[2]], people)
    assert not may_follow(at[3], cands, before, [at[0]], people)  # the sentence before is not told
    # a quotation whose speaker is told after it does not follow the sentence before it
    assert 4 in at and not cands[at[4]].alone
    assert not may_follow(at[4], cands, before, [at[3]], people)


def test_following_sentences_are_placed_after_theirs_in_order() -> None:
    parts: list[tuple[str | None, list[int]]] = [(None, [5, 2]), (None, [7, 3, 9]), ("Heading", [4])]
    # 3 follows the dek (1), 4 follows 3, 9 follows 7; 8 follows 6, which the article no longer tells
    placed = placed_after(1, parts, {3: 1, 4: 3, 9: 7, 8: 6})
    assert placed == [(None, [3, 4, 5, 2]), (None, [7, 9]), ("Heading", [])]


def test_a_sentence_worth_telling_comes_with_the_one_before_it() -> None:
    """Selection (`selection.pick` with `before`): a salient sentence that leans on the one before it is
    scored with that sentence and both are told; without the pairing it waits for a sentence that
    ranks below another."""
    import numpy as np

    from copydesk.core.candidates import Candidate
    from copydesk.core.selection import pick

    texts = [
        "The port handles about 9,000 containers a day, its operator said.",
        "Ines Varga, who leads the dockers' union, spoke to members on Sunday.",
        "She said 412 of them had voted to strike until the operator raised its offer.",
    ]
    cands = [
        Candidate(Passage(1, 0, len(t), t), np.eye(3, dtype=np.float32)[k], 0, k + 1, alone=k < 2)
        for k, t in enumerate(texts)
    ]
    for c, salience in zip(cands, (0.5, 0.4, 0.9), strict=True):
        c.salience = salience
    sims = np.eye(3, dtype=np.float32)
    before = {2: 1}

    def allow(chosen: list[int]):  # type: ignore[no-untyped-def]
        return lambda c: c.alone or before.get(cands.index(c)) in chosen

    chosen: list[int] = []
    assert pick(cands, sims, chosen, 2, WriterOptions(), allow(chosen), before) == [1, 2]
    chosen = []
    assert pick(cands, sims, chosen, 2, WriterOptions(), allow(chosen)) == [0, 1]
    chosen = []  # no room for two: the best single one
    assert pick(cands, sims, chosen, 1, WriterOptions(), allow(chosen), before) == [0]


def test_the_line_a_quotation_told_whole_takes_follows_nothing() -> None:
    """A quotation told whole with its next line (`Candidate.then`): that line is not a sentence of its
    own to follow it (printed twice, back to back, in the s311 reading); the sentence after it follows it."""
    import numpy as np

    from copydesk.core.candidates import Candidate

    lines = [
        '"The port will not close," Ines Varga said. "But the ships',
        'will wait until the operator pays."',
        "Talks resume on Thursday.",
    ]
    passages = [Passage(1, 0, len(t), t) for t in lines]
    vec = np.zeros(2, dtype=np.float32)
    cands = [
        Candidate(passages[0], vec, 0, 0, then=passages[1]),
        Candidate(passages[1], vec, 0, 1, alone=False),
        Candidate(passages[2], vec, 0, 2),
    ]
    assert before_of(cands) == {2: 0}
