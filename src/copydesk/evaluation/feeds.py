"""`copydesk eval feeds`: feedparser's test cases and real feeds through Copydesk's own ingest path.

Every case goes through `parse_feed` then `article_from_entry` for each entry, as `copydesk poll` does.
A *crash* is any exception other than IngestError escaping that path; an IngestError (bytes that are
not a feed) is a handled error, counted as `ingest_errors`.

Expect lines (feedparser's format: `Expect: <Python expression over feedparser's result>` in the
header comment) are judged on the fields Copydesk keeps, through a feedparser-shaped view (a
FeedParserDict, so feedparser's aliases like `description` -> `summary` and `guid` -> `id` apply):

- feed `title` (and `title_detail.value`), `link`, `language`, `ttl` <- ParsedFeed (ttl as minutes);
- entry `title` (and `title_detail.value`), `link`, `author`, `published`/`updated` and their `_parsed`
  forms <- ArticleInput; `id` <- the FeedEntry's guid (stored with the article); `summary`,
  `description`, `content[0].value` <- ArticleInput.text (Copydesk keeps one text, the fullest the
  entry gives, so a line wanting summary and content to differ cannot hold).
- Entries article_from_entry does not store (no title or no text; most of feedparser's cases carry
  one element only): lines about them are not counted in `expect_held`, since those fields are not
  stored; they are reported as `expect_entry_not_stored`, and `expect_held_parsed` judges every
  counted or not-stored line on parse_feed's values for such entries (what the poller stores once it
  has fetched the entry's page for its text).
- Text: Copydesk stores plain text where feedparser keeps sanitised HTML, so the expected literal is
  reduced to plain text (lxml: entities decoded, tags dropped, block elements as breaks) unless
  feedparser's own result for that field says `text/plain`, in which case it is kept as it is; both
  sides are then compared after collapsing whitespace. The same rule holds for every text field.
- Dates: `*_parsed` compare as UTC time tuples; the raw `published`/`updated` strings, which Copydesk
  does not keep, compare as the moment feedparser's date parser reads from the expected string.
- Cases whose path says "http" are served over HTTP by feedparser's harness: they get the URL and the
  Content-Type header, which is what the fetcher hands parse_feed; other headers (Content-Location,
  Content-Language) have no way into parse_feed, so lines depending on them do not hold.

A line is split on its top-level `and`. Conjuncts that touch only other things (bozo, encoding,
version, namespaces, headers, tags, enclosures, detail types, ...) are dropped; the line is counted
when a conjunct on stored fields remains and no conjunct mixes the two (those are reported as
`expect_mixed`). Only a whitelist of syntax and the builtins `len` and `ord` are allowed; each line
is evaluated in its own try/except, an exception meaning "does not hold".

Real feeds (`X.xml` + `X.json`, or `X.json` + `X.expected.json`): per feed, five checks: entry count,
titles, links, published (to the second, UTC) and texts. Entries are compared position by position.
Texts: the expected text is the entry's body, its (fullest) `content` value, else its `description`,
reduced to plain text as above. It matches when its word sequence (`\\w+` tokens, as in the extraction
benchmark) appears whole and contiguous in the stored text's: layout whitespace does not count, nor
does Copydesk keeping a fuller text than a truncated description; a missing, garbled or merged word
does.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser

from copydesk.core.types import ArticleInput
from copydesk.errors import IngestError
from copydesk.evaluation.expect import WORD, Expectation, build_view, expectation, holds, plain_text, squash
from copydesk.ingest.feeds import ParsedFeed, article_from_entry, parse_feed
from copydesk.pipeline import Progress, quiet

SUBDIR = "feeds"
CASE_URL = "http://127.0.0.1:8097/"  # where feedparser's harness serves the cases whose path says "http"
REALWORLD_CHECKS = ("count", "titles", "links", "published", "texts")

_HEADER = re.compile(r"Description:\s*(.*?)\s*Expect:\s*(.*)\s*-->")
_HTTP_HEADER = re.compile(r"^Header:\s+([^:]+):(.*)$", re.MULTILINE)
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16"),
    (b"\xff\xfe", "utf-16"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)


@dataclass
class CaseResult:
    """What one feedparser case gave: a crash, a handled error, and its Expect line judged."""

    path: str
    crash: str | None = None
    ingest_error: bool = False
    expect: Expectation | None = None
    not_stored: bool = False  # the line reads an entry article_from_entry did not store
    held: bool = False
    held_parsed: bool = False  # judged on parse_feed's values for entries that were not stored


def ingest(
    raw: bytes, url: str | None = None, content_type: str | None = None
) -> tuple[ParsedFeed, list[ArticleInput | None]]:
    """The project's ingest path for feed bytes: parse_feed, then article_from_entry for each entry."""
    feed = parse_feed(raw, url=url, content_type=content_type)
    return feed, [article_from_entry(entry, feed) for entry in feed.entries]


