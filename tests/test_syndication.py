"""Feeds of the published stories: RSS 2.0 and Atom (Django's syndication framework) read back with
feedparser, and JSON Feed 1.1; each item carries the article, its sources and its latest revision's date."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import feedparser
import pytest
from django.db.models import QuerySet
from django.test import Client, RequestFactory

from copydesk.newsroom.document import published_stories, story_document
from copydesk.newsroom.feeds import StoryFeed
from copydesk.newsroom.models import Revision, Sentence, Story
from tests.page_data import Size, build, only_these_published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_caches")]
NOW = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
FEEDS = {
    "rss": ("/feeds/stories.rss", "application/rss+xml", "rss20"),
    "atom": ("/feeds/stories.atom", "application/atom+xml", "atom10"),
}


@pytest.fixture
def stories() -> list[Story]:
    return only_these_published(build(Size(stories=3, sources=3, related=1, thoughts=0)))


def revise(story: Story, headline: str) -> Revision:
    """A new revision of `story`, published as the pipeline does (rows first, then the pointer)."""
    revision = Revision.objects.create(
        story=story,
        number=story.revisions.count() + 1,
        created_at=NOW,
        headline=headline,
        writer="extractive",
        note="A correction.",
    )
    revision.sources.set(story.current.sources.all())
    Sentence.objects.create(revision=revision, position=0, text="The corrected dek.", verified=True)
    story.current = revision
    story.save(update_fields=["current"])
    return revision


def parsed(client: Client, kind: str) -> feedparser.FeedParserDict:
    path, content_type, version = FEEDS[kind]
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    return feed


def by_link(feed: feedparser.FeedParserDict) -> dict[str, feedparser.FeedParserDict]:
    return {entry.link: entry for entry in feed.entries}


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_every_published_story_is_an_item_with_its_article_and_sources(
    client: Client, stories: list[Story], kind: str
) -> None:
    feed = parsed(client, kind)
    assert feed.feed.title and feed.feed.link == "http://testserver/"
    entries = by_link(feed)
    assert set(entries) == {f"http://testserver/stories/{s.slug}/" for s in stories}
    for story in stories:
        doc = story_document(story)
        entry = entries[f"http://testserver/stories/{story.slug}/"]
        assert entry.title == doc["headline"]
        assert entry.summary == doc["dek"]
        body = entry.content[0].value
        first_sentence = doc["sections"][0]["paragraphs"][0][0]["text"]
        assert first_sentence in body
        for source in doc["sources"]:
            assert f'href="{source["url"]}"' in body and source["outlet"] in body
        published = datetime.fromisoformat(doc["published"])
        assert datetime(*entry.published_parsed[:6], tzinfo=UTC) == published.replace(microsecond=0)
        if kind == "atom":
            related = {link.href for link in entry.links if link.rel == "related"}
            assert related == {source["url"] for source in doc["sources"]}


def test_an_unpublished_story_is_in_no_feed(client: Client, stories: list[Story]) -> None:
    hidden = stories[0]
    Story.objects.filter(pk=hidden.pk).update(current=None)
    for kind in FEEDS:
        assert f"http://testserver/stories/{hidden.slug}/" not in by_link(parsed(client, kind))
    items = client.get("/feeds/stories.json").json()["items"]
    assert hidden.slug not in {item["id"].rsplit("/", 2)[-2] for item in items}


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_revision_shows_as_a_newer_updated_date_on_the_next_request(
    client: Client, stories: list[Story], kind: str
) -> None:
    story = stories[1]
    link = f"http://testserver/stories/{story.slug}/"
    before = by_link(parsed(client, kind))[link]
    assert datetime(*before.updated_parsed[:6], tzinfo=UTC) < NOW
    revise(story, "A corrected headline")
    after = by_link(parsed(client, kind))[link]  # the kept feed is not served stale
    assert after.title == "A corrected headline"
    assert datetime(*after.updated_parsed[:6], tzinfo=UTC) == NOW
    assert after.published_parsed == before.published_parsed  # first published stays
    assert after.id == before.id  # the same item, updated: readers show a correction, not a new story


def test_a_new_story_shows_in_the_kept_feeds(client: Client, stories: list[Story]) -> None:
    for kind in FEEDS:
        parsed(client, kind)
    client.get("/feeds/stories.json")
    [newcomer] = build(Size(stories=1, sources=2, related=0, thoughts=0), prefix="late")
    link = f"http://testserver/stories/{newcomer.slug}/"
    for kind in FEEDS:
        assert link in by_link(parsed(client, kind)), kind
    assert link in {item["url"] for item in client.get("/feeds/stories.json").json()["items"]}


def test_json_feed_has_the_fields_version_1_1_requires(client: Client, stories: list[Story]) -> None:
    response = client.get("/feeds/stories.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["home_page_url"] == "http://testserver/"
    assert feed["feed_url"] == "http://testserver/feeds/stories.json"
    assert len(feed["items"]) == len(stories)
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item["content_html"] or item["content_text"]
        slug = item["url"].rstrip("/").rsplit("/", 1)[-1]
        doc = story_document(Story.objects.get(slug=slug))
        assert item["title"] == doc["headline"] and item["summary"] == doc["dek"]
        assert item["date_published"] == doc["published"] and item["date_modified"] == doc["updated"]
        assert all(f'href="{s["url"]}"' in item["content_html"] for s in doc["sources"])
        assert [s["url"] for s in item["_copydesk"]["sources"]] == [s["url"] for s in doc["sources"]]
        assert item["authors"] and all(a["name"] for a in item["authors"])
    revise(stories[0], "Revised for JSON")
    revised = {i["url"]: i for i in client.get("/feeds/stories.json").json()["items"]}
    item = revised[f"http://testserver/stories/{stories[0].slug}/"]
    assert item["title"] == "Revised for JSON" and item["date_modified"] == NOW.isoformat()


def test_feeds_are_kept_and_answer_304(client: Client, stories: list[Story]) -> None:
    for path in ["/feeds/stories.rss", "/feeds/stories.atom", "/feeds/stories.json"]:
        first = client.get(path)
        assert first.has_header("ETag") and first.has_header("Last-Modified")
        again = client.get(path, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304


class OddFeed(StoryFeed):
    """A feed of some stories, as a topic's feed would be made (the hook the module documents)."""

    def stories(self, **kwargs: str) -> QuerySet[Story]:
        return published_stories().filter(slug__in=kwargs["slugs"].split("+"))

    def heading(self, **kwargs: str) -> tuple[str, str]:
        return f"Copydesk: {kwargs['slugs']}", f"/chosen/{kwargs['slugs']}/"


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_a_feed_of_chosen_stories_lists_only_those(stories: list[Story], kind: str) -> None:
    chosen = f"{stories[0].slug}+{stories[2].slug}"
    request = RequestFactory().get(f"/chosen/{chosen}/feed")
    response = OddFeed(kind)(request, slugs=chosen)
    assert response.status_code == 200
    if kind == "json":
        feed = json.loads(response.content)
        title, links = feed["title"], {item["url"] for item in feed["items"]}
        assert feed["home_page_url"] == f"http://testserver/chosen/{chosen}/"
    else:
        parsed_feed = feedparser.parse(response.content)
        title, links = parsed_feed.feed.title, set(by_link(parsed_feed))
    assert title == f"Copydesk: {chosen}"
    assert links == {f"http://testserver/stories/{s.slug}/" for s in (stories[0], stories[2])}
