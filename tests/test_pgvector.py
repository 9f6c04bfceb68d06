"""The stories' centroids in pgvector (migration 0016, newsroom.pgvector): PostgreSQL only.

.ci/with-postgres runs a PostgreSQL with pgvector and sets COPYDESK_TEST_PGVECTOR; on one without it
(its Debian fallback) these tests are skipped, and on SQLite they never run."""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from copydesk.newsroom import pgvector
from copydesk.newsroom.models import Story
from copydesk.newsroom.vectors import StoryVectors, nearest_stories, story_vectors
from copydesk.pipeline.find import index_published
from tests.conftest import copydesk
from tests.databases import connect, is_postgres
from tests.finding_data import publish, unit_vector

DAY = datetime(2031, 11, 20, 9, tzinfo=UTC)
REQUIRED = bool(os.environ.get("COPYDESK_TEST_PGVECTOR"))


def _available() -> bool:
    if not is_postgres() or REQUIRED:
        return is_postgres()
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"]) as db:
        return (
            db.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'").fetchone() is not None
        )


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not is_postgres(), reason="pgvector is PostgreSQL's (this run is SQLite)"),
    pytest.mark.skipif(is_postgres() and not _available(), reason="this PostgreSQL has no pgvector"),
]


def stored(story_id: int) -> list[int] | None:
    """The story's vector column as the bits of its float32s (None when NULL)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pgvector.COLUMN}::real[] FROM newsroom_story WHERE id = %s", [story_id])
        floats = cursor.fetchone()[0]
    return None if floats is None else bits(np.array(floats, dtype=np.float32))


def bits(vector: np.ndarray) -> list[int]:
    """A float32 vector's bits: -0.0 is not 0.0, and every last digit counts."""
    return np.asarray(vector, dtype=np.float32).view(np.uint32).tolist()


def test_the_extension_the_column_and_its_hnsw_index_are_there() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        assert cursor.fetchone() is not None
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [pgvector.INDEX])
        (definition,) = cursor.fetchone()
    assert "USING hnsw (centroid_vector vector_cosine_ops)" in definition
    assert "WHERE (current_id IS NOT NULL)" in definition
    assert pgvector.ready()


def test_the_column_holds_the_centroids_floats_exactly_as_they_are_saved() -> None:
    vector = unit_vector(7)
    vector[:3] = [-0.0, 1e-40, -3.5e-39]  # a negative zero and subnormals decode too
    story = Story.objects.create(slug="kept", created_at=DAY, centroid=vector.tobytes())
    assert stored(story.id) == bits(vector)
    moved = unit_vector(8)
    story.centroid = moved.tobytes()
    story.save()
    assert stored(story.id) == bits(moved)
    Story.objects.filter(id=story.id).update(centroid=unit_vector(9).tobytes())  # an update() too
    assert stored(story.id) == bits(unit_vector(9))
    story.centroid = None
    story.save()
    assert stored(story.id) is None
    # a BLOB that is no centroid (a wrong length, a NaN) leaves the column empty and fails no write
    story.centroid = b"\x00" * 12
    story.save()
    assert stored(story.id) is None
    broken = unit_vector(10)
    broken[5] = np.nan
    story.centroid = broken.tobytes()
    story.save()
    assert stored(story.id) is None


def archive(count: int = 40) -> None:
    base = unit_vector(1)
    for n in range(count):
        publish(f"p{n}", f"P {n}", [f"Item {n}."], DAY, vector=unit_vector(200 + n, base, 0.3))
    Story.objects.create(slug="unpublished", created_at=DAY, centroid=unit_vector(2, base, 0.9).tobytes())
    index_published()


def test_the_nearest_stories_through_pgvector_are_those_of_the_in_process_index() -> None:
    archive()
    in_process = StoryVectors()
    for seed in range(5):
        query = unit_vector(300 + seed, unit_vector(1), 0.3)
        with CaptureQueriesContext(connection) as queries:
            through_pgvector = nearest_stories(query, 8)
        assert any("<=>" in q["sql"] for q in queries.captured_queries)  # one query, through pgvector
        expected = in_process.nearest(query, 8)
        assert [s for s, _ in through_pgvector] == [s for s, _ in expected]
        assert [c for _, c in through_pgvector] == pytest.approx([c for _, c in expected], abs=1e-5)
    # a withdrawn story is found no more
    gone = Story.objects.get(id=through_pgvector[0][0])
    gone.current = None
    gone.save()
    assert gone.id not in [s for s, _ in nearest_stories(query, 8)]


