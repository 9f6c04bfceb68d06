"""A new source joining a published story produces a new revision; the older one stays readable."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.test import Client

from copydesk.newsroom.document import story_document
from copydesk.newsroom.models import Story
from copydesk.pipeline.assign import assign_new
from copydesk.pipeline.ingest import ingest_paths
from copydesk.pipeline.publish import write_stories

pytestmark = pytest.mark.django_db
FERRY = Path(__file__).resolve().parent / "data" / "ferry-story.jsonl"
DAY1 = datetime(2026, 2, 3, 18, 0, tzinfo=UTC)


def test_a_new_source_makes_a_new_revision(tmp_path: Path, embedder, client: Client) -> None:  # type: ignore[no-untyped-def]
    rows = FERRY.read_text().splitlines()
    first, later = tmp_path / "first.jsonl", tmp_path / "later.jsonl"
    first.write_text("\n".join(rows[:2]) + "\n")
    later.write_text(rows[2] + "\n")
    ingest_paths([first], DAY1)
    assign_new(DAY1, embedder=embedder)
    assert write_stories(DAY1, min_sources=2).published == 1
    story = Story.objects.get(articles__url=json.loads(rows[0])["url"])
    before = story_document(story)

    day2 = DAY1 + timedelta(days=1)
    ingest_paths([later], day2)
    assign_new(day2, embedder=embedder)
    assert write_stories(day2, min_sources=2).published == 1
    story.refresh_from_db()
    after = story_document(story)
    assert story.revisions.count() == 2 and story.current.number == 2
    assert len(after["sources"]) == 3 and len(before["sources"]) == 2
    assert [r["note"] for r in after["revisions"]] == [
        "First published from 2 source articles.",
        "Updated with 1 new source article (Port Sellick Mercury).",
    ]
    assert after["published"] == before["published"] and after["updated"] > before["updated"]

    page = client.get(f"/stories/{story.slug}/").content.decode()
    assert "Update history (2 revisions)" in page and f"/stories/{story.slug}/revisions/1/" in page
    old = client.get(f"/stories/{story.slug}/revisions/1/").content.decode()
    assert "You are reading revision 1 of this article" in old
    assert "Port Sellick Mercury" not in old and "Port Sellick Mercury" in page
    assert client.get(f"/stories/{story.slug}/revisions/9/").status_code == 404
