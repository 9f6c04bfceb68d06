import pytest

from copydesk.core.antonyms import opposite_problem
from copydesk.core.types import Passage
from copydesk.core.verify import verify_sentence

SOURCE = Passage(
    1,
    0,
    0,
    "Corvane will cut 3,400 jobs at three plants, chief executive Hallam Ristow said, "
    'calling it "a painful decision".',
)


@pytest.mark.parametrize(
    ("sentence", "verified", "reason"),
    [
        ("Corvane will cut 3400 jobs, Hallam Ristow said.", True, None),
        ("Corvane will cut 3,500 jobs.", False, "number not in sources: 3500"),
        ("Corvane will cut jobs, Ristow and Mara Quill said.", False, "name not in sources: Mara Quill"),
        ('Ristow called it "a necessary decision".', False, "quote not in sources"),
        ('Ristow called it "a painful decision".', True, None),
        ("Corvane will cut 3.4 thousand jobs at three plants.", True, None),
        ("Corvane will cut 3,400 jobs at four plants.", False, "number not in sources: 4"),
        ("Corvane will not cut 3,400 jobs.", False, "negation differs"),
        ("Hallam Ristow said Corvane will cut 3,400 jobs.", True, None),
    ],
)
def test_checks_numbers_names_and_quotes(sentence: str, verified: bool, reason: str | None) -> None:
    verdict = verify_sentence(sentence, [SOURCE])
    assert verdict.verified is verified
    if reason:
        assert any(r.startswith(reason) for r in verdict.reasons), verdict.reasons


def test_a_sentence_without_citations_is_not_verified() -> None:
    assert verify_sentence("Anything at all.", []).verified is False


def test_a_negated_source_does_not_support_a_plain_claim() -> None:
    source = Passage(2, 0, 0, "The council did not approve the harbour budget on Tuesday.")
    assert not verify_sentence("The council approved the harbour budget on Tuesday.", [source]).verified
    assert verify_sentence("The council did not approve the harbour budget on Tuesday.", [source]).verified


def test_meaning_must_be_close_when_measured() -> None:
    text = "Corvane will cut 3,400 jobs."
    assert verify_sentence(text, [SOURCE], similarity=0.8).verified
    verdict = verify_sentence(text, [SOURCE], similarity=0.2)
    assert not verdict.verified and verdict.reasons[0].startswith("meaning too far")


def test_unusual_spaces_do_not_break_names() -> None:
    source = Passage(3, 0, 0, "Homeland Security Secretary Alejandro\xa0Mayorkas spoke on Thursday.")
    assert verify_sentence(source.text, [source]).verified


def test_names_must_stand_whole_not_word_by_word() -> None:
    source = Passage(4, 0, 0, "Pete Hegseth met Shinjiro Koizumi at the Pentagon.")
    assert not verify_sentence("Pete Koizumi met Shinjiro Hegseth at the Pentagon.", [source]).verified
    assert verify_sentence("PETE HEGSETH met Shinjiro Koizumi at the Pentagon.", [source]).verified


@pytest.mark.parametrize(
    ("sentence", "source", "verified"),
    [
        ("Talks in Marrowby's harbour office ended.", "Talks at the harbour office in Marrowby ended.", True),
        ("Talks with Hallamshire ended.", "Talks with Hallam ended.", False),
        ("Talks with Hallam ended.", "Talks with Hallamshire ended.", False),
        ("Talks with al-Dunmore ended.", "talks with al - dunmore ended.", True),
        ("The fund holds 235,000 acres.", "the fund holds 235, 000 acres.", True),
        ("The fund holds 235,000 acres.", "the fund holds 235, 00 acres.", False),
        ("The GOP met.", "The G.O.P. met on Tuesday.", True),  # an acronym as another outlet writes it
        ("The GDP met.", "The G.O.P. met on Tuesday.", False),
        ("Talks in the UK ended.", "Talks in the U.K. ended.", True),
        # a sentence with initials verifies against itself ("D-N.Y.", "U.S.", "D.C.", "R-S.C.")
        ("Rep. Ana Ruiz (D-N.Y.) spoke.", "Rep. Ana Ruiz (D-N.Y.) spoke.", True),
        ("While the U.S. grew, it slowed.", "While the U.S. grew, it slowed.", True),
        ("Lund, R-S.C., met in Washington D.C. today.", "Lund, R-S.C., met in Washington D.C. today.", True),
    ],
)
def test_names_and_numbers_as_sources_write_them(sentence: str, source: str, verified: bool) -> None:
    """Possessives, whole words, hyphens and thousands split by a space (tokenised text)."""
    assert verify_sentence(sentence, [Passage(5, 0, 0, source)]).verified is verified


