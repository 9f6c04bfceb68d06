"""Neutral wording (issue 13): a reporter's judgement cut from a sentence that stands without it, so the
fact may still lead ("Sheriff Ruiz, known for her controversial raids, endorsed Park" -> "Sheriff Ruiz
endorsed Park"); a hedge or a word the phrase needs is never cut, and such a sentence stays loaded.

The sentences are invented; none is taken from an evaluation set."""

from __future__ import annotations

import pytest

from copydesk.core.unloading import unloaded
from copydesk.core.wording import judgement


@pytest.mark.parametrize(
    ("sentence", "plain"),
    [
        # an aside after a name that says who they are, with the verdict in it
        (
            "Sheriff Ana Ruiz, known for her harsh and controversial raids on landlords, endorsed Mayor Lee Park "
            "for re-election on Tuesday.",
            "Sheriff Ana Ruiz endorsed Mayor Lee Park for re-election on Tuesday.",
        ),
        (
            "Dana Okafor, who has a famously frosty relationship with the mayor, did not attend the vote.",
            "Dana Okafor did not attend the vote.",
        ),
        ("Okafor, who is insistent he is not a candidate, said he would wait.", "Okafor said he would wait."),
        # a judging adjective before its noun, the article mended
        ("The council vetoed a controversial bill on Monday.", "The council vetoed a bill on Monday."),
        (
            "Okafor, an ardent defender of the library, voted against the closure.",
            "Okafor, a defender of the library, voted against the closure.",
        ),
        # before a name's word
        (
            "Ruiz said the controversial Eastgate tower should be built elsewhere.",
            "Ruiz said the Eastgate tower should be built elsewhere.",
        ),
        # a manner adverb before its verb
        ("Mayor Lee Park vigorously defended the budget on Friday.", "Mayor Lee Park defended the budget on Friday."),
    ],
)
def test_the_verdict_is_cut_and_the_fact_stays(sentence: str, plain: str) -> None:
    assert judgement(sentence) is not None
    assert unloaded(sentence) == plain
    assert judgement(plain) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Ruiz allegedly took the money from the fund in May.",  # a hedge: without it, more is claimed
        "Park facetiously said the council would sell the town hall next.",  # a joke, told as one
        # an aside that names someone the sentence goes on to speak of: it introduces them
        "Okafor, who has a famously frosty relationship with Mayor Lee Park, did not mention Park.",
        "Park offered a fairly dire assessment of the budget.",  # "a fairly assessment"
        "Park was elected to lead the council at a bleak moment.",  # the adjective is what is said
        "The vote drew a chorus of critics to the hall.",  # no single word or aside to cut
        "Those wondering whether the reading would be dramatic found out on Thursday.",  # no noun after it
        "Park admitted there's a chance the vote would fail.",  # a verb, not an adjective
        "Ruiz backed tough and controversial rules on landlords.",  # "tough and rules"
        # a clause between commas, not who someone is: "On Monday stating, ..." would be left
        "On Monday, the Harwick committee joined a chorus of critics, stating that the plan was costly.",
        "On Monday, the Harwick committee joined a chorus of critics, said Ana Ruiz.",
    ],
)
def test_a_judgement_that_cannot_go_without_harm_stays(sentence: str) -> None:
    assert judgement(sentence) is not None
    assert unloaded(sentence) is None
