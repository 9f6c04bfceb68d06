"""Polling feeds and reading URLs: fetch concurrently, parse, fetch full text, store one by one.

```
due feeds -> conditional GET (304: done) -> parse -> entries not seen yet
  -> full text for summary-only entries (page fetch + trafilatura) -> store each (ingest.store)
  -> record validators and the next poll (only now: a crash before this re-reads the feed, and
     the entries stored so far are recognised as copies, so nothing is lost and nothing doubled)
```
Network work runs concurrently on an event loop; every database write goes through one thread
(`sync_to_async`, thread-sensitive), the single-writer pattern SQLite wants.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from asgiref.sync import async_to_sync, sync_to_async
from django.db.models import Q

from copydesk.core.dedupe import canonical_url, url_variants
from copydesk.core.schedule import ScheduleOptions, next_poll, rhythm
from copydesk.core.types import ArticleInput
from copydesk.errors import IngestError
from copydesk.fetch import Fetcher, FetchError, FetchOptions, FetchResult
from copydesk.ingest.feeds import FeedEntry, ParsedFeed, article_from_entry, looks_like_json_feed, parse_feed
from copydesk.ingest.pages import extract_page
from copydesk.newsroom.models import Feed, SourceArticle
from copydesk.pipeline.ingest import IngestReport, NearDuplicates, store

FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf", b"<rdf")
UNCHANGED_BATCH = 500
"""Polls that found nothing new are stored this many at a time (losing them in a crash costs a re-poll)."""


@dataclass(frozen=True)
class PollOptions:
    """How polling behaves."""

    concurrency: int = 50
    """Feeds fetched at once (each host is also limited by the fetcher)."""
    full_text_below: int = 600
    """An entry with less text than this is a summary: its page is fetched for the full text."""
    schedule: ScheduleOptions = field(default_factory=ScheduleOptions)


@dataclass
class PollReport:
    """What one poll did."""

    feeds: int = 0
    not_modified: int = 0
    articles: IngestReport = field(default_factory=IngestReport)
    errors: Counter[str] = field(default_factory=Counter)
    full_text: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        errors = ", ".join(f"{n} {k}" for k, n in self.errors.most_common()) or "none"
        return (
            f"{self.feeds} feeds polled ({self.not_modified} not modified), "
            f"{self.articles.added} new articles, {self.articles.duplicate_count} duplicates, "
            f"feed errors: {errors}"
        )


def looks_like_feed(result: FetchResult) -> bool:
    kind = result.content_type
    if "rss" in kind or "atom" in kind or "rdf" in kind or kind == "application/feed+json":
        return True
    head = result.body[:1024].lstrip().lower()
    return looks_like_json_feed(result.body) or any(marker in head for marker in FEED_MARKERS)


def _unseen(entries: tuple[FeedEntry, ...], feed: Feed | None) -> tuple[list[FeedEntry], int]:
    """Entries not stored yet, so nothing is fetched or parsed twice; and how many are copies.

    An entry id is the feed's own: it is matched only among that feed's articles ('1' in another feed
    is another article). A URL is matched everywhere: the entry of another source under a stored URL
    is a copy (counted), while this feed's own entries seen before are simply skipped.
    """
    guids = [e.guid for e in entries if e.guid]
    urls = [v for e in entries if (c := canonical_url(e.link)) for v in url_variants(c)]
    seen_guids = (
        set(SourceArticle.objects.filter(feed=feed, guid__in=guids).values_list("guid", flat=True))
        if guids and feed is not None
        else set()
    )
    seen_urls = dict(SourceArticle.objects.filter(url__in=urls).values_list("url", "feed_id")) if urls else {}
    fresh, copies = [], 0
    for entry in entries:
        link = canonical_url(entry.link)
        owners = {seen_urls[v] for v in url_variants(link) if v in seen_urls} if link else set()
        if (entry.guid and entry.guid in seen_guids) or (feed is not None and feed.id in owners):
            continue
        if owners:
            copies += 1
            continue
        fresh.append(entry)
    return fresh, copies


class Poller:
    """Carries out one poll run (or one ingest of URLs) against the database."""

    def __init__(self, fetcher: Fetcher, now: datetime, options: PollOptions | None = None) -> None:
        self.fetcher = fetcher
        self.now = now
        self.options = options or PollOptions()
        self.report = PollReport()
        self.near = NearDuplicates(now)
        self.db: Callable[..., Any] = lambda f: sync_to_async(f, thread_sensitive=True)
        self.unchanged: list[Feed] = []

    async def full_text(self, entry: FeedEntry) -> FeedEntry:
        """The entry with its page's text when the feed gives only a summary."""
        if len(entry.text) >= self.options.full_text_below or not entry.link:
            return entry
        try:
            page = await self.fetcher.get(entry.link)
            extracted = await asyncio.to_thread(extract_page, page.body, page.final_url)
        except (FetchError, IngestError) as exc:
            self.report.full_text[getattr(exc, "kind", "extraction")] += 1
            return entry
        self.report.full_text["fetched"] += 1
        if len(extracted.text) <= len(entry.text):
            return entry
        return replace(entry, content=extracted.text, author=entry.author or extracted.author)

    async def store_feed(
        self, parsed: ParsedFeed, feed: Feed | None, outlet: str | None, source: str
    ) -> None:
        fresh, copies = await self.db(_unseen)(parsed.entries, feed)
        if copies:
            self.report.articles.duplicates["url"] += copies
        entries = await asyncio.gather(*(self.full_text(e) for e in fresh))
        for entry in entries:
            where = f"{source}#{entry.guid or entry.link or 'entry'}"
            article = article_from_entry(entry, parsed, outlet)
            if article is None:
                self.report.articles.errors.append(IngestError(where, "entry has no title or text"))
                continue
            try:
                outcome = await self.db(store)(article, self.now, self.near, feed, entry.guid or "", where)
            except IngestError as exc:
                self.report.articles.errors.append(exc)
                continue
            self.report.articles.take(outcome, article, where)

    async def poll(self, feed: Feed) -> None:
        """Poll one feed and record how it went; never raises for the feed's own failures."""
        self.report.feeds += 1
        try:
            result = await self.fetcher.get(feed.url, feed.etag or None, feed.last_modified or None)
            if result.not_modified:
                self.report.not_modified += 1
                self.schedule(feed, "not-modified", "", result, None)
                self.unchanged.append(feed)
                if len(self.unchanged) >= UNCHANGED_BATCH:
                    await self.db(self.flush)()
                return
            parsed = await asyncio.to_thread(parse_feed, result.body, result.final_url, result.content_type)
            outlet = feed.outlet.name if feed.outlet_id and feed.outlet else parsed.title or None
            await self.store_feed(parsed, feed, outlet, feed.url)
        except (FetchError, IngestError) as exc:
            kind = getattr(exc, "kind", "parse")
            self.report.errors[kind] += 1
            await self.db(self.record)(feed, kind, exc.reason, None, None)
            return
        await self.db(self.record)(feed, "ok", parsed.problem or "", result, parsed)

    def record(
        self, feed: Feed, status: str, error: str, result: FetchResult | None, parsed: ParsedFeed | None
    ) -> None:
        """Store how the poll went and when to poll next."""
        self.schedule(feed, status, error, result, parsed)
        feed.save()

    def flush(self) -> None:
        """Store the polls that found nothing new, in one statement (most polls are these)."""
        batch, self.unchanged = self.unchanged, []
        Feed.objects.bulk_update(
            batch, ["last_status", "last_error", "last_polled", "error_count", "next_poll"]
        )

    def schedule(
        self, feed: Feed, status: str, error: str, result: FetchResult | None, parsed: ParsedFeed | None
    ) -> None:
        """Note on the feed how the poll went and when to poll next (backing off after failures)."""
        failed = status not in {"ok", "not-modified"}
        feed.error_count = feed.error_count + 1 if failed else 0
        feed.last_status, feed.last_error, feed.last_polled = status, error[:2000], self.now
        if result is not None and not result.not_modified:
            feed.etag, feed.last_modified = result.etag or "", result.last_modified or ""
        if parsed is not None:
            feed.title = feed.title or parsed.title[:500]
            feed.site_url = feed.site_url or (parsed.link or "")[:2000]
            dates = [e.published for e in parsed.entries if e.published]
            feed.interval = int(rhythm(parsed.ttl_minutes, dates, self.options.schedule).total_seconds())
        feed.next_poll = next_poll(
            self.now, timedelta(seconds=feed.interval), feed.error_count, self.options.schedule
        )

    async def poll_all(self, feeds: list[Feed], progress: Callable[[], None] | None = None) -> PollReport:
        gate = asyncio.Semaphore(self.options.concurrency)

        async def one(feed: Feed) -> None:
            async with gate:
                await self.poll(feed)
            if progress:
                progress()

        await asyncio.gather(*(one(f) for f in feeds))
        await self.db(self.flush)()
        return self.report

    async def read_url(self, url: str) -> None:
        """`copydesk ingest URL`: a feed's entries or one article page, without subscribing."""
        try:
            result = await self.fetcher.get(url)
            if looks_like_feed(result):
                parsed = await asyncio.to_thread(
                    parse_feed, result.body, result.final_url, result.content_type
                )
                await self.store_feed(parsed, None, parsed.title or None, url)
                return
            page = await asyncio.to_thread(extract_page, result.body, result.final_url)
        except (FetchError, IngestError) as exc:
            self.report.articles.errors.append(IngestError(url, exc.reason))
            return
        article = ArticleInput(
            title=page.title or url,
            text=page.text,
            url=result.final_url,
            outlet=page.site_name,
            published=page.published,
            language=page.language,
            author=page.author,
        )
        try:
            outcome = await self.db(store)(article, self.now, self.near, where=url)
        except IngestError as exc:
            self.report.articles.errors.append(exc)
            return
        self.report.articles.take(outcome, article, url)


def run_poller(work: Callable[[Poller], Any], now: datetime) -> PollReport:
    """Run `await work(poller)` with a fetcher configured from the environment; the poller's report.

    async_to_sync keeps the poller's database work on the calling thread: one writer, as SQLite wants.
    """

    async def main() -> PollReport:
        async with Fetcher(FetchOptions.from_env()) as fetcher:
            poller = Poller(fetcher, now)
            await work(poller)
            return poller.report

    return async_to_sync(main)()


def due_feeds(now: datetime, everything: bool = False) -> list[Feed]:
    """Feeds whose next poll has come (or all of them)."""
    feeds = Feed.objects.select_related("outlet").order_by("next_poll", "id")
    return list(feeds if everything else feeds.filter(Q(next_poll__lte=now)))
