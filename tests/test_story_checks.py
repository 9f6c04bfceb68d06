"""`copydesk eval stories`: the checks an editor makes on an article, on invented reports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from copydesk.evaluation import article_checks as checks
from copydesk.evaluation import time_checks
from copydesk.evaluation.article_checks import Article, LoadedSpan, Report, Shown

HARBOUR = [
    "Harbour master Elin Varga closed the Tollan ferry berth on Tuesday after divers found a crack.",
    "She said the berth would stay shut for three weeks.",
    "Ms. Varga told reporters that the repairs would cost $2.4 million.",
    "The move angered island shopkeepers, who rely on daily deliveries.",
]


def report(passages: list[str], outlet: str = "Fox News", loaded: list[LoadedSpan] | None = None) -> Report:
    return Report("Tollan berth shut", outlet, date(2026, 3, 5), passages, loaded or [])


def test_a_pronoun_whose_person_the_article_has_not_named_leans_on_nothing() -> None:
    reports = [report(HARBOUR)]
    cut = Article("Berth shut", [Shown(HARBOUR[1], 0, 1)])
    kept = Article("Berth shut", [Shown(HARBOUR[0], 0, 0), Shown(HARBOUR[1], 0, 1)])
    assert checks.dangling(cut, reports) == [0]
    assert checks.dangling(kept, reports) == []


def test_a_surname_alone_before_the_full_name_is_counted() -> None:
    reports = [report(HARBOUR)]
    early = Article("Berth shut", [Shown(HARBOUR[2], 0, 2), Shown(HARBOUR[0], 0, 0)])
    late = Article("Berth shut", [Shown(HARBOUR[0], 0, 0), Shown(HARBOUR[2], 0, 2)])
    assert checks.leaning(early, reports) == [(0, "surname never introduced: Varga")]
    assert checks.dangling(late, reports) == []


def test_the_move_needs_the_sentence_before_it_in_its_report() -> None:
    reports = [report(HARBOUR)]
    alone = Article("Berth shut", [Shown(HARBOUR[0], 0, 0), Shown(HARBOUR[3], 0, 3)])
    assert checks.dangling(alone, reports) == [1]
    with_it = Article("Berth shut", [Shown(HARBOUR[2], 0, 2), Shown(HARBOUR[3], 0, 3)])
    assert 1 not in checks.dangling(with_it, reports)


def test_a_thing_the_article_has_told_of_or_a_person_the_sentence_names_leans_on_nothing() -> None:
    """The definition is the antecedent in the article before, not only the report's sentence before:
    "The letter says" after the article told of a letter; "A spokesman ... said he"; "Malia ... her"."""
    sent = "Parents sent a letter to the council on Monday about the Tollan berth."
    says = "The letter says the berth must reopen before the summer."
    reports = [report([sent, HARBOUR[1], says]), report([HARBOUR[0]], "HuffPost")]
    told = Article("Berth shut", [Shown(sent, 0, 0), Shown(HARBOUR[0], 1, 0), Shown(says, 0, 2)])
    untold = Article("Berth shut", [Shown(HARBOUR[0], 1, 0), Shown(says, 0, 2)])
    assert checks.dangling(told, reports) == []
    assert checks.dangling(untold, reports) == [1]
    role = "A spokesman for the harbour board said he could not comment on the repairs."
    named = "Tove, the harbour master's daughter, said her mother had warned of the crack."
    elsewhere = "Elin Varga and her daughter Tove Varga live on the island."
    reports = [report([HARBOUR[0], elsewhere, role, named])]
    assert checks.dangling(Article("Berth shut", [Shown(role, 0, 2)]), reports) == []
    assert checks.dangling(Article("Berth shut", [Shown(named, 0, 3)]), reports) == []
    bare = "The board said he could not comment on the repairs."
    assert checks.dangling(Article("Berth shut", [Shown(bare, 0, 1)]), [report([HARBOUR[0], bare])]) == [0]


def test_a_body_named_the_treasury_is_no_surname() -> None:
    text = "The Treasury said the fund would pay. Treasury said so again on Friday."
    assert "Treasury" not in checks.surnames([report([text])])


def test_loaded_wording_counts_unless_its_outlet_is_named() -> None:
    text = "Varga slammed the council over the crack, which she blamed on years of neglect."
    span = LoadedSpan("slammed", "Varga slammed the council")
    reports = [report([text], loaded=[span])]
    plain = Article("Berth shut", [Shown(text, 0, 0)])
    credited = Article("Berth shut", [Shown("Fox News reported that " + text, 0, 0)])
    assert checks.loaded_unattributed(plain, reports) == (1, 1)
    assert checks.loaded_unattributed(credited, reports) == (1, 0)


def test_a_loaded_span_that_is_all_quotation_is_someone_elses_word() -> None:
    """The issue counts loaded spans outside quotes: '“scheme”' in a lawsuit's words is not the reporter's."""
    text = "The board accused the contractor of a “scheme” to delay the repairs."
    quoted, plain = LoadedSpan("“scheme”", text), LoadedSpan("accused", text)
    shown = Article("Berth shut", [Shown(text, 0, 0)])
    assert checks.loaded_unattributed(shown, [report([text], loaded=[quoted])]) == (0, 0)
    assert checks.loaded_unattributed(shown, [report([text], loaded=[plain])]) == (1, 1)


def test_copied_headline_dek_and_dateline() -> None:
    reports = [report(["TOLLAN, Norway — " + HARBOUR[0], HARBOUR[1]])]
    reports[0].title = "Tollan berth shut!"
    copied = Article("Tollan Berth Shut", [Shown("TOLLAN, Norway — " + HARBOUR[0], 0, 0)])
    own = Article("Harbour master closes Tollan berth", [Shown(HARBOUR[2], 0, 2)])
    assert checks.headline_copied(copied, reports) and not checks.headline_copied(own, reports)
    assert checks.dek_copied(copied, reports) and not checks.dek_copied(own, reports)
    assert checks.datelines(copied) == 1 and checks.datelines(own) == 0
    # a copy in the page's style is still a copy
    reports[0].title = "Mr. Lund's T.U.C. shuts berth"
    assert checks.headline_copied(Article("Lund's TUC shuts berth", []), reports)


def test_facts_every_report_gives() -> None:
    reports = [
        report(["Elin Varga closed the Tollan berth; repairs cost $2.4 million."]),
        report(["The Tollan berth was closed by Elin Varga at a cost of $2.4 million."], "HuffPost"),
    ]
    article = Article("Tollan berth closed", [Shown(reports[0].passages[0], 0, 0)])
    shared, found = checks.shared_facts_found(article, reports)
    assert shared >= 3 and found == shared
    bare = Article("Berth closed", [Shown("A berth closed.", 0, 0)])
    assert checks.shared_facts_found(bare, reports)[1] == 0


def test_a_future_weekday_anchored_to_the_week_before_is_wrong() -> None:
    # Thursday 5 March 2026: "will testify on Wednesday" is 11 March, not 4 March.
    text = "Varga is scheduled to testify before the council on Wednesday about the crack."
    reports = [report([text])]
    article = Article("Berth", [Shown(text, 0, 0)])
    anchored, wrong = time_checks.wrong_dates(article, reports)
    assert anchored == 1
    from copydesk.core.dates import anchors

    expected_wrong = anchors(text, date(2026, 3, 5))[0].day < date(2026, 3, 5)
    assert wrong == int(expected_wrong)
    past = "Varga testified before the council on Wednesday about the crack."
    assert time_checks.wrong_dates(Article("B", [Shown(past, 0, 0)]), [report([past])]) == (1, 0)


def test_a_weekday_anchored_to_two_days_on_one_page_is_counted() -> None:
    said = "Varga said on Friday that the berth would close."
    shut = "The berth closed on Friday afternoon."
    early = Report("Tollan berth shut", "Fox News", date(2026, 3, 5), [said], [])  # a Thursday
    late = Report("Tollan berth shut", "HuffPost", date(2026, 3, 6), [shut], [])
    both = Article("B", [Shown(said, 0, 0), Shown(shut, 1, 0)])
    # the Thursday report's "on Friday" may mean either Friday of the story: left unanchored
    assert time_checks.days_in_conflict(both, [early, late]) == 0
    alone = Report("Tollan berth shut", "HuffPost", date(2026, 3, 13), [shut], [])
    assert time_checks.days_in_conflict(both, [early, alone]) == 0
    week = Report("Tollan berth shut", "HuffPost", date(2026, 3, 5), [shut], [])
    assert time_checks.days_in_conflict(both, [early, week]) == 0
    ahead = "The berth will close on Friday."
    two = Article("B", [Shown(said, 0, 0), Shown(ahead, 1, 0)])  # last Friday and tomorrow
    assert time_checks.days_in_conflict(two, [early, Report("T", "H", date(2026, 3, 5), [ahead], [])]) == 1


def test_stories_eval_writes_each_gold_story(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    from copydesk.evaluation import stories

    texts = {
        "Fox News": "Harbour master Elin Varga closed the Tollan ferry berth on Tuesday after divers found a "
        "crack in its wall.\n\nVarga said the berth would stay shut for three weeks while engineers work.\n\n"
        "Island shopkeepers complained bitterly that deliveries of food and fuel would be late again.",
        "HuffPost": "The Tollan ferry berth was closed on Tuesday by harbour master Elin Varga after a crack "
        "was found in its wall.\n\nRepairs to the Tollan berth will cost $2.4 million, the harbour board said "
        "in a statement.\n\nA landing craft will carry cars to the island until the berth reopens in April.",
    }
    rows = [
        {"title": f"Tollan berth shut ({outlet})", "text": text, "published": "2026-03-05", "outlet": outlet,
         "url": f"https://example.org/{n}", "story": "s1", "uuid": f"u{n}", "main_event": "berth shut"}
        for n, (outlet, text) in enumerate(texts.items())
    ]  # fmt: skip
    (tmp_path / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    figures = stories.run(tmp_path, embedder=embedder)
    assert figures["stories"] == 1 and figures["written"] == 1
    assert figures["sentences"] >= 2 and figures["datelines"] == 0
    assert {"loaded_unattributed", "dangling", "headline_copied", "shared_facts_share", "dates_wrong"} <= set(
        figures
    )
    assert "sentences per article" in stories.format_report(figures)


def test_a_future_in_what_someone_said_is_no_preview() -> None:
    def dek(text: str) -> Article:
        return Article("Berth", [Shown(text, 0, 0)])

    assert time_checks.future_dek(dek("The harbour board will vote on the Tollan berth in June."))
    assert time_checks.future_dek(dek("Elin Varga will say on Monday that the berth will close, aides said."))
    # what was said, admitted or ruled will happen: the news is that it was said
    assert not time_checks.future_dek(
        dek("Elin Varga admitted there is a chance that the board will close the berth.")
    )
    assert not time_checks.future_dek(
        dek("Every berth will be opened on Sundays from June, the harbour board said.")
    )
