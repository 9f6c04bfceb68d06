"""Feed subscriptions in the database: add, list, remove, import and export OPML."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from copydesk.core.dedupe import canonical_url
from copydesk.fetch import FetchError, check_url
from copydesk.ingest.opml import Subscription, parse_opml, write_opml
from copydesk.newsroom.models import Feed


def add_feed(url: str, now: datetime, title: str = "", site_url: str = "") -> tuple[Feed, bool]:
    """Subscribe to a feed (due at once). Returns the feed and whether it is new."""
    check_url(url)
    canonical = canonical_url(url)
    if canonical is None:
        raise FetchError(url, "invalid-url", "not an http(s) URL")
    return Feed.objects.get_or_create(
        url=canonical, defaults={"title": title, "site_url": site_url, "added_at": now, "next_poll": now}
    )


def remove_feed(url: str) -> bool:
    """Unsubscribe; the articles already read stay. False when there was no such feed."""
    canonical = canonical_url(url) or url
    deleted, _ = Feed.objects.filter(url__in={url, canonical}).delete()
    return deleted > 0


def import_opml(raw: bytes, where: str, now: datetime) -> tuple[int, int, list[FetchError]]:
    """Subscribe to every feed of an OPML file: (added, already there, refused URLs)."""
    added = known = 0
    refused: list[FetchError] = []
    with transaction.atomic():
        for sub in parse_opml(raw, where):
            try:
                _, new = add_feed(sub.url, now, sub.title, sub.site_url)
            except FetchError as exc:
                refused.append(exc)
                continue
            added, known = added + new, known + (not new)
    return added, known, refused


def export_opml() -> bytes:
    return write_opml(Subscription(f.url, f.title, f.site_url) for f in Feed.objects.order_by("url"))