def case_text(raw: bytes) -> str:
    """The case decoded as feedparser's own test harness does (byte order marks, else UTF-8)."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return raw.decode(codec, errors="ignore")
    return raw.decode("utf-8-sig", errors="ignore")


def case_url(path: Path) -> str | None:
    """The URL feedparser's harness serves a case from, for the cases it serves over HTTP."""
    parts = path.parts
    rel = "/".join(parts[len(parts) - 1 - parts[::-1].index("tests") :]) if "tests" in parts else path.name
    return CASE_URL + rel if "http" in rel else None


def run_case(path: Path) -> CaseResult:
    """Run one case through the ingest path and judge its Expect line on the stored fields."""
    result = CaseResult(str(path))
    raw = path.read_bytes()
    text = case_text(raw)
    match = _HEADER.search(text)
    url = case_url(path)
    headers = {k.strip().lower(): v.strip() for k, v in _HTTP_HEADER.findall(text)} if url else {}
    feed: ParsedFeed | None = None
    articles: list[ArticleInput | None] = []
    try:
        feed, articles = ingest(raw, url=url, content_type=headers.get("content-type"))
    except IngestError:
        result.ingest_error = True
    except Exception as exc:  # a crash is what this evaluation counts
        result.crash = f"{type(exc).__name__}: {exc}"
    if match:
        result.expect = expectation(match.group(2))
        if result.expect.code is not None:
            try:  # feedparser's own result tells which fields it holds as HTML (see build_view)
                ct = headers.get("content-type")
                ref = feedparser.parse(
                    raw, response_headers={"content-type": ct} if ct else {}, sanitize_html=True
                )
            except Exception:
                ref = {}
            result.not_stored = any(i < len(articles) and articles[i] is None for i in result.expect.entries)
            result.held = holds(result.expect, build_view(feed, articles, ref))
            result.held_parsed = holds(result.expect, build_view(feed, articles, ref, parsed=True))
    return result


def realworld_pairs(path: Path) -> list[tuple[Path, Path]]:
    """(feed, expected result) pairs: `X.xml` + `X.json`, and JSON Feeds `X.json` + `X.expected.json`."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    pairs = []
    for file in files:
        if file.suffix == ".xml" and file.with_suffix(".json").is_file():
            pairs.append((file, file.with_suffix(".json")))
        elif file.suffix == ".json" and not file.name.endswith(".expected.json"):
            expected = file.with_name(file.stem + ".expected.json")
            if expected.is_file():
                pairs.append((file, expected))
    return pairs


def feed_cases(path: Path) -> list[Path]:
    """The feedparser-style cases: XML files that are not one side of a real-feed pair."""
    files = [path] if path.is_file() else sorted(path.rglob("*.xml"))
    return [f for f in files if f.suffix == ".xml" and not f.with_suffix(".json").is_file()]


def _moment(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).replace(microsecond=0)


def _expected_text(entry: dict[str, Any]) -> str:
    """An expected entry's body as plain text: its fullest content value, else its description."""
    bodies = [plain_text(c.get("value") or "") for c in entry.get("content") or [] if isinstance(c, dict)]
    return max(bodies, key=len) if any(bodies) else plain_text(entry.get("description") or "")


def text_matches(expected: str, stored: str) -> bool:
    """Whether the expected words appear, in order and contiguous, in the stored text (see module doc)."""
    return f" {' '.join(WORD.findall(expected))} " in f" {' '.join(WORD.findall(stored))} "


def _entry_checks(want: dict[str, Any], got: ArticleInput | None) -> dict[str, bool]:
    if got is None:
        return dict.fromkeys(REALWORLD_CHECKS[1:], False)
    stored = got.published.astimezone(UTC).replace(microsecond=0) if got.published else None
    return {
        "titles": squash(plain_text(want.get("title") or "")) == squash(got.title),
        "links": (want.get("link") or None) == got.url,
        "published": _moment(want.get("published") or want.get("updated")) == stored,
        "texts": text_matches(_expected_text(want), got.text),
    }