def test_a_decimal_a_tokenised_source_split_at_its_point_stands() -> None:
    # Tokenised text writes "7. 8 per cent", and the sentence splitter cuts it there into two passages.
    cut = [Passage(6, 0, 0, "Prices dropped by around 7."), Passage(6, 1, 1, "8 per cent in the last year.")]
    assert verify_sentence("Prices dropped by around 7.8 per cent in the last year.", cut).verified
    assert not verify_sentence("Prices dropped by around 7.8 per cent.", cut[:1]).verified
    assert not verify_sentence("Prices dropped by around 7.9 per cent in the last year.", cut).verified
    # Only a figure cut at its point: two sentences' numbers side by side are not one.
    assert not verify_sentence(
        "The sum was 2011.2.", [Passage(6, 0, 0, "It ended in 2011. 2 were hurt.")]
    ).verified


@pytest.mark.parametrize(
    ("sentence", "verified"),
    [
        ("Caddenford beat Hollins Cross in extra time.", True),
        ("Hollins Cross beat Caddenford in extra time.", False),
        ("Hollins Cross lost to Caddenford in extra time.", True),
    ],
)
def test_swapped_roles(sentence: str, verified: bool) -> None:
    source = Passage(
        5,
        0,
        0,
        "Caddenford beat Hollins Cross in extra time after a red card.",
    )
    verdict = verify_sentence(sentence, [source])
    assert verdict.verified is verified, verdict.reasons


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        # a typographic apostrophe is the plain one: the denial is the same, and so is the name
        (
            "Many of the voters had lived in the state for years.",
            "Many of the voters hadn’t lived in the state.",
        ),
    ],
)
def test_curly_apostrophes_do_not_hide_a_negation(sentence: str, source: str) -> None:
    verdict = verify_sentence(sentence, [Passage(1, 0, len(source), source)])
    assert not verdict.verified and "negation" in verdict.reasons[0]


def test_curly_apostrophes_and_forms_of_a_refusal_are_the_same_words() -> None:
    source = "Critics slammed the Harbour Board’s chair for refusing to publish the report."
    for sentence in (
        "Critics said the Harbour Board's chair refused to publish the report.",
        "The Harbour Board’s chair refused to publish the report, critics said.",
    ):
        assert verify_sentence(sentence, [Passage(1, 0, len(source), source)]).verified, sentence


@pytest.mark.parametrize(
    ("sentence", "verified"),
    [
        ('"Harbour Tonight" said that the ruling may not stand.', False),
        ("Ada Brennock said the ruling may not stand.", True),
        ("Brennock said that the ruling may not stand.", True),
        ("The ruling may not stand.", True),
    ],
)
def test_words_stay_with_their_speaker(sentence: str, verified: bool) -> None:
    """The passage quotes Ada Brennock; a sentence giving her words to the show she spoke on fails."""
    source = Passage(
        6, 0, 0, 'Law professor Ada Brennock said on "Harbour Tonight" that the ruling may not stand.'
    )
    verdict = verify_sentence(sentence, [source])
    assert verdict.verified is verified, verdict.reasons
    if not verified:
        assert verdict.reasons == ("speaker differs from the sources: they quote Brennock",)


