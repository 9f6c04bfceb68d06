"""Storing source articles: each goes in whole or not at all, a copy is recorded once, a re-run adds nothing.

A copy is the same URL (canonical, either scheme), the same text (fingerprint), or nearly the same
text under another outlet (MinHash over word shingles, searched with an LSH index of recent articles).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from datasketch import MinHashLSH
from django.db import IntegrityError, transaction

from copydesk import config
from copydesk.core.dedupe import (
    PERMUTATIONS,
    canonical_url,
    link_problem,
    minhash_of,
    signature,
    similarity,
    url_variants,
)
from copydesk.core.text import fingerprint, names
from copydesk.core.types import ArticleInput
from copydesk.errors import IngestError
from copydesk.ingest.files import Item, expand, read_path
from copydesk.newsroom.models import Duplicate, Feed, Outlet, SourceArticle
from copydesk.pipeline import Progress, quiet

NEAR = 0.8
"""Estimated Jaccard similarity of word shingles from which two texts are one copy."""
WINDOW = timedelta(days=14)
"""How far back near-duplicates are searched (wire copy is republished within days)."""


@dataclass
class IngestReport:
    """What one ingest run did."""

    added: int = 0
    duplicates: Counter[str] = field(default_factory=Counter)
    errors: list[IngestError] = field(default_factory=list)
    notes: list[IngestError] = field(default_factory=list)
    """What was stored with something left out (a link that was not a usable URL)."""

    @property
    def duplicate_count(self) -> int:
        return sum(self.duplicates.values())

    def count(self, outcome: str) -> None:
        if outcome == "added":
            self.added += 1
        else:
            self.duplicates[outcome] += 1

    def take(self, outcome: str, article: ArticleInput, where: str) -> None:
        """Count a stored article's outcome and note a link dropped on the way in."""
        self.count(outcome)
        problem = link_problem(article.url)
        if outcome == "added" and problem:
            self.notes.append(IngestError(where, problem))

    def summary(self) -> str:
        kinds = Counter(e.reason.split(":")[0] for e in self.errors)
        detail = "".join(f"\n  {n} x {k}" for k, n in kinds.most_common())
        dupes = ", ".join(f"{n} {k}" for k, n in sorted(self.duplicates.items()))
        notes = f", {len(self.notes)} links dropped" if self.notes else ""
        return (
            f"{self.added} new articles, {self.duplicate_count} duplicates"
            f"{f' ({dupes})' if dupes else ''}{notes}, {len(self.errors)} errors{detail}"
        )


class NearDuplicates:
    """An LSH index of recent articles' MinHash signatures, loaded on first use."""

    def __init__(self, now: datetime, window: timedelta = WINDOW, threshold: float = NEAR) -> None:
        self.since = now - window
        self.threshold = threshold
        self._lsh: MinHashLSH | None = None
        self._signatures: dict[int, np.ndarray] = {}

    def _index(self) -> MinHashLSH:
        if self._lsh is None:
            self._lsh = MinHashLSH(threshold=self.threshold, num_perm=PERMUTATIONS)
            recent = SourceArticle.objects.filter(ingested_at__gte=self.since, minhash__isnull=False)
            for article_id, blob in recent.values_list("id", "minhash").iterator():
                self.add(article_id, np.frombuffer(bytes(blob), dtype=np.uint64))
        return self._lsh

    def find(self, values: np.ndarray) -> tuple[int, float] | None:
        """The stored article this text copies, with the estimated similarity, if any."""
        best: tuple[int, float] | None = None
        for article_id in self._index().query(minhash_of(values)):
            score = similarity(values, self._signatures[article_id])
            if score >= self.threshold and (best is None or score > best[1]):
                best = (article_id, score)
        return best

    def add(self, article_id: int, values: np.ndarray) -> None:
        if article_id not in self._signatures:
            self._signatures[article_id] = values
            self._index().insert(article_id, minhash_of(values))


def _outlet(name: str | None) -> Outlet | None:
    return Outlet.objects.get_or_create(name=name)[0] if name else None


