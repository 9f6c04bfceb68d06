"""Reading source articles from files: JSON, JSON Lines, plain text and Markdown with front matter.

Every reader takes bytes and a name (for error messages) and yields articles or errors, so one bad
line or file never stops the rest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from copydesk.core.text import normalize_space
from copydesk.core.types import ArticleInput
from copydesk.errors import IngestError
from copydesk.ingest.feeds import article_from_entry, looks_like_json_feed, parse_feed

SUFFIXES = (".json", ".jsonl", ".txt", ".md", ".markdown", ".xml", ".rss", ".atom", ".rdf")
_FIELDS = ("title", "text", "url", "outlet", "published", "language", "author")


@dataclass(frozen=True)
class Item:
    """One article read from `where` (file, or file:line), or the error that stopped it."""

    where: str
    article: ArticleInput | None = None
    error: IngestError | None = None


def parse_published(value: Any, where: str) -> datetime | None:
    """An ISO 8601 date or datetime as an aware datetime (UTC when no zone is given)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            raise IngestError(where, f"'published' is not an ISO 8601 date: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def article_from_mapping(data: Any, where: str) -> ArticleInput:
    """Check a JSON object against the input contract (title and text required)."""
    if not isinstance(data, dict):
        raise IngestError(where, f"expected a JSON object, got {type(data).__name__}")
    for key in ("title", "text"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise IngestError(where, f"'{key}' is required and must be a non-empty string")
    for key in ("url", "outlet", "language", "author"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise IngestError(where, f"'{key}' must be a string")
    return ArticleInput(
        title=normalize_space(data["title"]),
        text=data["text"].strip(),
        url=(data.get("url") or "").strip() or None,
        outlet=normalize_space(data.get("outlet") or "") or None,
        published=parse_published(data.get("published"), where),
        language=data.get("language") or None,
        author=normalize_space(data.get("author") or "") or None,
    )


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(where, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


TOO_DEEP = "nested too deeply (arrays or objects inside each other beyond what the reader can follow)"


def load_json(text: str, where: str) -> Any:
    """Parsed JSON, or IngestError: invalid, or nested so deep that the decoder runs out of stack."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(
            f"{where}:{exc.lineno}" if exc.lineno > 1 else where, f"invalid JSON: {exc.msg}"
        ) from None
    except RecursionError:  # the C decoder stops cleanly at the interpreter's recursion limit
        raise IngestError(where, TOO_DEEP) from None


def read_feed(raw: bytes, name: str) -> Iterator[Item]:
    """A saved feed (RSS, Atom, RDF, JSON Feed): one article per entry."""
    try:
        feed = parse_feed(raw, name)
    except IngestError as exc:
        yield Item(name, error=exc)
        return
    for i, entry in enumerate(feed.entries):
        where = f"{name}#{entry.guid or entry.link or i}"
        article = article_from_entry(entry, feed)
        if article is None:
            yield Item(where, error=IngestError(where, "entry has no title or text"))
        else:
            yield Item(where, article=article)


def read_json(raw: bytes, name: str) -> Iterator[Item]:
    """A JSON file: one article object, or a list of them (or a JSON Feed)."""
    if looks_like_json_feed(raw):
        yield from read_feed(raw, name)
        return
    try:
        data = load_json(_decode(raw, name), name)
    except IngestError as exc:
        yield Item(name, error=exc)
        return
    rows = data if isinstance(data, list) else [data]
    for i, row in enumerate(rows):
        where = f"{name}[{i}]" if isinstance(data, list) else name
        yield _item(where, lambda row=row, where=where: article_from_mapping(row, where))


def read_jsonl(raw: bytes, name: str) -> Iterator[Item]:
    """JSON Lines: one article object per line; blank lines are skipped.

    Lines end at b"\n" only (JSON strings may hold U+2028, which str.splitlines would cut at), and
    each line is decoded on its own, so one line that is not UTF-8 costs that line, not the file.
    """
    for number, chunk in enumerate(raw.split(b"\n"), start=1):
        if not chunk.strip():
            continue
        where = f"{name}:{number}"
        try:
            data = load_json(_decode(chunk, where), where)
        except IngestError as exc:
            yield Item(where, error=IngestError(where, exc.reason))
            continue
        yield _item(where, lambda data=data, where=where: article_from_mapping(data, where))


def _front_matter(text: str, where: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---"):
        return {}, text
    head, sep, body = text[3:].partition("\n---")
    if not sep:
        raise IngestError(where, "front matter opened with '---' but never closed")
    try:
        meta = yaml.safe_load(head) or {}
    except yaml.YAMLError as exc:
        raise IngestError(where, f"front matter is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise IngestError(where, "front matter must be a mapping of keys to values")
    return meta, body.partition("\n")[2]


def parse_text(raw: bytes, name: str) -> ArticleInput:
    """Plain text or Markdown: optional front matter, then the title line, then the body."""
    meta, body = _front_matter(_decode(raw, name), name)
    lines = body.strip().splitlines()
    if not lines:
        raise IngestError(name, "empty: a title line and a body are required")
    title = lines[0].lstrip("#").strip()
    unknown = sorted(set(meta) - set(_FIELDS))
    if unknown:
        raise IngestError(name, f"unknown front matter keys: {', '.join(unknown)}")
    data = {**{k: (str(v) if k != "published" and v is not None else v) for k, v in meta.items()}}
    data.update(title=title, text="\n".join(lines[1:]))
    return article_from_mapping(data, name)


def read_text(raw: bytes, name: str) -> Iterator[Item]:
    yield _item(name, lambda: parse_text(raw, name))


def _item(where: str, make: Any) -> Item:
    try:
        return Item(where, article=make())
    except IngestError as exc:
        return Item(where, error=exc)


READERS = {
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".txt": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
    ".rdf": read_feed,
}


def expand(paths: Iterable[Path]) -> Iterator[Path | IngestError]:
    """Files to read, directories walked in name order; unknown or missing paths become errors."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES:
                    yield child
        elif not path.exists():
            yield IngestError(str(path), "no such file or directory")
        elif path.suffix.lower() not in READERS:
            yield IngestError(str(path), f"unsupported file type (expected one of {', '.join(SUFFIXES)})")
        else:
            yield path


def read_path(path: Path) -> Iterator[Item]:
    """Every article (or error) in one file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield Item(str(path), error=IngestError(str(path), f"cannot read: {exc.strerror}"))
        return
    yield from READERS[path.suffix.lower()](raw, str(path))