@pytest.mark.parametrize(
    ("sentence", "verified"),
    [
        ("Ada Brennock said the ruling may not stand.", True),
        ("Harbour News said the ruling may not stand.", False),
    ],
)
def test_an_aside_before_said_names_no_speaker(sentence: str, verified: bool) -> None:
    """ "Ada Brennock, in an interview with Harbour News, said ...": Brennock speaks, not the outlet the
    aside names, so a headline giving her words to her keeps its speaker."""
    text = "Ada Brennock, in an interview with Harbour News, said Wednesday the ruling may not stand."
    verdict = verify_sentence(sentence, [Passage(6, 0, len(text), text)])
    assert verdict.verified is verified, verdict.reasons


QUAY = "The port authority said cargo volumes at the eastern quay rose by 12 percent last year."


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        (
            "Cargo volumes at the eastern quay fell by 12 percent last year.",
            "says 'fell' where the sources say 'rose'",
        ),
        ("The council rejected the plan.", "says 'rejected' where the sources say 'approved'"),
        ("Two men were killed in the fire.", "says 'killed' where the sources say 'injured'"),
        ("Sales including fuel rose 3 percent.", "says 'including' where the sources say 'excluding'"),
        ("The council said a deal was likely.", "says 'likely' where the sources say 'unlikely'"),
        ("The ferry operator made a profit in May.", "says 'profit' where the sources say 'loss'"),
        ("Activists poured green and white paint.", "says 'green' where the sources say 'blue'"),
    ],
)
def test_a_sentence_that_says_the_opposite_of_its_sources_is_withheld(sentence: str, reason: str) -> None:
    sources = {
        "fell": QUAY,
        "rejected": "The council approved the plan on Monday.",
        "killed": "Two men were injured in the fire.",
        "including": "Sales excluding fuel rose 3 percent.",
        "likely": "The council said a deal was unlikely.",
        "profit": "The ferry operator made a loss in May.",
        "green": "Activists poured blue and white paint.",
    }
    source = next(text for word, text in sources.items() if word in sentence)
    verdict = verify_sentence(sentence, [Passage(1, 0, len(source), source)])
    assert not verdict.verified
    assert reason in verdict.reasons


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Cargo volumes rose by 12 percent.", QUAY),
        # Both words in the sources: "fell" is not new to them.
        ("Imports fell while exports rose.", "Exports rose and imports fell, the office said."),
        # The opposite is in the sentence itself too.
        ("Shares rose early and fell later.", "Shares rose in early trading."),
        # Another word of its kind, but the sentence tells both: nothing is changed.
        ("Activists poured yellow and blue paint.", "Activists poured blue and yellow paint."),
        ("The flag is blue and yellow.", "The blue flag with a yellow stripe was raised."),
    ],
)
def test_opposites_are_not_seen_where_there_are_none(sentence: str, source: str) -> None:
    assert opposite_problem(sentence, source) is None


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Élise Ångström said the budget would rise by 4 percent.", "Élise Ångström"),
        ("Đoković said the budget would rise by 4 percent.", "Đoković"),
        ("Ōtani said the budget would rise by 4 percent.", "Ōtani"),
        ("习近平 said the budget would rise by 4 percent.", "习近平"),
        ("Officials in Łódź said the budget would rise by 4 percent.", "Łódź"),
    ],
)
def test_invented_names_in_any_script_are_withheld(sentence: str, name: str) -> None:
    source = "The finance office said the budget would rise by 4 percent next year."
    verdict = verify_sentence(sentence, [Passage(1, 0, len(source), source)])
    assert f"name not in sources: {name}" in verdict.reasons


def test_a_name_in_any_script_stands_on_its_sources() -> None:
    source = "Élise Ångström met Novak Đoković in São Paulo, 习近平 said."
    for sentence in ("Élise Ångström met Novak Đoković.", "They met in São Paulo, 习近平 said."):
        assert verify_sentence(sentence, [Passage(1, 0, len(source), source)]).verified


@pytest.mark.parametrize(
    "sentence",
    [
        "However, Corvane will cut 3,400 jobs.",
        "Later, Hallam Ristow said Corvane will cut 3,400 jobs.",
        "Additionally, Corvane will cut 3,400 jobs at three plants.",
    ],
)
def test_a_sentence_may_open_with_a_connective_no_source_names(sentence: str) -> None:
    # A model writer ties its sentences together; "However" is capitalised only because it opens one.
    assert verify_sentence(sentence, [SOURCE]).verified, verify_sentence(sentence, [SOURCE]).reasons


