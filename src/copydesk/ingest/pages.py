"""Article pages: the main text and metadata of an HTML page, extracted with trafilatura. Takes bytes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import trafilatura

from copydesk.errors import IngestError

MIN_TEXT_CHARS = 200


@dataclass(frozen=True)
class Page:
    """What an article page says, without its navigation, ads and comments."""

    text: str
    title: str | None = None
    published: datetime | None = None
    author: str | None = None
    site_name: str | None = None
    language: str | None = None
    url: str | None = None


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _decode(raw: bytes) -> str:
    # trafilatura guesses encodings from bytes; hand it text when UTF-8 is certain to keep that cost down.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return trafilatura.utils.decode_file(raw)


def extract_page(raw: bytes, url: str | None = None, min_chars: int = MIN_TEXT_CHARS) -> Page:
    """Extract the article of an HTML page; IngestError when the page holds no article text."""
    where = url or "page"
    if not raw.strip():
        raise IngestError(where, "empty page")
    try:
        doc = trafilatura.bare_extraction(
            _decode(raw),
            url=url,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
        )
    except Exception as exc:  # trafilatura raises many kinds on hostile markup
        raise IngestError(where, f"cannot extract the article: {type(exc).__name__}: {exc}") from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(text) < min_chars:
        raise IngestError(where, "no article text found on the page")
    return Page(
        text=text,
        title=doc.title or None,
        published=_date(doc.date),
        author=doc.author or None,
        site_name=doc.sitename or None,
        language=getattr(doc, "language", None) or None,
        url=doc.url or url,
    )
