"""Related stories are kept up to date run by run, touching only what changed, and always equal to what
ranking every published story again from scratch would give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from django.db.models import F

from copydesk.core.related import StorySummary, rank_related
from copydesk.newsroom.models import RelatedStory, Revision, Story
from copydesk.pipeline.relate import relate_published

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 20, tzinfo=UTC)
DIM = 384
TOPICS = 6
NAMES = [f"Name{i}" for i in range(24)]


@pytest.fixture(autouse=True)
def empty_newsroom() -> None:
    """No story published yet (the session's demo newsroom may be in the database; rolled back after)."""
    RelatedStory.objects.all().delete()
    Story.objects.update(current=None, related_key="")


class Newsroom:
    """Published stories with clustered vectors and shared names, written straight to the database."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = np.random.default_rng(seed)
        self.centres = self._unit(self.rng.standard_normal((TOPICS, DIM)))
        self.count = 0

    @staticmethod
    def _unit(rows: np.ndarray) -> np.ndarray:
        return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)

    def vector(self, topic: int) -> np.ndarray:
        return self._unit(self.centres[topic] + 0.9 * self.rng.standard_normal(DIM) / np.sqrt(DIM))

    def names(self, topic: int) -> list[str]:
        own = NAMES[topic * 4 : topic * 4 + 4]
        return sorted(set(self.rng.choice(own, size=2)) | {str(self.rng.choice(NAMES))})

    def publish(self, topic: int) -> Story:
        self.count += 1
        story = Story.objects.create(
            slug=f"story-{self.count}",
            created_at=NOW,
            last_seen=NOW + timedelta(minutes=self.count),
            centroid=self.vector(topic).tobytes(),
            names=self.names(topic),
            size=2,
            needs_writing=False,
        )
        return self._new_revision(story)

    def _new_revision(self, story: Story) -> Story:
        story.refresh_from_db(fields=["related_key"])  # as the pipeline does: it saves what it just read
        number = story.revisions.count() + 1
        story.current = Revision.objects.create(
            story=story, number=number, created_at=NOW, headline=f"{story.slug} r{number}", writer="test"
        )
        story.save()
        return story

    def revise(self, story: Story, topic: int) -> Story:
        """New sources joined: the story's profile moves and it is written again."""
        story.centroid, story.names = self.vector(topic).tobytes(), self.names(topic)
        return self._new_revision(story)

    def withdraw(self, story: Story) -> None:
        """Too few sources left after an editor's correction (as pipeline.publish withdraws it)."""
        story.current = None
        story.save(update_fields=["current"])

    def merge(self, emptied: Story, into: Story, topic: int) -> None:
        """An editor moved all of `emptied`'s articles into `into` (as pipeline.corrections leaves them)."""
        emptied.refresh_from_db()
        emptied.current, emptied.merged_into, emptied.centroid, emptied.names = None, into, None, []
        emptied.save()
        self.revise(into, topic)


def links() -> dict[int, list[tuple[int, float]]]:
    """Every story's stored related links, best first."""
    out: dict[int, list[tuple[int, float]]] = {}
    for story, other, score in RelatedStory.objects.order_by("story", "rank").values_list(
        "story", "other", "score"
    ):
        out.setdefault(story, []).append((other, score))
    return out


def from_scratch(k: int = 4) -> dict[int, list[tuple[int, float]]]:
    """What ranking every published story against every other gives (the core's plain ranking)."""
    summaries = [
        StorySummary(s.id, vector, frozenset(s.names))
        for s in Story.objects.filter(current__isnull=False)
        if (vector := s.vector()) is not None
    ]
    ranked = {s.id: rank_related(s, summaries, k) for s in summaries}
    return {story: ranking for story, ranking in ranked.items() if ranking}


def rows() -> dict[int, set[tuple[int, int, int, int, float]]]:
    """The stored rows of each story's links, with their primary keys (a rewritten row gets a new one)."""
    out: dict[int, set[tuple[int, int, int, int, float]]] = {}
    for row in RelatedStory.objects.values_list("id", "story", "other", "rank", "score"):
        out.setdefault(row[1], set()).add(row)
    return out


def assert_same_as_from_scratch() -> None:
    stored, expected = links(), from_scratch()
    assert stored.keys() == expected.keys()
    for story, ranking in expected.items():
        assert [other for other, _ in stored[story]] == [other for other, _ in ranking], story
        assert [score for _, score in stored[story]] == pytest.approx([score for _, score in ranking])
    assert not RelatedStory.objects.filter(story=F("other")).exists()


def test_a_sequence_of_runs_equals_ranking_from_scratch() -> None:
    room = Newsroom()
    stories = [room.publish(topic % TOPICS) for topic in range(30)]
    relate_published()
    assert_same_as_from_scratch()

    # a run that publishes new stories
    stories += [room.publish(1), room.publish(1), room.publish(4)]
    relate_published()
    assert_same_as_from_scratch()

    # a run that revises two stories (one moves to another topic) and withdraws one
    room.revise(stories[7], 1)
    room.revise(stories[2], 3)
    room.withdraw(stories[13])
    relate_published()
    assert_same_as_from_scratch()

    # an editor merges one story into another; a story published earlier comes back
    room.merge(stories[19], stories[25], 1)
    room._new_revision(stories[13])
    relate_published()
    assert_same_as_from_scratch()

    # nothing changed: nothing is written
    before = rows()
    relate_published()
    assert rows() == before


def test_only_the_stories_whose_links_change_are_rewritten() -> None:
    room = Newsroom(seed=11)
    for topic in range(36):
        room.publish(topic % TOPICS)
    relate_published()
    before, expected_before = rows(), from_scratch()

    new = room.publish(2)
    relate_published()
    after, expected_after = rows(), from_scratch()
    assert_same_as_from_scratch()

    changed = {s for s in expected_after if expected_after[s] != expected_before.get(s)}
    assert new.id in changed
    assert 1 < len(changed) < len(expected_after) // 2  # the new story entered some others' lists
    for story, kept in before.items():
        if story not in changed:
            assert after[story] == kept, f"story {story}'s links were rewritten although unchanged"


def test_a_withdrawn_story_leaves_every_list_and_loses_its_own() -> None:
    room = Newsroom(seed=3)
    stories = [room.publish(topic % TOPICS) for topic in range(24)]
    relate_published()
    gone = stories[5]
    linking = set(RelatedStory.objects.filter(other=gone).values_list("story", flat=True))
    assert linking

    room.withdraw(gone)
    relate_published()
    assert not RelatedStory.objects.filter(other=gone).exists()
    assert not RelatedStory.objects.filter(story=gone).exists()
    for story in linking:
        assert RelatedStory.objects.filter(story=story).count() == 4
    assert_same_as_from_scratch()


def test_a_story_never_links_to_itself_nor_to_its_twin() -> None:
    room = Newsroom(seed=5)
    twin = room.publish(0)
    copy = Story.objects.create(
        slug="twin-copy", created_at=NOW, last_seen=NOW, centroid=twin.centroid, names=twin.names, size=2
    )
    room._new_revision(copy)
    for topic in range(8):
        room.publish(topic % TOPICS)
    relate_published()
    assert not RelatedStory.objects.filter(story=F("other")).exists()
    # a near-copy is the same news again, no related story (issue 18)
    assert not RelatedStory.objects.filter(story=twin, other=copy).exists()
    assert not RelatedStory.objects.filter(story=copy, other=twin).exists()
    assert RelatedStory.objects.filter(story=twin).count() == 4
    assert_same_as_from_scratch()


def test_a_newsroom_smaller_than_four_links_what_it_has() -> None:
    room = Newsroom(seed=9)
    first = room.publish(0)
    relate_published()
    assert not RelatedStory.objects.exists()
    second, third = room.publish(1), room.publish(2)
    relate_published()
    assert RelatedStory.objects.filter(story=first).count() == 2
    assert_same_as_from_scratch()
    assert {second.id, third.id} == set(
        RelatedStory.objects.filter(story=first).values_list("other", flat=True)
    )


def test_runs_that_keep_the_archive_read_only_what_changed_and_equal_ranking_from_scratch() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from copydesk.pipeline.find import index_published

    room = Newsroom(seed=11)
    stories = [room.publish(topic % TOPICS) for topic in range(24)]
    index_published()
    relate_published(keep=True)
    assert_same_as_from_scratch()
    stories += [room.publish(2), room.publish(5)]
    room.revise(stories[3], 4)
    room.withdraw(stories[9])
    index_published()
    with CaptureQueriesContext(connection) as queries:
        relate_published(keep=True)
    assert_same_as_from_scratch()
    reads = [q["sql"] for q in queries if '"newsroom_story"."centroid" AS' in q["sql"]]
    assert len(reads) == 1 and "vector_seq" in reads[0]  # the changed stories only
    room.revise(stories[0], 1)
    index_published()
    relate_published(keep=True)
    assert_same_as_from_scratch()