def test_an_unknown_name_opening_a_sentence_is_still_withheld() -> None:
    verdict = verify_sentence("Ångström said Corvane will cut 3,400 jobs.", [SOURCE])
    assert "name not in sources: Ångström" in verdict.reasons


def test_what_the_sources_deny_in_one_place_and_state_in_another_may_be_said() -> None:
    source = Passage(
        5, 0, 0, "Dalby had pleaded not guilty to murder. On Friday Dalby pleaded guilty to manslaughter."
    )
    assert verify_sentence("Dalby pleaded guilty to manslaughter.", [source]).verified
    denied = Passage(6, 0, 0, "Dalby had pleaded not guilty to murder.")
    verdict = verify_sentence("Dalby pleaded guilty to murder.", [denied])
    assert "negation differs from the sources: they deny what it states" in verdict.reasons


def test_initials_compare_with_or_without_stops() -> None:
    source = Passage(7, 0, 0, "Activists in the UK poured paint outside the Russian embassy in London.")
    assert verify_sentence("U.K. activists poured paint outside the Russian embassy.", [source]).verified
    verdict = verify_sentence("U.S. activists poured paint outside the Russian embassy.", [source])
    assert "name not in sources: U.S." in verdict.reasons


def test_a_name_run_ending_in_a_peoples_adjective_is_two_names() -> None:
    source = Passage(8, 0, 0, "Activists poured paint outside the Russian embassy in London on Thursday.")
    assert verify_sentence("Activists poured paint outside the London Russian embassy.", [source]).verified
    verdict = verify_sentence("Activists poured paint outside the London Chinese embassy.", [source])
    assert "name not in sources: London Chinese" in verdict.reasons
    # Not word by word otherwise: both words of "Pete Koizumi" elsewhere is still no "Pete Koizumi".
    assert not verify_sentence(
        "Pete Koizumi met Hegseth.", [Passage(9, 0, 0, "Pete Hegseth met Shinjiro Koizumi.")]
    ).verified


@pytest.mark.parametrize(
    ("sentence", "verified"),
    [
        ("Authorities began exhuming more than 100 bodies from the grave.", True),
        ("Authorities began exhuming over 100 bodies from the grave.", True),
        ("Authorities began exhuming nearly 120 bodies from the grave.", True),
        ("Authorities began exhuming fewer than 150 bodies from the grave.", True),
        # A bound the sources' count breaks, or one so loose that it says another size, still does not stand.
        ("Authorities began exhuming more than 120 bodies from the grave.", False),
        ("Authorities began exhuming fewer than 100 bodies from the grave.", False),
        ("Authorities began exhuming more than 20 bodies from the grave.", False),
        ("Authorities began exhuming about 150 bodies from the grave.", False),
        ("Authorities began exhuming 100 bodies from the grave.", False),
    ],
)
def test_a_bound_or_round_figure_stands_on_the_count_it_rounds(sentence: str, verified: bool) -> None:
    source = Passage(10, 0, 0, "Authorities in Morelos have begun exhuming 116 bodies from a mass grave.")
    assert verify_sentence(sentence, [source]).verified is verified


def test_a_hyphen_in_a_name_compares_with_a_space() -> None:
    source = Passage(11, 0, 0, "I thought it would be fun to create a Sims based podcast.")
    assert verify_sentence("He created a Sims-based podcast.", [source]).verified
    verdict = verify_sentence("He created a Sims-centric podcast.", [source])
    assert "name not in sources: Sims-centric" in verdict.reasons


