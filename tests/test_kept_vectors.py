"""The vector index's HNSW graph kept between processes (newsroom.kept_vectors): a process starting on a
large archive loads it rather than building it, takes in the stories changed since, and never uses a
kept graph its database does not match, nor one it cannot read."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from copydesk.newsroom.models import Story
from copydesk.newsroom.vectors import StoryVectors
from copydesk.pipeline.find import index_published
from tests.finding_data import publish, unit_vector

pytestmark = pytest.mark.django_db
DAY = datetime(2031, 11, 20, 9, tzinfo=UTC)
BASE = unit_vector(1)
QUERY = unit_vector(5, BASE, 0.3)


def archive(count: int = 30) -> int:
    """`count` stories more, read by the finding step: how many are published now (the test database
    may hold other tests' stories too)."""
    for n in range(count):
        publish(f"v{n}", f"V {n}", [f"Item {n}."], DAY, vector=unit_vector(100 + n, BASE, 0.3))
    index_published()
    return Story.objects.filter(current__isnull=False).count()


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many stories each graph built from the database (not loaded) held."""
    built: list[int] = []
    build = StoryVectors._build_graph

    def counted(self: StoryVectors) -> None:
        built.append(len(self))
        build(self)

    monkeypatch.setattr(StoryVectors, "_build_graph", counted)
    return built


def started(directory: Path) -> StoryVectors:
    """A process's index, as a process starting now makes it (an HNSW graph from the first story)."""
    return StoryVectors(hnsw_from=1, keep_in=directory)


def test_a_process_started_later_loads_the_kept_graph_and_finds_the_same(
    tmp_path: Path, builds: list[int]
) -> None:
    published = archive()
    found = started(tmp_path).nearest(QUERY, 5)
    assert builds == [published] and (tmp_path / "story-vectors.npz").is_file()
    again = started(tmp_path)
    assert [s for s, _ in again.nearest(QUERY, 5)] == [s for s, _ in found]
    assert builds == [published]  # loaded, not built
    assert len(again) == published and again.matrix.shape == (published, 384)
    exact = StoryVectors(hnsw_from=10**9)
    assert [s for s, _ in exact.nearest(QUERY, 5)] == [s for s, _ in found]


def test_a_loaded_graph_takes_in_what_changed_since_it_was_kept(tmp_path: Path, builds: list[int]) -> None:
    published = archive()
    closest = started(tmp_path).nearest(QUERY, 1)[0][0]
    withdrawn = Story.objects.get(id=closest)
    withdrawn.current = None
    withdrawn.save(update_fields=["current"])
    newcomer = publish("newcomer", "Newcomer", ["Item new."], DAY, vector=QUERY)
    index_published()
    found = [s for s, _ in started(tmp_path).nearest(QUERY, published + 10)]
    assert builds == [published]
    assert found[0] == newcomer.id and closest not in found and len(found) == published


def test_a_kept_graph_the_database_does_not_match_is_built_again(tmp_path: Path, builds: list[int]) -> None:
    """The database goes back to an earlier copy, without its newest story: the kept graph holds it."""
    published = archive()
    started(tmp_path).nearest(QUERY, 5)
    newest = (
        Story.objects.filter(vector_seq__isnull=False).order_by("-vector_seq").first()
    )  # PostgreSQL: nulls first
    assert newest is not None
    Story.objects.filter(id=newest.id).delete()
    found = [s for s, _ in started(tmp_path).nearest(QUERY, published + 10)]
    assert builds == [published, published - 1] and newest.id not in found and len(found) == published - 1


@pytest.mark.parametrize("spoilt", ["rows cut short", "graph missing"])
def test_a_kept_graph_that_cannot_be_read_is_built_again(
    tmp_path: Path, builds: list[int], spoilt: str
) -> None:
    published = archive()
    found = started(tmp_path).nearest(QUERY, 5)
    if spoilt == "rows cut short":
        rows = tmp_path / "story-vectors.npz"
        rows.write_bytes(rows.read_bytes()[:100])
    else:
        for graph in tmp_path.glob("story-vectors-*.hnsw"):
            graph.unlink()
    assert started(tmp_path).nearest(QUERY, 5) == found
    assert builds == [published, published]
    assert len(list(tmp_path.glob("story-vectors-*.hnsw"))) == 1  # kept again, the old graph removed
