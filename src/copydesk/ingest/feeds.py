"""Feeds: RSS 0.9x/1.0/2.0, Atom, RDF (through feedparser) and JSON Feed, from bytes to entries.

Entry text is reduced to plain text here, so no markup from a feed ever reaches a page.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from copydesk.core.text import normalize_space
from copydesk.core.types import ArticleInput
from copydesk.errors import IngestError
from copydesk.ingest.html_text import html_to_text

# feedparser resolves relative links and sanitises HTML itself; it must never fetch anything.
feedparser.RESOLVE_RELATIVE_URIS = True
feedparser.SANITIZE_HTML = True
_RSS_PREFIX = re.compile(rb"<(/?)rss:")


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, in plain text."""

    title: str
    link: str | None
    guid: str | None
    published: datetime | None
    author: str | None
    summary: str
    content: str

    @property
    def text(self) -> str:
        """The fullest text the feed gives: its content, else its summary."""
        return self.content if len(self.content) >= len(self.summary) else self.summary


@dataclass(frozen=True)
class ParsedFeed:
    """A feed's metadata and entries, and what was wrong with it (a feed can be broken and still useful)."""

    title: str
    link: str | None
    format: str
    entries: tuple[FeedEntry, ...]
    ttl_minutes: int | None = None
    language: str | None = None
    problem: str | None = None


def _moment(struct: Any) -> datetime | None:
    if not struct:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(struct), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _utc(moment: datetime | None) -> datetime | None:
    """A JSON Feed date in UTC: one without a zone is taken as UTC, as feedparser's readers take it."""
    if moment is None:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _plain(value: Any, detail: Any) -> str:
    """A feed value as plain text: text/plain values come unescaped from feedparser; HTML is reduced."""
    if isinstance(detail, dict) and detail.get("type") == "text/plain":
        return str(value or "").strip()
    return html_to_text(str(value or ""))


def _entry(item: Any) -> FeedEntry:
    contents = [_plain(c.get("value"), c) for c in item.get("content", []) if c.get("value")]
    summary = _plain(item.get("summary"), item.get("summary_detail"))
    return FeedEntry(
        title=normalize_space(_plain(item.get("title"), item.get("title_detail"))),
        link=item.get("link") or None,
        guid=item.get("id") or None,
        published=_moment(item.get("published_parsed") or item.get("updated_parsed")),
        author=normalize_space(item.get("author", "") or "") or None,
        summary=summary,
        content=max(contents, key=len) if contents else "",
    )


def _ttl(value: Any) -> int | None:
    try:
        minutes = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return minutes if minutes > 0 else None


def looks_like_json_feed(raw: bytes) -> bool:
    head = raw.lstrip()[:2000]
    return head.startswith(b"{") and b"jsonfeed.org" in head


def parse_json_feed(raw: bytes, where: str) -> ParsedFeed:
    """A JSON Feed (https://jsonfeed.org/version/1.1) document."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IngestError(where, f"invalid JSON Feed: {exc}") from None
    except RecursionError:  # the C decoder stops cleanly at the interpreter's recursion limit
        raise IngestError(where, "invalid JSON Feed: nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("items", []), list):
        raise IngestError(where, "invalid JSON Feed: no list of items")
    entries = []
    for item in data.get("items", []):
        if not isinstance(item, dict):
            continue
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        published = item.get("date_published") or item.get("date_modified")
        try:
            moment = datetime.fromisoformat(str(published).replace("Z", "+00:00")) if published else None
        except ValueError:
            moment = None
        entries.append(
            FeedEntry(
                title=normalize_space(str(item.get("title") or "")),
                link=item.get("url") or item.get("external_url") or None,
                guid=str(item["id"]) if item.get("id") is not None else None,
                published=_utc(moment),
                author=", ".join(a["name"] for a in authors if isinstance(a, dict) and a.get("name")) or None,
                summary=normalize_space(str(item.get("summary") or "")),
                content=html_to_text(str(item.get("content_html") or ""))
                or str(item.get("content_text") or ""),
            )
        )
    return ParsedFeed(
        title=normalize_space(str(data.get("title") or "")),
        link=data.get("home_page_url") or None,
        format="json",
        entries=tuple(entries),
        language=data.get("language") or None,
    )


def parse_feed(raw: bytes, url: str | None = None, content_type: str | None = None) -> ParsedFeed:
    """Parse feed bytes; IngestError when they are not a feed at all."""
    where = url or "feed"
    if looks_like_json_feed(raw):
        return parse_json_feed(raw, where)
    headers = {"content-type": content_type} if content_type else {}
    if url and url.startswith(("http://", "https://")):
        headers["content-location"] = url  # the base relative links resolve against
    try:
        parsed = feedparser.parse(raw, response_headers=headers, sanitize_html=True)
        if not parsed.entries and _RSS_PREFIX.search(raw) and b"xmlns:rss" not in raw:
            # RSS elements under an undeclared rss: prefix (seen in the wild): read them without it.
            retry = feedparser.parse(
                _RSS_PREFIX.sub(rb"<\1", raw), response_headers=headers, sanitize_html=True
            )
            parsed = retry if retry.entries else parsed
    except Exception as exc:  # feedparser is defensive, but hostile bytes have broken it before
        raise IngestError(where, f"cannot parse the feed: {type(exc).__name__}: {exc}") from None
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS, Atom, RDF or JSON Feed found"
        raise IngestError(where, f"not a feed: {reason}")
    meta = parsed.get("feed", {})
    problem = str(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    return ParsedFeed(
        title=normalize_space(_plain(meta.get("title"), meta.get("title_detail"))),
        link=meta.get("link") or None,
        format=version or "unknown",
        entries=tuple(_entry(item) for item in parsed.entries),
        ttl_minutes=_ttl(meta.get("ttl")),
        language=meta.get("language") or None,
        problem=problem,
    )


def article_from_entry(entry: FeedEntry, feed: ParsedFeed, outlet: str | None = None) -> ArticleInput | None:
    """The source article an entry gives, or None when it has neither title nor text to go on."""
    text = entry.text.strip()
    title = entry.title or normalize_space(text.split("\n", 1)[0])[:200]
    if not title or not text:
        return None
    return ArticleInput(
        title=title,
        text=text,
        url=entry.link,
        outlet=outlet or feed.title or None,
        published=entry.published,
        language=feed.language,
        author=entry.author,
    )
