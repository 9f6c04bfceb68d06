"""Pages and the JSON API: thin views over `document.story_documents`, kept by `pagecache` until
what they show changes; a signed-in reader's own parts are filled in per request."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from copydesk.discussion.templatetags.discussion import thoughts_html
from copydesk.newsroom.document import published_stories, story_cards, story_document, story_documents
from copydesk.newsroom.finding import story_findings
from copydesk.newsroom.models import Duplicate, Revision, Story
from copydesk.newsroom.page import page_context
from copydesk.newsroom.pagecache import SITE, respond, thoughts_stamp
from copydesk.newsroom.paging import page_number, pager

HOME_LIMIT = 50


def account_html(request: HttpRequest, anonymous: bool) -> str:
    """The masthead's account links: sign in and up, or the reader's name and a sign-out form."""
    if anonymous:
        return render_to_string("newsroom/_account.html", {"user": AnonymousUser(), "request": request})
    return render_to_string("newsroom/_account.html", request=request)


ACCOUNT = {"account": account_html}


def _html(request: HttpRequest, template: str, context: dict[str, Any]) -> tuple[str, str]:
    # Rendered without the request: whatever is the reader's own lives in slots, filled apart.
    return render_to_string(template, {**context, "request": request}), "text/html; charset=utf-8"


def _json(data: Any) -> tuple[str, str]:
    return json.dumps(data, cls=DjangoJSONEncoder), "application/json"


def home(request: HttpRequest) -> HttpResponse:
    """Latest stories: headline, dek, time and number of sources; older ones on ?page=N."""
    page = page_number(request)

    def render(slots: dict[str, SafeString]) -> tuple[str, str]:
        stories, more = story_cards(HOME_LIMIT, page)
        links = pager(request, page, more)
        return _html(request, "newsroom/home.html", {"stories": stories, "pager": links, "slots": slots})

    return respond(request, [SITE], render, ACCOUNT)


def _published(slug: str, view: str) -> Story | HttpResponse:
    """The published story with this slug, or a redirect when an editor merged it into another one."""
    story = get_object_or_404(Story.objects.select_related("current", "merged_into"), slug=slug)
    if story.current is not None:
        return story
    if story.merged_into is not None:
        return redirect(view, slug=story.merged_into.slug)
    raise Http404("No such story.")


def story_page(request: HttpRequest, slug: str, number: int | None = None) -> HttpResponse:
    """The article page with all seven parts of the anatomy (DESIGN.md); `number` for an older revision."""

    def render(slots: dict[str, SafeString]) -> tuple[str, str]:
        story = _published(slug, "story")
        if isinstance(story, HttpResponse):
            raise Redirect(story)
        return _html(request, "newsroom/story.html", {**_story_context(story, number), "slots": slots})

    def thoughts(request: HttpRequest, anonymous: bool) -> str:
        return thoughts_html(request, slug, anonymous)

    try:
        return respond(request, [SITE, thoughts_stamp(slug)], render, {**ACCOUNT, "thoughts": thoughts})
    except Redirect as moved:
        return moved.response


def _story_context(story: Story, number: int | None) -> dict[str, Any]:
    revision = (
        get_object_or_404(Revision, story=story, number=number) if number is not None else story.current
    )
    assert revision is not None
    doc = story_document(story, with_dek_citations=True, revision=revision)
    dates = sorted(d for d in (source["published"] for source in doc["sources"]) if d)
    copies = Duplicate.objects.filter(article__revisions=revision).values_list(
        "outlet__name", "url", "article__title"
    )
    return {
        **page_context(doc),
        "findings": story_findings(story),
        "copies": [{"outlet": outlet or url, "url": url, "of": title} for outlet, url, title in copies],
        "writer": revision.writer,
        "revision": revision,
        "is_current": revision.id == story.current_id,
        "reported": (datetime.fromisoformat(dates[0]), datetime.fromisoformat(dates[-1])) if dates else None,
    }


class Redirect(Exception):
    """A merged story's address answers with a redirect, which is never kept."""

    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def api_stories(request: HttpRequest) -> HttpResponse:
    """Published stories, newest first, each in the export shape."""

    def render(slots: dict[str, SafeString]) -> tuple[str, str]:
        return _json({"stories": story_documents(list(published_stories()[:HOME_LIMIT]))})

    return respond(request, [SITE], render)


def api_story(request: HttpRequest, slug: str) -> HttpResponse:
    def render(slots: dict[str, SafeString]) -> tuple[str, str]:
        story = _published(slug, "api-story")
        if isinstance(story, HttpResponse):
            raise Redirect(story)
        return _json(story_document(story))

    try:
        return respond(request, [SITE], render)
    except Redirect as moved:
        return moved.response
