"""Storing source articles: each goes in whole or not at all, and a second run adds nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.db import IntegrityError, transaction

from copydesk.core.text import fingerprint, names
from copydesk.core.types import ArticleInput
from copydesk.errors import IngestError
from copydesk.ingest.files import Item, expand, read_path
from copydesk.newsroom.models import Outlet, SourceArticle
from copydesk.pipeline import Progress, quiet


@dataclass
class IngestReport:
    """What one ingest run did."""

    added: int = 0
    duplicates: int = 0
    errors: list[IngestError] = field(default_factory=list)

    def summary(self) -> str:
        kinds = Counter(e.reason.split(":")[0] for e in self.errors)
        detail = "".join(f"\n  {n} × {k}" for k, n in kinds.most_common())
        return f"{self.added} new articles, {self.duplicates} duplicates, {len(self.errors)} errors{detail}"


def canonical_url(url: str | None) -> str | None:
    """The URL without its fragment, with a lower-case scheme and host."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def store(article: ArticleInput, now: datetime) -> bool:
    """Store one article unless it is already there (same URL or same content). True when added."""
    url = canonical_url(article.url)
    digest = fingerprint(article.title, article.text)
    if SourceArticle.objects.filter(fingerprint=digest).exists():
        return False
    if url and SourceArticle.objects.filter(url=url).exists():
        return False
    try:
        with transaction.atomic():
            outlet = Outlet.objects.get_or_create(name=article.outlet)[0] if article.outlet else None
            SourceArticle.objects.create(
                url=url,
                outlet=outlet,
                title=article.title[:500],
                text=article.text,
                published=article.published,
                language=article.language or "",
                author=(article.author or "")[:300],
                fingerprint=digest,
                names=sorted(names(article.title) | names(article.text, initial=False)),
                ingested_at=now,
            )
    except IntegrityError:  # a concurrent run stored it first
        return False
    return True


def ingest_items(items: Iterable[Item], now: datetime, report: IngestReport) -> None:
    for item in items:
        if item.error is not None:
            report.errors.append(item.error)
        elif item.article is not None:
            if store(item.article, now):
                report.added += 1
            else:
                report.duplicates += 1


def ingest_paths(paths: Iterable[Path], now: datetime, progress: Progress = quiet) -> IngestReport:
    """Read and store every article under `paths`; bad files and lines are reported, not fatal."""
    report = IngestReport()
    targets = list(expand(paths))
    for target in progress(targets, "Reading files", len(targets)):
        if isinstance(target, IngestError):
            report.errors.append(target)
        else:
            ingest_items(read_path(target), now, report)
    return report
