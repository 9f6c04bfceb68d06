"""Feeds of the published stories: RSS 2.0 and Atom through Django's syndication framework, and JSON
Feed 1.1 (https://www.jsonfeed.org/version/1.1/) from the same items.

Each item is a story: headline, link, dek as the summary, the whole article as HTML (each sentence with
links to the reports it cites, then the list of sources), the sources again as Atom `link rel="related"`
(and `_copydesk.sources` in JSON Feed), the date it was first published and, as `updated`, the date of
its latest revision: a corrected story keeps its id and shows a newer updated date, so feed readers
show the correction rather than a new story. Feeds are kept and validated like pages (pagecache).

A feed of some of the stories (a topic's) is a subclass that says which ones, and is routed in each
format with the same URL arguments::

    class TopicFeed(StoryFeed):
        def stories(self, slug: str) -> QuerySet[Story]:
            return published_stories().filter(...)          # raise Http404 for an unknown topic
        def heading(self, slug: str) -> tuple[str, str]:
            return f"Copydesk: {slug}", reverse("topic", args=[slug])   # title, page it follows

    path("topics/<slug:slug>/feed.rss", TopicFeed("rss")), ... ("atom"), ... ("json")
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, rfc3339_date
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from copydesk.newsroom.addresses import origin
from copydesk.newsroom.document import published_stories, story_documents
from copydesk.newsroom.models import Story
from copydesk.newsroom.pagecache import SITE, respond

LIMIT = 50
NAME = "Copydesk"
DESCRIPTION = "News written from its sources, every sentence cited"
JSON_FEED = "https://jsonfeed.org/version/1.1"


def is_link(url: str) -> bool:
    """A source without an address is named by a local reference ('copydesk:source/12'), not a link."""
    return url.startswith(("http://", "https://"))


def _source_html(n: int, source: dict[str, Any]) -> SafeString:
    title = (
        format_html('<a href="{}">{}</a>', source["url"], source["title"])
        if is_link(source["url"])
        else escape(source["title"])
    )
    day = f" ({source['published'][:10]})" if source["published"] else ""
    return format_html("<li>[{}] {}: {}{}</li>", n, source["outlet"], title, day)


def article_html(doc: dict[str, Any]) -> str:
    """The article for a feed reader: sections and paragraphs, each sentence followed by links to the
    reports it cites (numbered as the sources list below), then the sources."""
    numbers = {source["url"]: n for n, source in enumerate(doc["sources"], start=1)}

    def cites(sentence: dict[str, Any]) -> SafeString:
        marks = [
            format_html('<a href="{}">[{}]</a>', c["source"], numbers.get(c["source"], "?"))
            if is_link(c["source"])
            else format_html("[{}]", numbers.get(c["source"], "?"))
            for c in sentence["citations"]
        ]
        return format_html(" <sup>{}</sup>", SafeString("".join(marks))) if marks else SafeString("")

    parts: list[str] = []
    for section in doc["sections"]:
        if section["heading"]:
            parts.append(format_html("<h2>{}</h2>", section["heading"]))
        for paragraph in section["paragraphs"]:
            sentences = format_html_join(" ", "{}{}", ((s["text"], cites(s)) for s in paragraph))
            parts.append(format_html("<p>{}</p>", sentences))
    listed = SafeString("".join(_source_html(n, s) for n, s in enumerate(doc["sources"], start=1)))
    parts.append(format_html("<h2>Sources</h2><ol>{}</ol>", listed))
    parts.append(
        format_html(
            "<p><em>Written by Copydesk's software from {} source reports; every sentence cites the "
            "passage it rests on. Check the originals.</em></p>",
            len(doc["sources"]),
        )
    )
    return "".join(parts)


@dataclass(frozen=True)
class Listing:
    """One request's feed: what it is, where it lives, and its items (built per request, so the feed
    objects, shared by every thread, hold no request state)."""

    title: str
    home: str
    address: str
    items: list[dict[str, Any]]


class RssFeed(Rss201rev2Feed):
    """RSS 2.0 with the whole article (content:encoded) and the latest revision's date (atom:updated)."""

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        handler.addQuickElement("content:encoded", item["content_html"])