def _record_copy(
    original_id: int, article: ArticleInput, url: str | None, kind: str, score: float, now: datetime
) -> None:
    """Note another outlet's copy on the stored article (once per URL)."""
    if not url:
        return
    Duplicate.objects.get_or_create(
        article_id=original_id,
        url=url,
        defaults={
            "outlet": _outlet(article.outlet),
            "title": article.title[:500],
            "kind": kind,
            "similarity": score,
            "seen_at": now,
        },
    )


def find_copy(article: ArticleInput, url: str | None, digest: str) -> tuple[str, int] | None:
    """An article already stored under this URL or with this exact text: (kind, its id)."""
    if url:
        known = SourceArticle.objects.filter(url__in=url_variants(url)).values_list("id", flat=True).first()
        if known:
            return "url", known
    same = SourceArticle.objects.filter(fingerprint=digest).values_list("id", flat=True).first()
    return ("exact", same) if same else None


@dataclass(frozen=True)
class Prepared:
    """Everything storing an article needs that takes time to compute, computed before any write."""

    article: ArticleInput
    url: str | None
    digest: str
    signature: np.ndarray
    names: list[str]


def prepare(article: ArticleInput, where: str, limit: int) -> Prepared:
    """Check the article's size and compute its URL, fingerprint, MinHash and names (no database).

    An article over the limit is refused whole, not cut: a cut copy would be cited as the outlet's
    text although its end (a correction, the other side's answer) is missing, and a text this long is
    a dump or a failed extraction, not a report. Checked first, so nothing long is ever computed.
    """
    if len(article.text) > limit:
        raise IngestError(
            where,
            f"text of {len(article.text):,} characters is over the limit of {limit:,} "
            "(COPYDESK_MAX_ARTICLE_CHARS); refused whole rather than cut",
        )
    return Prepared(
        article=article,
        url=canonical_url(article.url),
        digest=fingerprint(article.title, article.text),
        signature=signature(article.text),
        names=sorted(names(article.title) | names(article.text, initial=False)),
    )


def store(
    article: ArticleInput,
    now: datetime,
    near: NearDuplicates,
    feed: Feed | None = None,
    guid: str = "",
    where: str = "",
) -> str:
    """Store one article unless it is a copy. Returns 'added', or the kind of copy: url, exact, near.

    IngestError when it is refused (too long). All the computing is done before the one short
    transaction that writes it, so no other writer waits on this article's size.
    """
    ready = prepare(article, where or article.url or article.title[:80], config.current().max_article_chars)
    url, values = ready.url, ready.signature
    copy = find_copy(article, url, ready.digest)
    if copy:
        kind, original = copy
        if kind == "exact":
            _record_copy(original, article, url, kind, 1.0, now)
        return kind
    match = near.find(values)
    if match:
        _record_copy(match[0], article, url, "near", match[1], now)
        return "near"
    try:
        with transaction.atomic():
            stored = SourceArticle.objects.create(
                url=url,
                outlet=_outlet(article.outlet),
                title=article.title[:500],
                text=article.text,
                published=article.published,
                language=article.language or "",
                author=(article.author or "")[:300],
                fingerprint=ready.digest,
                ingested_at=now,
                feed=feed,
                guid=guid[:2000],
                minhash=values.tobytes(),
                names=ready.names,
            )
    except IntegrityError:  # a concurrent run stored it first
        return "exact"
    near.add(stored.id, values)
    return "added"


def ingest_items(items: Iterable[Item], now: datetime, report: IngestReport, near: NearDuplicates) -> None:
    for item in items:
        if item.error is not None:
            report.errors.append(item.error)
        elif item.article is not None:
            try:
                outcome = store(item.article, now, near, where=item.where)
            except IngestError as exc:
                report.errors.append(exc)
                continue
            report.take(outcome, item.article, item.where)


def ingest_paths(paths: Iterable[Path], now: datetime, progress: Progress = quiet) -> IngestReport:
    """Read and store every article under `paths`; bad files and lines are reported, not fatal."""
    report = IngestReport()
    near = NearDuplicates(now)
    targets = list(expand(paths))
    for target in progress(targets, "Reading files", len(targets)):
        if isinstance(target, IngestError):
            report.errors.append(target)
        else:
            ingest_items(read_path(target), now, report, near)
    return report
