"""Ingest from files into a real SQLite database: formats, malformed input, re-runs."""

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from copydesk import config
from copydesk.core.dedupe import canonical_url
from copydesk.newsroom.models import Duplicate, SourceArticle
from copydesk.pipeline.ingest import ingest_paths

NOW = datetime(2026, 2, 1, tzinfo=UTC)
pytestmark = pytest.mark.django_db


def article(n: int, **extra: str) -> dict[str, str]:
    return {
        "title": f"Harbour dredging begins at berth {n}",
        "text": f"Dredgers started work at berth {n} of Port Sellick harbour.\n\nIt takes a month.",
        "url": f"https://portnews.example/dredging/{n}",
        "outlet": "Port News",
        "published": "2026-01-30T10:00:00Z",
        **extra,
    }


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


def test_jsonl_is_stored_with_all_fields(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [article(1, author="R. Vale", language="en")])
    report = ingest_paths([path], NOW)
    assert (report.added, report.duplicate_count, report.errors) == (1, 0, [])
    stored = SourceArticle.objects.get(url="https://portnews.example/dredging/1")
    assert stored.outlet is not None and stored.outlet.name == "Port News"
    assert stored.published == datetime(2026, 1, 30, 10, tzinfo=UTC)
    assert (stored.author, stored.language) == ("R. Vale", "en")
    assert "Port Sellick" in stored.names


def test_malformed_lines_are_reported_and_the_rest_goes_in(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "mixed.jsonl",
        [
            article(2),
            "{not json",
            json.dumps({"title": "No text"}),
            article(3, published="last Tuesday"),
            article(4),
        ],
    )
    report = ingest_paths([path], NOW)
    assert report.added == 2
    where = sorted(e.where for e in report.errors)
    assert where == [f"{path}:2", f"{path}:3", f"{path}:4"]
    reasons = " | ".join(e.reason for e in report.errors)
    assert "invalid JSON" in reasons and "'text' is required" in reasons and "ISO 8601" in reasons
    assert SourceArticle.objects.filter(url__startswith="https://portnews.example/dredging/").count() == 2


def test_a_line_too_deep_or_not_utf8_is_reported_and_the_rest_of_the_file_goes_in(tmp_path: Path) -> None:
    lines = [
        json.dumps(article(20)).encode(),
        b"[" * 100_000,  # nesting deeper than any reader's stack
        json.dumps(article(21)).encode(),
        json.dumps(article(22)).encode().replace(b"Harbour", b"Harbour caf\xe9"),  # Latin-1, not UTF-8
        json.dumps(
            {**article(23), "text": "Line separators\u2028stay inside a string."}, ensure_ascii=False
        ).encode(),
        b'{"title": "x", "text": "y", "extra": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        json.dumps(article(24)).encode(),
    ]
    mixed = tmp_path / "a.jsonl"
    mixed.write_bytes(b"\n".join(lines) + b"\n")
    later = write_jsonl(tmp_path / "b.jsonl", [article(25)])
    deep = tmp_path / "deep.json"
    deep.write_bytes(b"[" * 100_000)
    report = ingest_paths([mixed, deep, later], NOW)
    assert report.added == 5
    assert [(e.where, e.reason.split(" (")[0]) for e in report.errors] == [
        (f"{mixed}:2", "nested too deeply"),
        (f"{mixed}:4", "not UTF-8 text"),
        (f"{mixed}:6", "nested too deeply"),
        (str(deep), "nested too deeply"),
    ]
    stored = set(SourceArticle.objects.values_list("url", flat=True))
    assert {f"https://portnews.example/dredging/{n}" for n in (20, 21, 23, 24, 25)} <= stored
    assert "\u2028" in SourceArticle.objects.get(url="https://portnews.example/dredging/23").text


