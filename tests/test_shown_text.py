"""Only verified text reaches readers, wherever a story's words appear: page, related box, API, export."""

import json
from pathlib import Path

import pytest
from django.test import Client

from copydesk.newsroom.document import published_stories, story_document
from copydesk.newsroom.models import RelatedStory, Sentence, Story
from tests.conftest import copydesk
from tests.databases import connect
from tests.test_pages import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def withheld(demo_db) -> tuple[Story, Story, Sentence]:  # type: ignore[no-untyped-def]
    """A story listed in another's related box, its dek marked as withheld by the verifier."""
    link = RelatedStory.objects.filter(other__current__isnull=False, story__current__isnull=False).first()
    assert link is not None, "the demo newsroom relates no stories"
    dek = link.other.current.sentences.get(section__isnull=True)
    dek.verified, dek.withheld_reason = False, "a number the sources do not give"
    dek.save()
    return link.story, link.other, dek


def first_verified(story: Story) -> str:
    body = story.current.sentences.filter(section__isnull=False, verified=True)
    return body.order_by("section__position", "paragraph", "position").first().text


def test_related_box_never_shows_a_withheld_dek(client: Client, withheld) -> None:  # type: ignore[no-untyped-def]
    story, other, dek = withheld
    [entry] = [r for r in story_document(story)["related"] if r["slug"] == other.slug]
    assert entry["summary"] == first_verified(other)
    assert dek.text not in text_of(client.get(f"/stories/{story.slug}/").content.decode())
    api = client.get(f"/api/stories/{story.slug}/").json()
    assert dek.text not in json.dumps(api, ensure_ascii=False)
    listing = client.get("/api/stories/").json()
    assert dek.text not in json.dumps(listing, ensure_ascii=False)


def test_home_and_the_story_itself_never_show_a_withheld_dek(client: Client, withheld) -> None:  # type: ignore[no-untyped-def]
    _, other, dek = withheld
    assert dek.text not in text_of(client.get("/").content.decode())
    assert dek.text not in text_of(client.get(f"/stories/{other.slug}/").content.decode())
    assert story_document(other)["dek"] == ""


def test_nothing_verified_means_no_summary(client: Client, withheld) -> None:  # type: ignore[no-untyped-def]
    story, other, _ = withheld
    other.current.sentences.update(verified=False)
    [entry] = [r for r in story_document(story)["related"] if r["slug"] == other.slug]
    assert entry["summary"] == ""
    for text in other.current.sentences.values_list("text", flat=True):
        assert text not in text_of(client.get(f"/stories/{story.slug}/").content.decode())
        assert text not in text_of(client.get("/").content.decode())


def test_every_text_in_the_export_is_a_verified_sentence(demo_db) -> None:  # type: ignore[no-untyped-def]
    """A document's sentences, dek and related summaries are all verified sentences of their stories."""
    verified = set(Sentence.objects.filter(verified=True).values_list("text", flat=True))
    for story in published_stories():
        doc = story_document(story)
        texts = [s["text"] for sec in doc["sections"] for p in sec["paragraphs"] for s in p]
        texts += [doc["dek"], *(r["summary"] for r in doc["related"])]
        assert all(text in verified for text in texts if text), story.slug


def test_cli_export_leaves_out_a_withheld_dek(demo_dir: Path) -> None:
    """The real `copydesk export`, after the verifier withheld a related story's dek in the database."""
    with connect(demo_dir) as db:
        other_id, dek_id, dek_text = db.execute(
            "SELECT s.id, se.id, se.text FROM newsroom_relatedstory r"
            " JOIN newsroom_story s ON s.id = r.other_id"
            " JOIN newsroom_sentence se ON se.revision_id = s.current_id AND se.section_id IS NULL"
            " LIMIT 1"
        ).fetchone()
        db.execute("UPDATE newsroom_sentence SET verified = FALSE WHERE id = ?", (dek_id,))
        db.commit()
        try:
            exported = copydesk("export", data_dir=demo_dir).stdout
        finally:
            db.execute("UPDATE newsroom_sentence SET verified = TRUE WHERE id = ?", (dek_id,))
            db.commit()
    assert other_id and dek_text not in exported
