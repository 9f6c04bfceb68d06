"""Sitemaps (Django's sitemap framework), the Google News sitemap of the last two days, and robots.txt."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from defusedxml import ElementTree
from django.test import Client
from django.utils import timezone

from copydesk.newsroom.models import Revision, Story
from tests.page_data import Size, build, only_these_published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_caches")]
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def stories() -> list[Story]:
    return only_these_published(build(Size(stories=4, sources=2, related=0, thoughts=0)))


def xml(client: Client, path: str):  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def listed(client: Client) -> dict[str, str | None]:
    """Every URL of every sitemap the index names, with its lastmod."""
    index = xml(client, "/sitemap.xml")
    assert index.tag == f"{SM}sitemapindex"
    found: dict[str, str | None] = {}
    for sitemap in index.findall(f"{SM}sitemap"):
        location = sitemap.findtext(f"{SM}loc")
        assert location.startswith("http://testserver/")
        urlset = xml(client, location.removeprefix("http://testserver"))
        assert urlset.tag == f"{SM}urlset"
        for url in urlset.findall(f"{SM}url"):
            found[url.findtext(f"{SM}loc")] = url.findtext(f"{SM}lastmod")
    return found


def test_the_sitemaps_list_the_home_page_and_every_published_story_with_lastmod(
    client: Client, stories: list[Story]
) -> None:
    Story.objects.filter(pk=stories[0].pk).update(current=None)  # unpublished
    found = listed(client)
    assert "http://testserver/" in found
    for story in stories[1:]:
        lastmod = found[f"http://testserver/stories/{story.slug}/"]
        assert lastmod and lastmod.startswith(story.current.created_at.date().isoformat())
    assert f"http://testserver/stories/{stories[0].slug}/" not in found


def test_a_new_story_and_a_revision_show_in_the_kept_sitemaps(client: Client, stories: list[Story]) -> None:
    listed(client)
    [late] = build(Size(stories=1, sources=2, related=0, thoughts=0), prefix="late")
    Revision.objects.filter(story=stories[1]).update(created_at=timezone.now())
    found = listed(client)
    assert f"http://testserver/stories/{late.slug}/" in found
    assert found[f"http://testserver/stories/{stories[1].slug}/"].startswith(
        timezone.now().date().isoformat()
    )


def test_the_news_sitemap_lists_only_the_last_two_days(client: Client, stories: list[Story]) -> None:
    now = timezone.now()
    fresh, older, old = stories[0], stories[1], stories[2]
    Revision.objects.filter(story=fresh).update(created_at=now - timedelta(hours=3))
    Revision.objects.filter(story=older).update(created_at=now - timedelta(hours=40))
    Revision.objects.filter(story=old).update(created_at=now - timedelta(days=3))
    urlset = xml(client, "/news-sitemap.xml")
    assert urlset.tag == f"{SM}urlset"
    entries = {url.findtext(f"{SM}loc"): url for url in urlset.findall(f"{SM}url")}
    assert set(entries) == {f"http://testserver/stories/{s.slug}/" for s in (fresh, older)}
    for story in (fresh, older):
        news = entries[f"http://testserver/stories/{story.slug}/"].find(f"{NEWS}news")
        assert news is not None
        publication = news.find(f"{NEWS}publication")
        assert publication.findtext(f"{NEWS}name") == "Copydesk"
        assert publication.findtext(f"{NEWS}language") == "en"
        story.refresh_from_db()
        assert news.findtext(f"{NEWS}title") == story.current.headline
        published = datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
        assert published == Revision.objects.get(story=story, number=1).created_at


def test_robots_txt_names_the_sitemaps(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_a_configured_base_url_makes_every_absolute_address(
    client: Client, stories: list[Story], settings
) -> None:  # type: ignore[no-untyped-def]
    settings.COPYDESK_BASE_URL = "https://news.example.org"
    assert "Sitemap: https://news.example.org/sitemap.xml" in client.get("/robots.txt").content.decode()
    index = xml(client, "/sitemap.xml")
    assert all(loc.text.startswith("https://news.example.org/") for loc in index.iter(f"{SM}loc"))
    urlset = xml(client, "/sitemap-stories.xml")
    assert all(loc.text.startswith("https://news.example.org/stories/") for loc in urlset.iter(f"{SM}loc"))
    feed = client.get("/feeds/stories.json").json()
    assert feed["home_page_url"] == "https://news.example.org/"
    assert all(item["url"].startswith("https://news.example.org/stories/") for item in feed["items"])
    assert b"https://news.example.org/stories/" in client.get("/feeds/stories.atom").content
