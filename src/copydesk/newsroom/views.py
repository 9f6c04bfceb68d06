"""Pages: thin views over `document.story_documents`, kept by `pagecache` until what they show changes;
a signed-in reader's own parts are filled in per request. The JSON API is `newsroom.api`; feeds,
sitemaps and the head's structured data are `feeds`, `sitemaps` and `structured`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from copydesk.discussion.templatetags.discussion import thoughts_html
from copydesk.newsroom.addresses import absolute
from copydesk.newsroom.document import story_cards, story_document
from copydesk.newsroom.finding import story_findings
from copydesk.newsroom.models import Duplicate, Revision, Story
from copydesk.newsroom.page import page_context
from copydesk.newsroom.pagecache import SITE, Unkept, respond, thoughts_stamp
from copydesk.newsroom.paging import page_number, pager
from copydesk.newsroom.structured import home_head, story_head

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


def home(request: HttpRequest) -> HttpResponse:
    """Latest stories: headline, dek, time and number of sources; older ones on ?page=N."""
    page = page_number(request)

    def render(slots: dict[str, SafeString]) -> tuple[str, str]:
        stories, more = story_cards(HOME_LIMIT, page)
        address = reverse("home") + (f"?page={page}" if page > 1 else "")
        context = {
            "stories": stories,
            "pager": pager(request, page, more),
            "slots": slots,
            "page_head": home_head(absolute(request, address)),
        }
        return _html(request, "newsroom/home.html", context)

    return respond(request, [SITE], render, ACCOUNT)


def published_or_moved(slug: str, view: str) -> Story | HttpResponse:
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
        story = published_or_moved(slug, "story")
        if isinstance(story, HttpResponse):
            raise Unkept(story)  # a merged story's redirect, never kept
        context = _story_context(story, number)
        page = reverse("story-revision", args=[slug, number]) if number else reverse("story", args=[slug])
        head = story_head(context["doc"], absolute(request, page), absolute(request, reverse("home")))
        return _html(request, "newsroom/story.html", {**context, "slots": slots, "page_head": head})

    def thoughts(request: HttpRequest, anonymous: bool) -> str:
        return thoughts_html(request, slug, anonymous)

    try:
        return respond(request, [SITE, thoughts_stamp(slug)], render, {**ACCOUNT, "thoughts": thoughts})
    except Unkept as moved:
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
