"""`copydesk eval` and the quality gate, on the tiny invented sets in tests/data/eval (never ../shared)."""

from __future__ import annotations

import argparse
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from copydesk import config
from copydesk.errors import CopydeskError
from copydesk.evaluation import extraction, feeds, gate, run
from copydesk.evaluation.cli import add_eval_command
from copydesk.evaluation.expect import Moment, Text, expectation
from tests.conftest import DATA

EVAL = DATA / "eval"
CASES = EVAL / "feeds" / "cases"


def use_eval_dir(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """COPYDESK_EVAL_DIR=path for this test: the configuration read again with it (and restored after)."""
    monkeypatch.setenv("COPYDESK_EVAL_DIR", str(path))
    monkeypatch.setattr(config, "_loaded", {"current": config.load(os.environ)})


@pytest.fixture(autouse=True)
def eval_dir(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test reads the fixtures, whatever the environment says."""
    use_eval_dir(monkeypatch, EVAL)
    return EVAL


def eval_command(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="copydesk")
    add_eval_command(parser.add_subparsers(dest="command", required=True), [])
    args = parser.parse_args(["eval", *argv])
    return int(args.func(args))


# Extraction: the benchmark's definition (4-token shingles, means over pages, F1 of the means).


def test_shingle_counts_on_a_hand_computed_page() -> None:
    # true shingles: (a b c d), (b c d e); predicted: (a b c d), (b c d x): one of each kind, normalised.
    tp, fp, fn = extraction.shingle_matching("a b c d e", "a b c d x")
    assert (tp, fp, fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert extraction.precision_score(tp, fp, fn) == pytest.approx(0.5)
    assert extraction.recall_score(tp, fp, fn) == pytest.approx(0.5)


def test_short_and_empty_texts() -> None:
    assert extraction.shingles("Ferry back!") == {("Ferry", "back"): 1}
    assert extraction.shingles("") == {}
    assert extraction.shingle_matching("", "") == (0.0, 0.0, 0.0)
    assert extraction.precision_score(0.0, 0.0, 0.0) == 1.0


def test_empty_output_counts_for_recall_not_precision() -> None:
    pages = [
        extraction.shingle_matching("a b c d e", "a b c d x"),
        extraction.shingle_matching("a b c d", ""),
    ]
    figures = extraction.metrics(pages)
    assert figures["precision"] == pytest.approx(0.5)  # the empty page has TP+FP = 0: left out
    assert figures["recall"] == pytest.approx(0.25)  # (0.5 + 0) / 2
    assert figures["f1"] == pytest.approx(2 * 0.5 * 0.25 / 0.75)


def test_extraction_run_scores_extract_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from copydesk.ingest import pages

    def fake(raw: bytes, url: str | None = None) -> pages.Page:
        if b"Sections" in raw:
            raise pages.IngestError(url or "page", "no article text found on the page")
        return pages.Page(text="The harbour ferry sailed again on Monday morning after three weeks")

    monkeypatch.setattr(pages, "extract_page", fake)
    figures = run("extraction")
    assert figures["pages"] == 3 and figures["empty"] == 1 and figures["crashes"] == 0
    assert figures["recall"] < 0.2 and 0 < figures["precision"] < 1


def test_extraction_on_real_trafilatura() -> None:
    figures = run("extraction", EVAL / "extraction" / "ground-truth.json")
    assert figures["pages"] == 3 and figures["empty"] == 1
    assert figures["precision"] > 0.8
    assert figures["recall"] == pytest.approx(2 / 3, abs=0.05)
    assert figures["pages_per_second"] > 0


# Feeds: Expect lines judged on stored fields only.


def test_expect_on_a_field_copydesk_does_not_store_is_not_counted() -> None:
    line = expectation("not bozo and feed['subtitle'] == 'News from the valley'")
    assert line.scope == "other" and line.code is None
    assert (
        expectation("bozo and isinstance(bozo_exception, feedparser.CharacterEncodingOverride)").code is None
    )
    mixed = expectation("entries[0]['title_detail']['type'] == 'text/plain' or entries[0]['title'] == 'x'")
    assert mixed.scope == "mixed" and mixed.code is None


def test_expect_keeps_the_stored_conjuncts() -> None:
    line = expectation(
        "not bozo and entries[0]['description'] == 'x' and entries[0]['tags'][0]['term'] == 't'"
    )
    assert line.scope == "stored" and line.fields == ("entries.summary",)  # bozo and tags are dropped
    line = expectation("not bozo and entries[1]['guid'] == 'x' and feed.link == 'y'")
    assert line.scope == "stored" and line.fields == ("entries.id", "feed.link") and line.entries == (1,)


def test_expect_never_runs_arbitrary_code() -> None:
    assert expectation("__import__('os').system('true')").code is None
    assert expectation("entries[0]['title'].__class__").code is None
    assert expectation("not a python expression ((").scope == "invalid"


def test_stored_text_compares_as_plain_text() -> None:
    assert Text("Q&A session", html=True) == "Q&amp;A <b>session</b>"
    assert Text("History of the tag", html=False) != "History of the <blink> tag"
    moment = Moment(datetime(2004, 1, 1, 19, 48, 21, tzinfo=UTC))
    assert moment == "Thu, 01 Jan 2004 19:48:21 GMT" and moment != "2004-01-02T00:00:00Z"


def test_feed_figures_on_the_fixture_cases() -> None:
    figures = run("feeds")
    assert figures["cases"] == 6 and figures["crashes"] == 0
    assert figures["ingest_errors"] == 1  # not_a_feed.xml: a handled IngestError, not a crash
    assert figures["expect_counted"] == 3  # title, description, feed title
    assert figures["expect_held_lines"] == 2 and figures["expect_held"] == pytest.approx(2 / 3, abs=1e-4)
    assert figures["expect_out_of_scope"] == 2  # subtitle, bozo
    assert figures["expect_entry_not_stored"] == 1  # an entry with an author only
    assert figures["realworld"] == 1 and figures["realworld_feeds"] == 1.0
    assert figures["realworld_fields_held"] == 1.0


def test_an_exception_escaping_the_ingest_path_is_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(entry: object, feed: object, outlet: str | None = None) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(feeds, "article_from_entry", broken)
    assert feeds.run_case(CASES / "entry_title.xml").crash == "RuntimeError: boom"
    assert feeds.run_case(CASES / "not_a_feed.xml").crash is None
    figures = run("feeds", CASES)
    assert figures["crashes"] == 3  # every case that parses into a feed with entries
    assert figures["ingest_errors"] == 1
    assert all("RuntimeError: boom" in line for line in figures["crashed"])


def test_real_feed_checks_report_what_differs(tmp_path: Path) -> None:
    expected = json.loads((EVAL / "feeds" / "realworld" / "harbour.json").read_text())
    expected["entries"][1]["title"] = "Council and port agree on new timetable"
    expected["entries"][0]["published"] = "2025-03-03T09:15:00+00:00"
    (tmp_path / "harbour.xml").write_bytes((EVAL / "feeds" / "realworld" / "harbour.xml").read_bytes())
    (tmp_path / "harbour.json").write_text(json.dumps(expected))
    figures = run("feeds", tmp_path / "harbour.xml")
    row = figures["realworld_detail"][0]
    assert (row["count"], row["titles"], row["links"], row["published"], row["texts"]) == (
        True,
        False,
        True,
        False,
        True,
    )
    assert figures["realworld_feeds"] == 0.0 and figures["realworld_fields_held"] == pytest.approx(0.6)


def test_text_match_allows_a_fuller_stored_text_only() -> None:
    assert feeds.text_matches("Crossings every forty minutes...", "Crossings every forty minutes from April.")
    assert not feeds.text_matches("Crossings every forty minutes from April.", "Crossings every forty")
    assert not feeds.text_matches("you’ll see", "you&#8217;ll see")


# The command and the gate.


def test_json_output_has_the_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert eval_command("feeds", "--json") == 0
    assert {"cases", "crashes", "expect_held", "realworld_feeds", "realworld_fields_held"} <= set(
        json.loads(capsys.readouterr().out)
    )
    assert eval_command("extraction", "--input", str(EVAL / "extraction"), "--json") == 0
    assert {"pages", "precision", "recall", "f1"} <= set(json.loads(capsys.readouterr().out))


def test_readable_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert eval_command("feeds", "--input", str(CASES)) == 0
    out = capsys.readouterr().out
    assert "6 feedparser cases" in out and "crashes: 0" in out and "held on stored fields: 0.6667" in out


def test_missing_data_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    use_eval_dir(monkeypatch, tmp_path / "absent")
    with pytest.raises(CopydeskError, match=r"absent.*COPYDESK_EVAL_DIR.*--input"):
        run("feeds")
    with pytest.raises(CopydeskError, match="nowhere"):
        run("extraction", tmp_path / "nowhere")


def write_floors(path: Path, floor: float) -> Path:
    path.write_text(
        json.dumps({"_comment": "test", "feeds": {"min": {"expect_held": floor}, "max": {"crashes": 0}}})
    )
    return path


def test_gate_fails_naming_the_figure_below_its_floor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert gate.main(["--floors", str(write_floors(tmp_path / "floors.json", 0.9))]) == 1
    err = capsys.readouterr().err
    assert "feeds.expect_held = 0.6667 is below its floor 0.9" in err


def test_gate_passes_when_figures_hold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert gate.main(["--floors", str(write_floors(tmp_path / "floors.json", 0.6))]) == 0
    assert "every figure holds its floor" in capsys.readouterr().out


def test_gate_skips_without_data(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use_eval_dir(monkeypatch, tmp_path / "absent")
    assert gate.main(["--floors", str(tmp_path / "unread.json")]) == 0
    assert "skipped" in capsys.readouterr().out


def test_gate_runs_a_set_with_the_options_its_name_carries(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    monkeypatch.setattr(gate, "run", lambda name, **options: calls.append((name, options)) or {})
    gate.run_named("clustering@batch=25")
    gate.run_named("feeds")
    assert calls == [("clustering", {"batch": 25}), ("feeds", {})]


def test_gate_ceiling_and_missing_figure() -> None:
    limits = {"min": {"f1": 0.9, "nonesuch": 1}, "max": {"crashes": 0}}
    found = gate.breaches("extraction", {"f1": 0.95, "crashes": 2}, limits)
    assert found == [
        "extraction.nonesuch is missing from the figures (limit 1)",
        "extraction.crashes = 2 is above its ceiling 0",
    ]


def test_repository_floors_name_real_figures() -> None:
    floors = gate.load_floors(Path(__file__).resolve().parent.parent / "eval-floors.json")
    from copydesk.evaluation import SETS

    assert {name.partition("@")[0] for name in floors} <= set(SETS)
    assert {"feeds", "extraction", "writer", "factuality"} <= set(floors)
    # the grouping is held as the newsroom runs it: one article at a time, and 25 at a time (issue 14)
    assert {"clustering@batch=1", "clustering@batch=25"} <= set(floors)
    assert floors["feeds"]["max"]["crashes"] == 0 and floors["extraction"]["min"]["f1"] >= 0.9


# --- writer and factuality --------------------------------------------------------------------


def test_neus_reader_pairs_stories_with_summaries(tmp_path: Path) -> None:
    from copydesk.evaluation.neus import read_stories

    source = tmp_path / "val.source"
    source.write_text(
        "TITLE=> Ferry stops. ARTICLE=> The Tollan ferry stopped. [SEP] TITLE=> Island cut off. ARTICLE=> No ferry ran.\n"
        "TITLE=> Pier reopens. ARTICLE=> The pier cafe reopened on Saturday.\n"
    )
    (tmp_path / "val.target").write_text("The ferry stopped running.\nThe cafe reopened.\n")
    stories = read_stories(tmp_path)
    assert [len(s.reports) for s in stories] == [2, 1]
    assert stories[0].reports[1].title == "Island cut off." and stories[1].summary == "The cafe reopened."


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(True, True), (False, False)], 1.0),
        ([(True, True), (True, True), (False, True)], 0.5),
        ([(True, False), (False, True)], 0.0),
        ([(True, True), (True, False), (False, False), (False, False)], 0.75),
    ],
)
def test_balanced_accuracy(pairs: list[tuple[bool, bool]], expected: float) -> None:
    from copydesk.evaluation.factuality import balanced_accuracy

    assert balanced_accuracy(pairs) == expected


def test_factuality_judges_claims_against_their_closest_passages(embedder) -> None:  # type: ignore[no-untyped-def]
    from copydesk.evaluation.factuality import Case, Documents, judge

    document = (
        "The harbour board approved a budget of 420,000 pounds on Tuesday. "
        "The work on the ticket office will begin in April. Councillors voted nine to one."
    )
    documents = Documents(embedder)
    supported = Case("t", document, ("The work on the ticket office will begin in April.",), True)
    wrong_number = Case("t", document, ("The harbour board approved a budget of 450,000 pounds.",), False)
    negated = Case("t", document, ("The work on the ticket office will not begin in April.",), False)
    assert (
        judge(supported, documents) and not judge(wrong_number, documents) and not judge(negated, documents)
    )


def test_factuality_cites_the_passages_a_sentence_was_told_from() -> None:
    """A summary sentence told from two sentences of its document cites both, as a writer cites the
    passages it wrote from: the three closest in meaning can all be about the protest and leave out the
    one that says when it was (issue 15: SummEdits' correct summaries were withheld for this)."""
    import numpy as np

    from copydesk.core.types import Passage
    from copydesk.evaluation.factuality import cite

    texts = [
        "Activists poured yellow and blue paint in front of the embassy on Thursday.",
        "Other protesters spread the paint with brooms until it looked like a flag.",
        "The protest comes on the eve of the anniversary of the invasion.",
        "Photos showed activists with wheelbarrows of paint in front of the embassy.",
        "Cars drove through the paint in front of the embassy.",
    ]
    passages = [Passage(0, i, i + 1, t) for i, t in enumerate(texts)]
    # In meaning the sentence is closest to the paint sentences, the anniversary one last.
    doc_vectors = np.array([[0.95], [0.9], [0.5], [0.85], [0.8]])
    sentence = (
        "On the eve of the anniversary of the invasion, activists poured paint in front of the embassy."
    )
    closest, similarity = cite(sentence, np.array([1.0]), passages, doc_vectors, "closest")
    assert [p.text for p in closest] == [texts[0], texts[1], texts[3]] and similarity == 0.95
    cited, similarity = cite(sentence, np.array([1.0]), passages, doc_vectors, "cover")
    assert [p.text for p in cited] == [texts[0], texts[1], texts[2]] and similarity == 0.95
    # A sentence whose words one passage holds cites as before: the closest three.
    plain, _ = cite(texts[4], np.array([1.0]), passages, np.array([[0.7], [0.6], [0.5], [0.4], [0.9]]))
    assert [p.text for p in plain] == [texts[0], texts[1], texts[4]]


def test_eval_factuality_takes_a_citation_choice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        {
            "doc": "The harbour board approved a budget of 420,000 pounds on Tuesday. Councillors voted nine "
            "to one. The work on the ticket office will begin in April.",
            "summary": summary,
            "label": label,
        }
        for summary, label in [
            ("The harbour board approved a budget of 420,000 pounds on Tuesday.", 1),
            ("The harbour board approved a budget of 450,000 pounds on Tuesday.", 0),
        ]
    ]
    path = tmp_path / "summedits_news.json"
    path.write_text(json.dumps(rows))
    for choice in ("closest", "cover"):
        assert eval_command("factuality", "--input", str(path), "--cite", choice, "--json") == 0
        figures = json.loads(capsys.readouterr().out)
        assert figures["cite"] == choice and figures["n"] == 2
    with pytest.raises(CopydeskError, match="--cite is for"):
        eval_command("clustering", "--cite", "closest")


def test_writer_evaluation_scores_against_baselines(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    from copydesk.evaluation import writer

    reports = [
        "Ferry operator Bluewake Lines suspended the Tollan Island car ferry on Tuesday after finding a crack in its hull. "
        "The ship will spend three weeks in the Garrow dry dock. A passenger boat will run four crossings a day.",
        "Islanders on Tollan fear shortages after the car ferry was withdrawn for hull repairs. "
        "Shops rely on the ferry for food and fuel deliveries. The council asked for a landing craft.",
    ]
    (tmp_path / "val.source").write_text(
        " [SEP] ".join(f"TITLE=> Ferry {i}. ARTICLE=> {r}" for i, r in enumerate(reports)) + "\n"
    )
    (tmp_path / "val.target").write_text(
        "The Tollan Island car ferry was suspended after a crack was found in its hull.\n"
    )
    figures = writer.run(tmp_path / "val.source", embedder=embedder)
    assert figures["stories"] == 1 and figures["verified_share"] == 1.0
    assert set(figures) >= {"rouge1", "rouge2", "rougeL", "lead_rouge1", "lexrank_rougeL", "verified_share"}
    assert 0 < figures["rouge1"] <= 1 and 0 < figures["lexrank_rouge1"] <= 1


def test_gate_requires_beating_the_baselines() -> None:
    limits = {"above": {"rouge1": ["lead_rouge1"]}}
    assert gate.breaches("writer", {"rouge1": 0.40, "lead_rouge1": 0.35}, limits) == []
    [message] = gate.breaches("writer", {"rouge1": 0.30, "lead_rouge1": 0.35}, limits)
    assert "does not beat lead_rouge1" in message


# --- clustering ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        (["a", "a", "b"], [1, 1, 2], (1.0, 1.0, 1.0)),
        (["a", "a", "b"], [1, 1, 1], (5 / 9, 1.0, 2 * (5 / 9) / (1 + 5 / 9))),
        (["a", "a", "b"], [1, 2, 3], (1.0, 2 / 3, 0.8)),
    ],
)
def test_bcubed(gold: list[str], predicted: list[int], expected: tuple[float, float, float]) -> None:
    from copydesk.evaluation.clustering import bcubed

    assert bcubed(gold, predicted) == pytest.approx(expected)


def test_clustering_on_a_labelled_jsonl_stream(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    from copydesk.evaluation import clustering

    rows = [
        (
            "ferry",
            "Tollan ferry suspended after hull crack",
            "Bluewake Lines took the MV Corrow out of service after inspectors found a crack in its hull.",
        ),
        (
            "ferry",
            "Crack in hull halts Tollan car ferry",
            "The MV Corrow, the only car ferry to Tollan Island, was withdrawn after a hull crack was found by Bluewake Lines.",
        ),
        (
            "seals",
            "Record seal pup count on Skerry sands",
            "Wardens counted 312 grey seal pups on the Skerry sands, the most since counts began.",
        ),
        (
            "seals",
            "Skerry sands seal colony has record year",
            "A record 312 grey seal pups were born on Skerry sands this winter, wardens said.",
        ),
    ]
    path = tmp_path / "stream.jsonl"
    path.write_text("\n".join(json.dumps({"story": s, "title": t, "text": x}) for s, t, x in rows) + "\n")
    figures = clustering.run(path, embedder=embedder)
    assert figures["articles"] == 4 and figures["gold_stories"] == 2
    assert figures["predicted_stories"] == 2 and figures["bcubed_f1"] == 1.0
    (tmp_path / "bad.jsonl").write_text(json.dumps({"title": "No label", "text": "x"}) + "\n")
    with pytest.raises(CopydeskError, match="gold 'story'"):
        clustering.run(tmp_path / "bad.jsonl", embedder=embedder)