def check_feed(feed_path: Path, expected_path: Path) -> dict[str, Any]:
    """The five checks for one real feed, with how many entries failed each."""
    want = json.loads(expected_path.read_text(encoding="utf-8")).get("entries", [])
    row: dict[str, Any] = {"feed": feed_path.name, "entries": len(want), "stored": 0, "error": None}
    articles: list[ArticleInput | None] = []
    try:
        articles = ingest(feed_path.read_bytes())[1]
    except IngestError as exc:
        row["error"] = str(exc)
    except Exception as exc:  # counted as a crash
        row["error"], row["crash"] = f"{type(exc).__name__}: {exc}", True
    row["stored"] = sum(a is not None for a in articles)
    misses: Counter[str] = Counter()
    for i, expected in enumerate(want):
        checks = _entry_checks(expected, articles[i] if i < len(articles) else None)
        misses.update(k for k, ok in checks.items() if not ok)
    row["count"] = row["stored"] == len(want) and len(articles) == len(want)
    row.update({k: misses[k] == 0 and row["count"] for k in REALWORLD_CHECKS[1:]})
    row["misses"] = dict(misses)
    return row


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def run(path: Path, progress: Progress[Any] = quiet) -> dict[str, Any]:
    """Run every case and real feed under `path` through the ingest path; the figures as a dict."""
    started = time.perf_counter()
    paths = feed_cases(path)
    cases = [run_case(p) for p in progress(paths, "feed cases", len(paths))]
    pairs = realworld_pairs(path)
    feeds = [check_feed(*pair) for pair in progress(pairs, "real feeds", len(pairs))]
    judged = [c for c in cases if c.expect is not None]
    on_stored = [c for c in judged if c.expect and c.expect.code is not None]
    counted = [c for c in on_stored if not c.not_stored]
    scopes = Counter(c.expect.scope for c in judged if c.expect)
    by_field: dict[str, list[int]] = {}
    for c in counted:
        tally = by_field.setdefault(c.expect.fields[0] if c.expect else "?", [0, 0])
        tally[0], tally[1] = tally[0] + c.held, tally[1] + 1
    checks = [row[k] for row in feeds for k in REALWORLD_CHECKS]
    crashed = [f"{c.path}: {c.crash}" for c in cases if c.crash]
    crashed += [f"{r['feed']}: {r['error']}" for r in feeds if r.get("crash")]
    held = sum(c.held for c in counted)
    return {
        "cases": len(cases),
        "crashes": len(crashed),
        "expect_held": _share(held, len(counted)),
        "ingest_errors": sum(c.ingest_error for c in cases),
        "expect_lines": len(judged),
        "expect_counted": len(counted),
        "expect_held_lines": held,
        "expect_entry_not_stored": len(on_stored) - len(counted),
        "expect_held_parsed": _share(sum(c.held_parsed for c in on_stored), len(on_stored)),
        "expect_out_of_scope": scopes["other"],
        "expect_mixed": scopes["mixed"],
        "expect_invalid": scopes["invalid"] + scopes["unsafe"],
        "expect_by_field": dict(sorted(by_field.items())),
        "realworld": len(feeds),
        "realworld_feeds": _share(sum(all(r[k] for k in REALWORLD_CHECKS) for r in feeds), len(feeds)),
        "realworld_fields_held": _share(sum(checks), len(checks)),
        "realworld_detail": feeds,
        "crashed": crashed[:20],
        "seconds": round(time.perf_counter() - started, 2),
    }


def format_report(figures: dict[str, Any]) -> str:
    """A short readable report."""
    f = figures
    lines = [f"Feeds: {f['cases']} feedparser cases and {f['realworld']} real feeds ({f['seconds']} s)"]
    lines.append(f"  crashes: {f['crashes']}   not a feed (IngestError, handled): {f['ingest_errors']}")
    if f["cases"]:
        lines += [
            f"  Expect lines: {f['expect_lines']}; on other fields (bozo, encoding, detail types, tags...): "
            f"{f['expect_out_of_scope']}; mixing both: {f['expect_mixed']}; unusable: {f['expect_invalid']}",
            "  on entries article_from_entry does not store (no title or text): "
            f"{f['expect_entry_not_stored']}",
            f"  held on stored fields: {f['expect_held']} "
            f"({f['expect_held_lines']} of {f['expect_counted']}); "
            f"on parse_feed's values incl. unstored entries: {f['expect_held_parsed']}",
        ]
        lines += [f"    {name:<28} {ok:>4} / {total}" for name, (ok, total) in f["expect_by_field"].items()]
    lines += [f"  crash: {c}" for c in f["crashed"]]
    if f["realworld"]:
        lines.append(
            f"  Real feeds: {f['realworld_feeds']} match on all of {', '.join(REALWORLD_CHECKS)}; "
            f"checks held: {f['realworld_fields_held']}"
        )
        for row in f["realworld_detail"]:
            bad = [f"{k} ({row['misses'].get(k, '-')} entries)" for k in REALWORLD_CHECKS if not row[k]]
            status = "ok" if not bad else "differs: " + ", ".join(bad)
            note = f"  [{row['error']}]" if row["error"] else ""
            lines.append(f"    {row['feed']:<30} {row['stored']:>3}/{row['entries']:<3} {status}{note}")
    return "\n".join(lines)
