"""Where a report says its event happened (core.places), and the quiet-window check that uses it."""

from datetime import UTC, datetime

import numpy as np

from copydesk.core.clustering import ArticleProfile, ClusteringOptions, StoryIndex, coherent, found, join
from copydesk.core.places import apart, lead_places

DAY = datetime(2026, 3, 2, tzinfo=UTC)


def test_places_are_read_after_in_at_near_off_in_the_opening() -> None:
    assert lead_places("About 1,900 dock workers at Port Brannock walked out on Monday.") == {"brannock"}
    assert lead_places("Dock workers at the port of Ostry will vote on strike action.") == {"ostry"}
    assert lead_places("Hail flattened crops across the Tarrow Valley on Tuesday.") == {"tarrow"}
    assert lead_places("Fans in São Paulo and near Đakovo cheered.") == {"são", "paulo", "đakovo"}
    # Days and months are no places; a place deep in a long report is not where its event happened.
    assert lead_places("The strike began in March and ended on Friday in earnest.") == frozenset()
    assert lead_places("The council voted. " + "x " * 200 + "A rally in Elmsford followed.") == frozenset()


def test_two_reports_disagree_on_the_place_only_when_neither_names_the_other() -> None:
    brannock = (
        frozenset({"brannock"}),
        frozenset({"Port Brannock", "Talia Venn", "Kestland Dockers' Union"}),
    )
    ostry = (frozenset({"ostry"}), frozenset({"Ostry", "Haven Workers' Federation", "Mirko Dahl"}))
    assert apart(*ostry, [brannock])
    # A report that names no place, or names the other's place anywhere, never disagrees.
    assert not apart(frozenset(), ostry[1], [brannock])
    assert not apart(ostry[0], ostry[1] | {"Brannock"}, [brannock])
    assert not apart(*ostry, [brannock, (frozenset(), frozenset({"Ostry"}))])
    # A generic word shared ("Port") does not make one place.
    assert apart(frozenset({"ostry"}), frozenset({"Port Ostry"}), [brannock])


def _report(v: list[float], place: str, name: str) -> ArticleProfile:
    vector = np.array(v, dtype=np.float32)
    return ArticleProfile(
        vector / np.linalg.norm(vector),
        frozenset({name, place}),
        DAY,
        {},
        lead_places(f"Workers at {place} struck."),
    )


def test_in_a_quiet_window_reports_of_two_places_need_the_pairwise_fit() -> None:
    options = ClusteringOptions()
    strike = join(
        found(1, _report([1, 0.1], "Port Brannock", "Talia Venn")), _report([1, 0.12], "Brannock", "Venn")
    )
    index = StoryIndex([strike])
    assert len(index) < options.pair_crowd  # a quiet window: the plain pairwise check is off
    near_elsewhere = _report([1, 1.2], "Ostry", "Mirko Dahl")  # close in meaning, below the pair floor
    near_here = _report([1, 1.2], "Brannock", "Oskar Lindqvist")
    assert not coherent(near_elsewhere, strike, index, options)
    assert coherent(near_here, strike, index, options)
    assert coherent(_report([1, 0.11], "Ostry", "Mirko Dahl"), strike, index, options)  # fits every report


def test_two_reports_that_each_give_numbers_and_share_none_fit_less() -> None:
    """A jobs report of one month and of the next: alike in words and meaning, told by different figures.
    Two tellings of one report share a figure; a report giving none is not judged by this."""
    from copydesk.core.article_terms import lead_numbers
    from copydesk.core.clustering import pair_fit

    march = lead_numbers(
        "Kestland added 48,000 jobs", "Employers added 48,000 jobs in March; jobless rate 4.1%."
    )
    april = lead_numbers(
        "Kestland added 31,000 jobs", "Employers added 31,000 jobs in April; jobless rate 4.3%."
    )
    retold = lead_numbers("Hiring slows", "The 48,000 jobs added last month fell short of forecasts.")
    assert march == {48000.0, 4.1} and 2026.0 not in lead_numbers("In 2026", "On 12 May, 3 people came.")

    def profile(numbers: frozenset[float]) -> ArticleProfile:
        return ArticleProfile(
            np.array([1.0, 0.0], dtype=np.float32), frozenset(), DAY, {}, frozenset(), numbers
        )

    options = ClusteringOptions()
    same = pair_fit(profile(march), profile(retold), options)
    assert pair_fit(profile(march), profile(april), options) == same - options.numbers_apart
    assert pair_fit(profile(march), profile(frozenset()), options) == same