def test_a_denial_stands_on_the_same_denial_with_a_word_between() -> None:
    source = Passage(
        12, 0, 0, "The Senate rejected a plan of the Republican leaders to repeal the health law."
    )
    assert verify_sentence(
        "The Senate rejected a Republican plan to repeal the health law.", [source]
    ).verified
    verdict = verify_sentence("The Senate rejected the health law.", [source])
    assert "negation differs from the sources: they do not deny this" in verdict.reasons


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        # A country stands on its people's adjective in the sources, and the adjective on the country.
        ("Romania's prime minister lost a vote.", "The Romanian prime minister lost a vote."),
        (
            "On the eve of Russia's invasion, activists poured paint.",
            "Activists poured paint at the Russian embassy on the eve of the invasion.",
        ),
        ("Ukrainian officials welcomed the protest.", "Officials of Ukraine welcomed the protest."),
        ("China's exports fell in May.", "Chinese exports fell in May."),
        ("Italy's government resigned.", "The Italian government resigned."),
    ],
)
def test_a_country_stands_on_its_peoples_adjective(sentence: str, source: str) -> None:
    assert verify_sentence(sentence, [Passage(9, 0, 0, source)]).verified


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Romania's prime minister lost a vote.", "The Bulgarian prime minister lost a vote."),
        ("Brian Smith lost a vote.", "Bria Smith lost a vote."),
        ("Russia's leaders met.", "Prussian leaders met."),
    ],
)
def test_a_peoples_adjective_stands_only_for_its_own_country(sentence: str, source: str) -> None:
    assert not verify_sentence(sentence, [Passage(9, 0, 0, source)]).verified


def test_a_country_in_the_possessive_stands_on_the_sources_possessive_adjective() -> None:
    source = Passage(9, 0, 0, "The German government's plan and Ukraine's army were discussed.")
    assert verify_sentence("Germany's plan and the Ukrainian army were discussed.", [source]).verified


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        (
            "U.K. activists poured paint outside the embassy.",
            "Activists in London poured paint outside the embassy.",
        ),
        ("British police arrested four people.", "Police in London arrested four people."),
        ("A French court fined the company.", "A court in Paris fined the company."),
        ("Ukrainian officials met in the capital.", "Officials met in Kyiv."),
    ],
)
def test_a_country_stands_on_a_city_of_it_in_the_sources(sentence: str, source: str) -> None:
    assert verify_sentence(sentence, [Passage(13, 0, 0, source)]).verified


def test_a_city_of_one_country_does_not_place_another() -> None:
    verdict = verify_sentence(
        "French activists poured paint outside the embassy.",
        [Passage(13, 0, 0, "Activists in London poured paint outside the embassy.")],
    )
    assert "name not in sources: French" in verdict.reasons


def test_a_sentence_may_not_state_what_the_sources_deny_of_the_same_thing() -> None:
    # The sources deny "guilty to murder" and state "guilty to manslaughter": "guilty" alone is said,
    # "guilty to murder" only denied.
    source = Passage(14, 0, 0, "White on Thursday pleaded not guilty to murder and guilty to manslaughter.")
    verdict = verify_sentence("White has pleaded guilty to murder in the death of Scott Johnson.", [source])
    assert "negation differs from the sources: they deny what it states" in verdict.reasons
    assert verify_sentence("White has pleaded guilty to manslaughter.", [source]).verified
    assert verify_sentence("White pleaded not guilty to murder.", [source]).verified
    # Stated elsewhere as well as denied: it may be said.
    both = Passage(15, 0, 0, "Smith did not win the vote in May. In June, Smith won the vote.")
    assert verify_sentence("In June, Smith won the vote.", [both]).verified


def test_the_day_of_a_denial_is_no_part_of_what_it_denies() -> None:
    source = Passage(
        12, 0, 0, "The planning officer denied on Thursday that she had ever misled the flood inquiry."
    )
    stated = "The planning officer denied that she had misled the flood inquiry."
    assert verify_sentence(stated, [source]).verified
    admitted = Passage(
        12, 0, 0, "The planning officer said on Thursday that she had misled the flood inquiry."
    )
    verdict = verify_sentence(
        "The planning officer denied that she had misled the flood inquiry.", [admitted]
    )
    assert "negation differs from the sources: they do not deny this" in verdict.reasons