def test_a_json_feed_nested_too_deeply_is_a_clear_error(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_bytes(b'{"version": "https://jsonfeed.org/version/1.1", "items": ' + b"[" * 100_000)
    report = ingest_paths([feed], NOW)
    assert report.added == 0 and [e.where for e in report.errors] == [str(feed)]
    assert "nested too deeply" in report.errors[0].reason


def test_an_article_over_the_size_cap_is_refused_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    capped = replace(config.current(), max_article_chars=2_000)
    monkeypatch.setattr(config, "_loaded", {"current": capped})
    long = article(30, text="The harbour board met again. " * 100)  # 2,900 characters
    path = write_jsonl(tmp_path / "cap.jsonl", [article(31), long, article(32)])
    report = ingest_paths([path], NOW)
    assert report.added == 2 and [e.where for e in report.errors] == [f"{path}:2"]
    reason = report.errors[0].reason
    assert (
        "2,899 characters" in reason and "limit of 2,000" in reason and "COPYDESK_MAX_ARTICLE_CHARS" in reason
    )
    assert not SourceArticle.objects.filter(url="https://portnews.example/dredging/30").exists()


def test_a_link_that_is_not_http_is_dropped_and_reported(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "links.jsonl",
        [
            article(40, url="javascript:alert(document.cookie)"),
            article(41, url="data:text/html,<script>alert(1)</script>"),
            article(42, url="/news/relative"),
            article(43, url="http://[::1/broken"),
            article(44),
        ],
    )
    report = ingest_paths([path], NOW)
    assert report.added == 5 and not report.errors
    assert [(n.where, n.reason) for n in report.notes] == [
        (f"{path}:1", "no usable link: javascript: URL dropped"),
        (f"{path}:2", "no usable link: data: URL dropped"),
        (f"{path}:3", "no usable link: '/news/relative' is not a valid absolute http(s) URL, dropped"),
        (f"{path}:4", "no usable link: 'http://[::1/broken' is not a valid absolute http(s) URL, dropped"),
    ]
    assert "4 links dropped" in report.summary()
    linkless = SourceArticle.objects.filter(title__in=[article(n)["title"] for n in (40, 41, 42, 43)])
    assert linkless.count() == 4 and set(linkless.values_list("url", flat=True)) == {None}


def test_second_run_adds_nothing(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "b.jsonl", [article(5), article(6)])
    first = ingest_paths([path], NOW)
    before = SourceArticle.objects.count()
    second = ingest_paths([path], NOW)
    assert (first.added, second.added, second.duplicates) == (2, 0, {"url": 2})
    assert SourceArticle.objects.count() == before


def test_same_text_under_another_url_is_a_duplicate(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", [article(7), article(7, url="https://mirror.example/x")])
    report = ingest_paths([path], NOW)
    assert (report.added, report.duplicates) == (1, {"exact": 1})
    copy = Duplicate.objects.get(url="https://mirror.example/x")
    assert copy.article.url == "https://portnews.example/dredging/7" and copy.kind == "exact"


def test_markdown_with_front_matter_and_plain_text(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text(
        "---\noutlet: Valley Times\nurl: https://valley.example/a\npublished: 2026-01-29\n---\n"
        "# Library extends opening hours\n\nThe Dunmore library will open until 9pm from March.\n"
    )
    (tmp_path / "two.txt").write_text(
        "Bus route 12 returns\n\nThe route reopens on Monday after roadworks.\n"
    )
    (tmp_path / "ignored.csv").write_text("a,b\n")
    report = ingest_paths([tmp_path], NOW)
    assert (report.added, report.errors) == (2, [])
    md = SourceArticle.objects.get(url="https://valley.example/a")
    assert md.title == "Library extends opening hours"
    assert md.text == "The Dunmore library will open until 9pm from March."
    assert md.published == datetime(2026, 1, 29, tzinfo=UTC)
    assert SourceArticle.objects.filter(title="Bus route 12 returns", url__isnull=True).exists()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bad.md", b"---\noutlet: [unclosed\n---\nTitle\n\nBody.\n", "front matter is not valid YAML"),
        ("open.md", b"---\noutlet: X\nTitle\n\nBody.\n", "never closed"),
        ("keys.md", b"---\nsection: World\n---\nTitle\n\nBody.\n", "unknown front matter keys: section"),
        ("empty.txt", b"\n\n", "empty"),
        ("latin.txt", "Caf\xe9 opens\n\nBody.".encode("latin-1"), "not UTF-8"),
        ("list.json", b"[1, 2]", "expected a JSON object"),
        ("broken.json", b'{"title": ', "invalid JSON"),
    ],
)
def test_malformed_files_are_reported(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = SourceArticle.objects.count()
    report = ingest_paths([path], NOW)
    assert report.added == 0 and SourceArticle.objects.count() == before
    assert report.errors and reason in report.errors[0].reason
    assert str(path) in str(report.errors[0])


def test_missing_and_unsupported_paths(tmp_path: Path) -> None:
    (tmp_path / "feed.csv").write_text("x")
    report = ingest_paths([tmp_path / "nope.jsonl", tmp_path / "feed.csv"], NOW)
    assert [e.reason.split(" (")[0] for e in report.errors] == [
        "no such file or directory",
        "unsupported file type",
    ]


def test_json_list_of_articles(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([article(8), article(9)]))
    assert ingest_paths([path], NOW).added == 2


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://Example.COM/a#frag", "https://example.com/a"),
        ("https://example.com/a/?utm_source=rss&id=3&fbclid=x", "https://example.com/a?id=3"),
        ("http://example.com:80//a//b/", "http://example.com/a/b"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com", "https://example.com/"),
        ("ftp://example.com/a", None),
        ("not a url", None),
        (None, None),
    ],
)
def test_canonical_url(url: str | None, canonical: str | None) -> None:
    assert canonical_url(url) == canonical


@pytest.mark.django_db(transaction=True)
def test_the_text_is_read_before_the_write_transaction_opens(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # SQLite's write lock is taken when the transaction opens (BEGIN IMMEDIATE): reading a long text
    # inside it made every other writer wait, then fail with "database is locked".
    from django.db import connection

    import copydesk.pipeline.ingest as ingest_module

    inside: list[bool] = []

    def watched(text: str, initial: bool = True) -> set[str]:
        inside.append(connection.in_atomic_block)
        return real(text, initial)

    real = ingest_module.names
    monkeypatch.setattr(ingest_module, "names", watched)
    report = ingest_paths([write_jsonl(tmp_path / "t.jsonl", [article(50), article(51)])], NOW)
    assert report.added == 2 and len(inside) == 4 and not any(inside)
