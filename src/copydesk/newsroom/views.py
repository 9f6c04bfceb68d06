"""Pages and the JSON API: thin views over `document.story_document`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from copydesk.core.dates import anchors
from copydesk.newsroom.document import published_stories, story_document
from copydesk.newsroom.models import Duplicate, Revision, Story

HOME_LIMIT = 50


def home(request: HttpRequest) -> HttpResponse:
    """Latest stories: headline, dek, time and number of sources."""
    stories = []
    for story in published_stories()[:HOME_LIMIT]:
        revision = story.current
        assert revision is not None
        stories.append(
            {
                "slug": story.slug,
                "headline": revision.headline,
                "dek": revision.summary(),
                "updated": revision.created_at,
                "last_seen": story.last_seen,
                "sources": revision.sources.count(),
            }
        )
    return render(request, "newsroom/home.html", {"stories": stories})


def segments(sentence: dict[str, Any], by_url: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The sentence's text in pieces, each relative date ("on Thursday") followed by the day it means."""
    text = sentence["text"]
    written = next(
        (
            by_url[c["source"]]["published"]
            for c in sentence["citations"]
            if by_url.get(c["source"], {}).get("published")
        ),
        None,
    )
    if not written:
        return [{"text": text, "day": None}]
    pieces, cursor = [], 0
    for anchor in anchors(text, datetime.fromisoformat(written).date()):
        pieces.append({"text": text[cursor : anchor.end], "day": anchor.day})
        cursor = anchor.end
    pieces.append({"text": text[cursor:], "day": None})
    return pieces


def _page_context(doc: dict[str, Any]) -> dict[str, Any]:
    """The document, with each citation numbered after its source and carrying the source's details."""
    numbers = {source["url"]: n for n, source in enumerate(doc["sources"], start=1)}
    by_url = {source["url"]: source for source in doc["sources"]}
    counter = 0

    def enrich(sentence: dict[str, Any]) -> dict[str, Any]:
        nonlocal counter
        counter += 1
        cites = [
            {
                **c,
                "n": numbers.get(c["source"]),
                "outlet": by_url.get(c["source"], {}).get("outlet", ""),
                "title": by_url.get(c["source"], {}).get("title", ""),
            }
            for c in sentence["citations"]
        ]
        return {**sentence, "id": f"s{counter}", "citations": cites, "segments": segments(sentence, by_url)}

    dek_source = {"text": doc["dek"], "citations": doc.get("dek_citations", [])}
    sections = [
        {**section, "paragraphs": [[enrich(s) for s in paragraph] for paragraph in section["paragraphs"]]}
        for section in doc["sections"]
    ]
    differences = [
        {
            "what": d["what"],
            "values": [
                {
                    "value": v["value"],
                    "sources": [
                        {"n": numbers.get(url), "outlet": by_url.get(url, {}).get("outlet", url)}
                        for url in v["sources"]
                    ],
                }
                for v in d["values"]
            ],
        }
        for d in doc["differences"]
    ]
    return {
        "doc": doc,
        "dek": enrich(dek_source),
        "lead": sections[:1],
        "sections": sections[1:],
        "differences": differences,
    }


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
    story = _published(slug, "story")
    if isinstance(story, HttpResponse):
        return story
    revision = (
        get_object_or_404(Revision, story=story, number=number) if number is not None else story.current
    )
    doc = story_document(story, with_dek_citations=True, revision=revision)
    dates = sorted(d for d in (source["published"] for source in doc["sources"]) if d)
    copies = Duplicate.objects.filter(article__revisions=revision).select_related("outlet", "article")
    context = {
        **_page_context(doc),
        "copies": [
            {"outlet": c.outlet.name if c.outlet else c.url, "url": c.url, "of": c.article.title}
            for c in copies
        ],
        "writer": revision.writer if revision else "",
        "revision": revision,
        "is_current": revision == story.current,
        "reported": (datetime.fromisoformat(dates[0]), datetime.fromisoformat(dates[-1])) if dates else None,
    }
    return render(request, "newsroom/story.html", context)


def api_stories(request: HttpRequest) -> JsonResponse:
    """Published stories, newest first, each in the export shape."""
    return JsonResponse({"stories": [story_document(s) for s in published_stories()[:HOME_LIMIT]]})


def api_story(request: HttpRequest, slug: str) -> HttpResponse:
    story = _published(slug, "api-story")
    if isinstance(story, HttpResponse):
        return story
    return JsonResponse(story_document(story))