class AtomFeed(Atom1Feed):
    """Atom with the whole article (content) and each source report as a related link."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content_html"], {"type": "html"})
        for source in item["sources"]:
            if is_link(source["url"]):
                handler.addQuickElement(
                    "link", "", {"rel": "related", "href": source["url"], "title": source["title"]}
                )


FORMATS: dict[str, type[Rss201rev2Feed] | type[Atom1Feed]] = {"rss": RssFeed, "atom": AtomFeed}


class StoryFeed(Feed):  # type: ignore[type-arg]
    """The latest published stories as a feed in `kind` ("rss", "atom" or "json"); subclasses choose
    the stories (`stories`) and name the feed (`heading`), see the module's docstring."""

    stamps: tuple[str, ...] = (SITE,)
    """The page stamps whose change makes the feed change (add any a subclass's choice depends on)."""

    def __init__(self, kind: str = "rss") -> None:
        if kind not in (*FORMATS, "json"):
            raise ValueError(f"no feed format {kind!r}")
        self.kind = kind
        self.feed_type = FORMATS.get(kind, AtomFeed)

    # The hook: which stories, and what the feed is called.
    def stories(self, **kwargs: Any) -> QuerySet[Story]:
        """Published stories this feed lists, newest first (URL arguments as keywords)."""
        return published_stories()

    def heading(self, **kwargs: Any) -> tuple[str, str]:
        """The feed's title and the path of the page it follows."""
        return NAME, reverse("home")

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        def render(slots: dict[str, SafeString]) -> tuple[str, str]:
            if self.kind == "json":
                return json_feed(self.get_object(request, **kwargs))
            response = super(StoryFeed, self).__call__(request, *args, **kwargs)
            return response.content.decode(), response["Content-Type"]

        return respond(request, list(self.stamps), render)

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Listing:
        base = origin(request)
        docs = story_documents(list(self.stories(**kwargs)[:LIMIT]))
        title, home = self.heading(**kwargs)
        items = [{"doc": doc, "link": f"{base}{reverse('story', args=[doc['slug']])}"} for doc in docs]
        return Listing(title=title, home=base + home, address=base + request.path, items=items)

    def title(self, listing: Listing) -> str:
        return listing.title

    def link(self, listing: Listing) -> str:
        return listing.home

    def feed_url(self, listing: Listing) -> str:
        return listing.address

    def description(self, listing: Listing) -> str:
        return DESCRIPTION

    def items(self, listing: Listing) -> list[dict[str, Any]]:
        return listing.items

    def item_title(self, item: dict[str, Any]) -> str:
        return str(item["doc"]["headline"])

    def item_description(self, item: dict[str, Any]) -> str:
        return str(item["doc"]["dek"])

    def item_link(self, item: dict[str, Any]) -> str:
        return str(item["link"])

    def item_guid(self, item: dict[str, Any]) -> str:
        return str(item["link"])

    def item_author_name(self, item: dict[str, Any]) -> str:
        return NAME

    def item_pubdate(self, item: dict[str, Any]) -> datetime:
        return datetime.fromisoformat(item["doc"]["published"])

    def item_updateddate(self, item: dict[str, Any]) -> datetime:
        return datetime.fromisoformat(item["doc"]["updated"])

    def item_extra_kwargs(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"content_html": article_html(item["doc"]), "sources": item["doc"]["sources"]}


def json_feed(listing: Listing) -> tuple[str, str]:
    """The listing as JSON Feed 1.1; the sources and verification counts as the `_copydesk` extension
    (the spec's way: keys starting with an underscore)."""
    author = {"name": NAME, "url": listing.home}
    items = [
        {
            "id": item["link"],
            "url": item["link"],
            "title": item["doc"]["headline"],
            "summary": item["doc"]["dek"],
            "content_html": article_html(item["doc"]),
            "date_published": item["doc"]["published"],
            "date_modified": item["doc"]["updated"],
            "authors": [author],
            "language": "en",
            "_copydesk": {
                "sources": item["doc"]["sources"],
                "verification": item["doc"]["verification"],
            },
        }
        for item in listing.items
    ]
    feed = {
        "version": JSON_FEED,
        "title": listing.title,
        "home_page_url": listing.home,
        "feed_url": listing.address,
        "description": DESCRIPTION,
        "language": "en",
        "authors": [author],
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False), "application/feed+json; charset=utf-8"
