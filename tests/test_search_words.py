"""Search by words (newsroom.fulltext) on the database the suite runs on: SQLite's FTS5 table, or
PostgreSQL's own search documents (migration 0015), each kept current by the database as stories are
published, written again, withdrawn and deleted."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from copydesk.newsroom.fulltext import word_matches
from copydesk.newsroom.models import Sentence, Story
from tests.databases import is_postgres
from tests.finding_data import publish, revise

pytestmark = pytest.mark.django_db
DAY = datetime(2031, 11, 20, 9, tzinfo=UTC)


MADE: set[str] = set()
"""The stories this test published: a story another test left in the database (the whole suite runs on
one) is no part of what this one finds."""


@pytest.fixture(autouse=True)
def _made() -> None:
    MADE.clear()


def found(query: str, stories=None, limit: int = 50, enough: int = 10) -> list[str]:  # type: ignore[no-untyped-def]
    ids = [story for story, _ in word_matches(query, stories, limit, enough)]
    by_id = dict(Story.objects.filter(id__in=ids).values_list("id", "slug"))
    return [by_id[i] for i in ids if by_id[i] in MADE]


def story(slug: str, headline: str, *sentences: str, days: int = 0) -> Story:
    MADE.add(slug)
    return publish(slug, headline, list(sentences) or ["Nothing else happened."], DAY + timedelta(days=days))


def test_a_word_in_the_headline_ranks_above_the_same_word_in_the_text() -> None:
    story("titled", "Quarry flooded after storm", "Water rose overnight in the pit.")
    story("mentioned", "Storm hits the coast", "A quarry near the harbour flooded overnight.", days=1)
    assert found("quarry") == ["titled", "mentioned"]


def test_stories_holding_every_word_come_before_those_holding_some() -> None:
    story("one-word", "Lighthouse keeper retires", "The lighthouse closes next spring.")
    story("both", "Harbour news", "The lighthouse and the ferry terminal were repainted.", days=1)
    story("other-word", "Ferry strike ends", "The ferry sails again today.", days=2)
    # few stories hold both: the others follow, after the one that holds both
    assert found("lighthouse ferry")[0] == "both"
    assert set(found("lighthouse ferry")) == {"both", "one-word", "other-word"}
    # enough stories hold both: only they are the answer
    assert found("lighthouse ferry", enough=1) == ["both"]


def test_words_are_found_by_their_stem() -> None:
    story("deploy", "Navy deployment ends", "Sailors were deployed for nine months.")
    assert found("deployed") == ["deploy"]
    assert found("deployments") == ["deploy"]


def test_a_republished_story_is_found_by_its_new_words_and_not_its_old_ones() -> None:
    budget = story("budget", "Council passes budget", "Levies rise by two percent.")
    revise(
        budget, "Council passes budget with hovercraft cuts", ["The hovercraft to Tarnby will stop in May."]
    )
    assert found("hovercraft") == ["budget"]
    assert found("Tarnby") == ["budget"]
    assert found("levies") == []


def test_withdrawn_and_deleted_stories_are_not_found() -> None:
    withdrawn = story("withdrawn", "Bridge reopens in Selby", "The bridge reopened on Friday.")
    deleted = story("deleted", "Bridge toll scrapped", "The bridge toll ends in March.", days=1)
    story("kept", "New bridge planned", "A second bridge is planned.", days=2)
    withdrawn.current = None
    withdrawn.save(update_fields=["current"])
    deleted.delete()
    assert found("bridge") == ["kept"]
    withdrawn.current = withdrawn.revisions.get()
    withdrawn.save(update_fields=["current"])
    assert set(found("bridge")) == {"kept", "withdrawn"}


def test_an_editor_withholding_a_sentence_takes_its_words_out() -> None:
    harbour = story("harbour", "Harbour dredging begins", "Dredgers found a shipwreck.", "Work takes a year.")
    assert found("shipwreck") == ["harbour"]
    Sentence.objects.filter(revision=harbour.current, text__contains="shipwreck").update(verified=False)
    assert found("shipwreck") == []
    assert found("dredging") == ["harbour"]


@pytest.mark.parametrize(
    "query",
    [
        "gantry & collapses | !crane",
        '"gantry collapses"',
        "gantry:* & !crane",
        "(gantry <-> collapses",
        "gantry\\",
    ],
)
def test_a_readers_query_is_searched_as_words_never_as_operators(query: str) -> None:
    story("gantry", "Gantry crane collapses", "A crane fell at the gantry on Monday.")
    story("crane", "Crane hire rises", "The price of a crane rose.", days=1)
    assert found(query, enough=1) == [
        "gantry"
    ]  # every word in it: '!crane' is the word 'crane', not 'no crane'


@pytest.mark.parametrize("query", ["a & b | !c", "'; DROP TABLE x; --", "<->", "!", "' '", ""])
def test_a_query_of_operators_alone_finds_nothing_and_fails_nothing(query: str) -> None:
    story("gantry", "Gantry crane collapses", "A crane fell at the gantry on Monday.")
    assert isinstance(found(query), list)
    assert found("gantry") == ["gantry"]  # the connection is still usable


def test_filters_limit_and_ties() -> None:
    for n in range(5):
        story(f"squall-{n}", "Quillsquall warning", "A quillsquall is due.", days=n)
    newest_first = [f"squall-{n}" for n in reversed(range(5))]
    assert found("quillsquall") == newest_first  # equal scores: the newer story first
    assert found("quillsquall", limit=2) == newest_first[:2]
    some = Story.objects.filter(slug__in=["squall-1", "squall-3"])
    assert found("quillsquall", stories=some) == ["squall-3", "squall-1"]


@pytest.mark.skipif(not is_postgres(), reason="PostgreSQL's search documents (SQLite's FTS5 table is 0014's)")
def test_the_postgres_documents_weigh_the_headline_and_are_indexed() -> None:
    story("titled", "Quarry flooded", "Water rose overnight.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT document::text FROM newsroom_storysearch s JOIN newsroom_story st ON st.id = s.story_id "
            "WHERE st.slug = 'titled'"
        )
        (document,) = cursor.fetchone()
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'newsroom_storysearch'")
        indexes = [row[0] for row in cursor.fetchall()]
    assert "'quarri':1A" in document and "'water':3B" in document
    assert any("gin (document)" in index for index in indexes)


@pytest.mark.skipif(not is_postgres(), reason="0015 does nothing on SQLite")
def test_the_migration_fills_the_documents_of_stories_published_before_it() -> None:
    story("before", "Quarry flooded", "Water rose overnight.")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM newsroom_storysearch")  # as before 0015: no documents
    assert found("quarry") == []
    migration = importlib.import_module("copydesk.newsroom.migrations.0015_postgres_fulltext")
    with connection.schema_editor() as editor:
        migration.drop(None, editor)
        migration.create(None, editor)
    assert found("quarry") == ["before"]
    story("after", "Quarry reopens", "Work resumed.", days=1)  # and the triggers are back
    assert found("quarry") == ["after", "before"]


def test_accents_are_folded_in_stories_and_queries() -> None:
    story("flood", "Flooding in São Paulo", "Rain fell on Jundiaí for a week.")
    assert found("Sao Paulo") == ["flood"]
    assert found("são") == ["flood"]
    assert found("jundiai") == ["flood"]


def test_a_word_in_more_stories_than_are_scored_ranks_the_newest_of_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Scoring every story a common word is found in costs as much as there are (a third of a second for
    # 150,000 of 200,000): past SCORED, only the newest SCORED of them are ranked.
    monkeypatch.setattr("copydesk.newsroom.fulltext.SCORED", 2, raising=False)
    story("old", "Zephyrquill over Zephyrquill", "Zephyrquill again.")  # the best score of all, but oldest
    for n in range(1, 4):
        story(f"new-{n}", "Gustmarrow", f"A zephyrquill on day {n}.", days=n)
    assert found("zephyrquill") == ["new-3", "new-2"]
    assert found("zephyrquill gustmarrow") == ["new-3", "new-2"]  # the words held together, or some of them
    # a filter is applied first: the newest of the stories it lets through are ranked
    older = Story.objects.filter(slug__in=["old", "new-1", "new-2"])
    assert found("zephyrquill", stories=older) == ["new-2", "new-1"]
    monkeypatch.setattr("copydesk.newsroom.fulltext.SCORED", 10)
    assert found("zephyrquill")[0] == "old"  # when all are scored, the best comes first


def test_a_query_of_stopwords_alone_finds_the_stories_that_hold_them() -> None:
    # PostgreSQL's english configuration keeps no stopword in documents or queries: a band's name, a
    # title of small words, found nothing there while FTS5 found it
    story("band", "The Who to play in Hull", "They will play on Friday.")
    story("other", "Council budget passed", "Levies rise.", days=1)
    assert found("The Who") == ["band"]
    assert found("they will") == ["band"]
    assert found("who", stories=Story.objects.filter(slug="other")) == []