def as_on_a_large_table() -> None:
    """The planner told, for this test's transaction, to read no table whole and sort nothing, as it
    would choose on a table too large for that (a few dozen rows are read and sorted faster)."""
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")


def test_the_nearest_query_is_answered_by_the_hnsw_index() -> None:
    archive(20)
    text = pgvector.literal(unit_vector(5))
    as_on_a_large_table()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + pgvector.NEAREST, [text, text, 5])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Index Scan using {pgvector.INDEX}" in plan


class _Undone(Exception):
    pass


def test_as_many_stories_as_asked_for_are_found_past_rows_no_longer_visible() -> None:
    """An HNSW scan yields at most hnsw.ef_search entries (40 by default), and an entry may point to a
    row no longer visible (a story deleted or an insert rolled back, until VACUUM): the k asked for are
    found all the same, in order."""
    archive(70)
    query = unit_vector(5)
    revision = Story.objects.filter(current__isnull=False).values_list("current", flat=True)[0]
    with contextlib.suppress(_Undone), transaction.atomic():  # published stories nearer it, rolled back
        for n in range(80):
            near = unit_vector(n, query, 0.8)
            Story.objects.create(
                slug=f"gone-{n}", created_at=DAY, centroid=near.tobytes(), current_id=revision
            )
        raise _Undone
    published = Story.objects.filter(current__isnull=False).count()
    as_on_a_large_table()
    found = nearest_stories(query, 60)
    assert len(found) == min(60, published)
    assert found == sorted(found, key=lambda pair: -pair[1])
    assert [s for s, _ in found] == [s for s, _ in StoryVectors().nearest(query, 60)]


def test_the_migration_fills_the_column_for_the_stories_stored_before_it() -> None:
    archive(5)
    migration = importlib.import_module("copydesk.newsroom.migrations.0016_pgvector")
    with connection.cursor() as cursor:  # the stories' deferred checks now: no ALTER TABLE waits on them
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        migration.drop(None, editor)
    assert not pgvector.ready()
    with connection.schema_editor() as editor:
        migration.create(None, editor)
    assert pgvector.ready()
    story = Story.objects.get(slug="p3")
    assert stored(story.id) == bits(np.frombuffer(story.centroid, np.float32))


def test_without_pgvector_the_migration_says_so_once_and_the_stories_are_searched_in_process(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A role that may not create the extension (pgvector is not a trusted extension) on a database
    without it: the migration goes on, the nearest stories come from the in-process index."""
    archive(10)
    migration = importlib.import_module("copydesk.newsroom.migrations.0016_pgvector")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("DROP EXTENSION vector CASCADE")  # undone with the test's transaction
        cursor.execute("CREATE ROLE copydesk_plain NOSUPERUSER")
        cursor.execute("GRANT ALL ON SCHEMA public TO copydesk_plain")
        cursor.execute("SET LOCAL ROLE copydesk_plain")
    pgvector._ready.clear()
    try:
        with (
            caplog.at_level(logging.WARNING, "copydesk.newsroom.pgvector"),
            connection.schema_editor() as editor,
        ):
            migration.create(None, editor)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    said = [r.getMessage() for r in caplog.records if r.name == "copydesk.newsroom.pgvector"]
    assert len(said) == 1
    assert said[0].startswith("pgvector could not be installed (permission denied"), said
    assert not pgvector.ready()
    story_vectors.cache_clear()  # the process-wide index, read afresh from this test's stories
    query = unit_vector(5)
    with CaptureQueriesContext(connection) as queries:
        found = nearest_stories(query, 3)
    assert not any("<=>" in q["sql"] for q in queries.captured_queries)
    assert found == StoryVectors().nearest(query, 3)
    pgvector._ready.clear()
    story_vectors.cache_clear()


def test_a_command_starting_takes_up_pgvector_installed_after_the_migration(tmp_path: Path) -> None:
    """0016 ran where pgvector could not be had (no column, no index); it can be now: the next start of
    any command installs it."""
    data = tmp_path / "site"
    copydesk("feeds", "list", data_dir=data)  # migrates: the column is made
    with connect(data) as db:
        db.execute(f"ALTER TABLE newsroom_story DROP COLUMN {pgvector.COLUMN} CASCADE")  # as without pgvector
    assert not columned(data)
    copydesk("feeds", "list", data_dir=data)
    assert columned(data)


def columned(data: Path) -> bool:
    """Whether the data directory's database has the vector column and its index."""
    with connect(data) as db:
        return (
            db.execute("SELECT 1 FROM pg_indexes WHERE indexname = ?", [pgvector.INDEX]).fetchone()
            is not None
        )
