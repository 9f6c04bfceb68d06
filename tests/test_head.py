"""What a page's <head> tells machines: schema.org NewsArticle JSON-LD, OpenGraph and Twitter cards, the
canonical address, and the feeds every page links with rel="alternate"."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.test import Client
from lxml import html as lxml_html

from copydesk.newsroom.document import story_document
from copydesk.newsroom.models import Revision, Sentence, Story
from tests.page_data import Size, build, only_these_published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_caches")]
NOW = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
ALTERNATES = {
    "application/rss+xml": "http://testserver/feeds/stories.rss",
    "application/atom+xml": "http://testserver/feeds/stories.atom",
    "application/feed+json": "http://testserver/feeds/stories.json",
}


@pytest.fixture
def stories() -> list[Story]:
    return only_these_published(build(Size(stories=2, sources=3, related=1, thoughts=0)))


def head(client: Client, path: str):  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response.status_code == 200, path
    return lxml_html.fromstring(response.content).find("head")


def json_ld(head) -> dict:  # type: ignore[no-untyped-def]
    [script] = head.xpath('script[@type="application/ld+json"]')
    return json.loads(script.text)


def meta(head, attribute: str, name: str) -> str:  # type: ignore[no-untyped-def]
    [content] = head.xpath(f'meta[@{attribute}="{name}"]/@content')
    return str(content)


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/stories/{slug}/", "/stories/{slug}/revisions/1/"]
)
def test_every_page_links_the_feeds(client: Client, stories: list[Story], path: str) -> None:
    page = head(client, path.format(slug=stories[0].slug))
    links = {link.get("type"): link.get("href") for link in page.xpath('link[@rel="alternate"]')}
    for kind, href in ALTERNATES.items():
        assert links.get(kind, "").removeprefix("http://testserver") == href.removeprefix("http://testserver")


def test_the_story_page_carries_a_news_article_with_every_field(client: Client, stories: list[Story]) -> None:
    story = stories[0]
    doc = story_document(story)
    url = f"http://testserver/stories/{story.slug}/"
    page = head(client, f"/stories/{story.slug}/")
    data = json_ld(page)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == doc["headline"] and data["description"] == doc["dek"]
    assert data["url"] == url and data["mainEntityOfPage"]["@id"] == url
    assert data["datePublished"] == doc["published"] and data["dateModified"] == doc["updated"]
    [author] = data["author"]
    assert author["@type"] == "Organization" and author["name"] and author["url"] == "http://testserver/"
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"] == "Copydesk"
    sources = [s["url"] for s in doc["sources"]]
    assert data["isBasedOn"] == sources
    assert [c["url"] for c in data["citation"]] == sources
    assert all(
        c["@type"] == "NewsArticle" and c["headline"] and c["publisher"]["name"] for c in data["citation"]
    )
    assert "image" not in data  # no image is stored: none is invented
    assert data["isAccessibleForFree"] is True
    # the canonical address, OpenGraph and Twitter
    assert page.xpath('link[@rel="canonical"]/@href') == [url]
    assert meta(page, "property", "og:type") == "article"
    assert meta(page, "property", "og:title") == doc["headline"]
    assert meta(page, "property", "og:description") == doc["dek"]
    assert meta(page, "property", "og:url") == url
    assert meta(page, "property", "article:published_time") == doc["published"]
    assert meta(page, "property", "article:modified_time") == doc["updated"]
    assert meta(page, "name", "twitter:card") == "summary"
    assert meta(page, "name", "twitter:title") == doc["headline"]


def test_a_revision_shows_in_the_kept_page_head(client: Client, stories: list[Story]) -> None:
    story = stories[1]
    path = f"/stories/{story.slug}/"
    first = json_ld(head(client, path))
    assert "correction" not in first
    revision = Revision.objects.create(
        story=story, number=2, created_at=NOW, headline="Corrected", writer="extractive", note="Fixed a date."
    )
    revision.sources.set(story.current.sources.all())
    Sentence.objects.create(revision=revision, position=0, text="A corrected dek.", verified=True)
    story.current = revision
    story.save(update_fields=["current"])
    data = json_ld(head(client, path))
    assert data["headline"] == "Corrected" and data["dateModified"] == NOW.isoformat()
    assert data["datePublished"] == first["datePublished"]
    [correction] = data["correction"]
    assert correction == {
        "@type": "CorrectionComment",
        "text": "Fixed a date.",
        "datePublished": NOW.isoformat(),
    }
    # the older revision's page names the current one as canonical... no: itself, with its own dates
    older = head(client, f"/stories/{story.slug}/revisions/1/")
    assert json_ld(older)["headline"] == first["headline"]
    assert older.xpath('link[@rel="canonical"]/@href') == [
        f"http://testserver/stories/{story.slug}/revisions/1/"
    ]


def test_the_home_page_is_a_website_with_a_canonical_address(client: Client, stories: list[Story]) -> None:
    page = head(client, "/")
    assert page.xpath('link[@rel="canonical"]/@href') == ["http://testserver/"]
    assert meta(page, "property", "og:type") == "website"
    assert meta(page, "property", "og:site_name") == "Copydesk"


def test_json_ld_cannot_close_its_script(client: Client, stories: list[Story]) -> None:
    story = stories[0]
    Revision.objects.filter(pk=story.current_id).update(headline="</script><script>alert(1)</script>")
    body = client.get(f"/stories/{story.slug}/").content.decode()
    assert "</script><script>alert(1)" not in body
    data = json_ld(lxml_html.fromstring(body).find("head"))
    assert data["headline"] == "</script><script>alert(1)</script>"
