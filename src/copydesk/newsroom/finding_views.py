"""The pages readers find stories by: search, the archive by day, topics and entities. Thin views over
`newsroom.search` and `newsroom.finding`; the lists are kept (pagecache) until the site changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from copydesk.core.topics import BY_SLUG, TOPICS
from copydesk.newsroom import finding
from copydesk.newsroom.document import published_stories
from copydesk.newsroom.feeds import StoryFeed
from copydesk.newsroom.models import Entity, Outlet, Story
from copydesk.newsroom.pagecache import SITE, respond
from copydesk.newsroom.paging import page_number, pager
from copydesk.newsroom.search import Filters, search
from copydesk.newsroom.views import ACCOUNT, _html


def _kept(request: HttpRequest, template: str, context: Any) -> HttpResponse:
    """A page that shows published stories: kept until the site's stamp changes."""

    def render(slots: dict[str, SafeString]) -> tuple[str, str]:
        return _html(request, template, {**context(), "slots": slots})

    return respond(request, [SITE], render, ACCOUNT)


def _day(raw: str, name: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a day written YYYY-MM-DD, not {raw[:40]!r}") from exc


def search_page(request: HttpRequest) -> HttpResponse:
    """Results for ?q=, with filters by day range (since, until), outlet and topic, ten a page."""
    try:
        filters = Filters(
            since=_day(request.GET.get("since", ""), "since"),
            until=_day(request.GET.get("until", ""), "until"),
            outlet=request.GET.get("outlet", "")[:200],
            topic=request.GET.get("topic", "") if request.GET.get("topic", "") in BY_SLUG else "",
        )
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    results = search(request.GET.get("q", ""), filters, page_number(request))
    context = {
        "results": results,
        "outlets": list(Outlet.objects.values_list("name", flat=True)),
        "topics": TOPICS,
        "pager": pager(request, results["page"], results["page"] < results["pages"], results["pages"]),
    }
    html = render_to_string("newsroom/search.html", {**context, "request": request})
    return HttpResponse(html)


def _paged(request: HttpRequest, listed: dict[str, Any]) -> dict[str, Any]:
    return {"pager": pager(request, listed["page"], listed["more"])}


def archive_index(request: HttpRequest) -> HttpResponse:
    return _kept(request, "newsroom/archive.html", lambda: {"days": finding.archive_days()})


def archive_day(request: HttpRequest, year: int, month: int, day: int) -> HttpResponse:
    try:
        when = date(year, month, day)
    except ValueError as exc:
        raise Http404("No such day.") from exc

    def context() -> dict[str, Any]:
        listed = finding.page_of(finding.day_ids(when), page_number(request))
        return {"title": f"{when:%-d %B %Y}", "listed": listed, **_paged(request, listed)}

    return _kept(request, "newsroom/listing.html", context)


def topics_index(request: HttpRequest) -> HttpResponse:
    return _kept(request, "newsroom/topics.html", lambda: {"topics": TOPICS})


def topic_page(request: HttpRequest, slug: str) -> HttpResponse:
    topic = BY_SLUG.get(slug)
    if topic is None:
        raise Http404("No such topic.")

    def context() -> dict[str, Any]:
        listed = finding.page_of(finding.topic_ids(slug), page_number(request))
        feeds = {kind: reverse(f"topic-feed-{kind}", args=[slug]) for kind in ("rss", "atom", "json")}
        context = {"title": topic.label, "about": topic.description, "listed": listed, "topic_feeds": feeds}
        return {**context, **_paged(request, listed)}

    return _kept(request, "newsroom/listing.html", context)


def entity_page(request: HttpRequest, kind_path: str, slug: str) -> HttpResponse:
    kind = finding.ENTITY_KINDS.get(kind_path)
    if kind is None or "\x00" in slug:  # no slug holds a NUL (and PostgreSQL refuses one in a query)
        raise Http404("No such kind.")

    def context() -> dict[str, Any]:
        entity = get_object_or_404(Entity, kind=kind, slug=slug)
        listed = finding.page_of(finding.entity_ids(entity.id), page_number(request))
        if not listed["stories"] and listed["page"] == 1:
            raise Http404("No published story names it.")
        about = f"Stories that name this {entity.get_kind_display()}."
        return {"title": entity.name, "about": about, "listed": listed, **_paged(request, listed)}

    return _kept(request, "newsroom/listing.html", context)


class TopicFeed(StoryFeed):
    """A topic's latest stories as a feed (RSS, Atom or JSON Feed), at /topics/<slug>/feed.<kind>."""

    def stories(self, **kwargs: Any) -> QuerySet[Story]:
        slug = kwargs["slug"]
        if slug not in BY_SLUG:
            raise Http404("No such topic.")
        return published_stories().filter(topics__topic=slug)

    def heading(self, **kwargs: Any) -> tuple[str, str]:
        slug = kwargs["slug"]
        return f"Copydesk: {BY_SLUG[slug].label}", reverse("topic", args=[slug])
