"""Sitemaps through Django's sitemap framework (an index at /sitemap.xml naming each section), a Google News
sitemap of the stories first published in the last two days
(https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap), and robots.txt.

Addresses come from COPYDESK_BASE_URL when set (newsroom.addresses); Django's framework otherwise takes
the request's. The index and the sections are kept like pages (they change when stories do); the news
sitemap also changes with the clock, so it is made for each request (it lists two days of stories).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from copydesk.newsroom.addresses import origin
from copydesk.newsroom.models import Story
from copydesk.newsroom.pagecache import kept

NEWS_WINDOW = timedelta(days=2)
NEWS_MAX = 1000  # Google reads at most 1,000 addresses from one news sitemap


class SiteSitemap(Sitemap):  # type: ignore[type-arg]
    """A sitemap whose addresses use COPYDESK_BASE_URL when it is set."""

    def get_protocol(self, protocol: str | None = None) -> str:
        configured = settings.COPYDESK_BASE_URL
        return urlsplit(configured).scheme if configured else str(super().get_protocol(protocol))

    def get_domain(self, site: Any = None) -> str:
        configured = settings.COPYDESK_BASE_URL
        return urlsplit(configured).netloc if configured else str(super().get_domain(site))


class PagesSitemap(SiteSitemap):
    """The home page, changed whenever a story is published or revised."""

    changefreq = "hourly"

    def items(self) -> list[str]:
        return ["home"]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> datetime | None:
        latest: datetime | None = Story.objects.filter(current__isnull=False).aggregate(
            at=Max("current__created_at")
        )["at"]
        return latest


def _published() -> Any:
    return (
        Story.objects.filter(current__isnull=False)
        .order_by("-last_seen", "-id")
        .values("slug", "current__headline", "current__created_at")
    )


class StorySitemap(SiteSitemap):
    """Every published story, with the date of its latest revision."""

    def items(self) -> Any:
        return _published()

    def location(self, item: dict[str, Any]) -> str:
        return reverse("story", args=[item["slug"]])

    def lastmod(self, item: dict[str, Any]) -> datetime:
        at: datetime = item["current__created_at"]
        return at

    def get_latest_lastmod(self) -> datetime | None:
        # The index's date for the section, asked of the database (Django's default reads every item).
        return PagesSitemap().lastmod("home")


class NewsSitemap(StorySitemap):
    """Stories first published in the last two days, newest first, with the news: fields."""

    limit = NEWS_MAX

    def items(self) -> Any:
        since = timezone.now() - NEWS_WINDOW
        return (
            _published()
            .annotate(first_published=Min("revisions__created_at"))
            .filter(first_published__gte=since)
            .order_by("-first_published", "-id")[:NEWS_MAX]
        )


SECTIONS: dict[str, Sitemap] = {"pages": PagesSitemap(), "stories": StorySitemap()}  # type: ignore[type-arg]


@kept
def index(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: the index of the sections, each at /sitemap-<section>.xml."""
    response = sitemap_views.index(request, SECTIONS, sitemap_url_name="sitemap-section")
    # Django's index names its sections at the request's origin; the configured one wins.
    asked, wanted = f"{request.scheme}://{request.get_host()}", origin(request)
    response.context_data["sitemaps"] = [
        sitemap_views.SitemapIndexItem(item.location.replace(asked, wanted, 1), item.last_mod)
        for item in response.context_data["sitemaps"]
    ]
    return response


@kept
def section(request: HttpRequest, section: str) -> HttpResponse:
    response: HttpResponse = sitemap_views.sitemap(
        request, SECTIONS, section=section, template_name="newsroom/sitemap.xml"
    )
    return response


def news(request: HttpRequest) -> HttpResponse:
    """/news-sitemap.xml: Google News' sitemap (publication, publication_date, title per story)."""
    response: HttpResponse = sitemap_views.sitemap(
        request, {"news": NewsSitemap()}, template_name="newsroom/news_sitemap.xml"
    )
    return response


@require_GET
def robots(request: HttpRequest) -> HttpResponse:
    """robots.txt: crawl the newsroom, not the admin or the account pages; where the sitemaps are."""
    base = origin(request)
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "",
        f"Sitemap: {base}{reverse('sitemap')}",
        f"Sitemap: {base}{reverse('news-sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
