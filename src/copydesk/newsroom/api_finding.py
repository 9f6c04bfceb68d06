"""The JSON API's finding operations: search, and the topics with their stories (issue 18).

The same functions as the pages (`search.search`, `finding.page_of`), answered through the API's kept
responses (ETag, Last-Modified, 304) and its JSON errors.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Path, Query, Router

from copydesk.core.topics import BY_SLUG, TOPICS
from copydesk.newsroom import api_schemas as shapes
from copydesk.newsroom import finding
from copydesk.newsroom.addresses import absolute
from copydesk.newsroom.api_answers import ERRORS, error, kept
from copydesk.newsroom.search import Filters, search

finder = Router(tags=["finding"])
TopicSlug = Path(..., pattern=r"^[-a-z]+$", description="The topic's slug, as GET /api/topics/ lists them.")


def _topic(request: HttpRequest, slug: str) -> dict[str, str]:
    topic = BY_SLUG[slug]
    address = absolute(request, reverse("api:topic", args=[slug]))
    return {"slug": slug, "label": topic.label, "description": topic.description, "url": address}


@finder.get(
    "/search/",
    response={200: shapes.SearchPage, **ERRORS},
    url_name="search",
    operation_id="search",
    summary="Stories found by words and meaning",
)
def search_stories(request: HttpRequest, query: Query[shapes.SearchQuery]) -> HttpResponse:
    """Published stories that `q` finds, best first, ten a page, within the filters."""
    if query.topic and query.topic not in BY_SLUG:
        raise Http404(f"No topic {query.topic!r}; GET /api/topics/ lists them.")
    try:
        since, until = (date.fromisoformat(day) if day else None for day in (query.since, query.until))
    except ValueError as exc:
        return error(request, 400, f"Bad parameter: since/until: {exc}.")
    filters = Filters(since, until, query.outlet, query.topic)
    return kept(request, lambda: search(query.q, filters, query.page))


@finder.get(
    "/topics/",
    response={200: shapes.TopicList, **ERRORS},
    url_name="topics",
    operation_id="listTopics",
    summary="The topics stories are filed under",
)
def topics(request: HttpRequest) -> HttpResponse:
    """The seventeen top levels of the IPTC Media Topics, each with where its stories are."""
    return kept(request, lambda: {"topics": [_topic(request, t.slug) for t in TOPICS]})


@finder.get(
    "/topics/{slug}/",
    response={200: shapes.TopicPage, **ERRORS},
    url_name="topic",
    operation_id="getTopic",
    summary="One topic's stories, newest first",
)
def topic(request: HttpRequest, paging: Query[shapes.PageQuery], slug: str = TopicSlug) -> HttpResponse:
    if slug not in BY_SLUG:
        raise Http404(f"No topic {slug!r}; GET /api/topics/ lists them.")

    def make() -> dict[str, Any]:
        listed = finding.page_of(finding.topic_ids(slug), paging.page)
        return {"topic": _topic(request, slug), **listed}

    return kept(request, make)
