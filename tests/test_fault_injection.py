"""Fault injection through the real command line: bad stories, feeds, lines and pages never stop the rest.

A stream of 200 reports arrives in parts, as a newsroom meets it: three JSONL files (one line nested 100,000
deep, one line that is not UTF-8), two good feeds on 127.0.0.1 (one of summaries whose pages are fetched, two of
those pages hostile) and three failing feeds (a server error, a page that is no feed, an invalid IPv4 host).
Five of the stream's stories hold nothing a writer may publish. Every other story must be published.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.conftest import copydesk
from tests.databases import columns as table_columns
from tests.databases import connect
from tests.httpserver import Site, serving_site
from tests.newsroom_stream import EVENTS, UNWRITABLE, jsonl, report, stream


@pytest.fixture
def site() -> Iterator[Site]:
    with serving_site() as s:
        yield s


def rss(items: list[str]) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback wire</title>'
        f"<link>http://127.0.0.1/</link><description>test</description>{''.join(items)}</channel></rss>"
    )


def full_item(entry: dict[str, str], guid: str) -> str:
    return (
        f"<item><title>{escape(entry['title'])}</title><link>{escape(entry['url'])}</link>"
        f"<guid>{guid}</guid><pubDate>Mon, 02 Mar 2026 12:00:00 GMT</pubDate>"
        f"<description>{escape(entry['text'])}</description></item>"
    )


def summary_item(title: str, link: str, guid: str) -> str:
    return (
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link><guid>{guid}</guid>"
        "<pubDate>Mon, 02 Mar 2026 12:30:00 GMT</pubDate><description>Read the full report.</description></item>"
    )


def page(entry: dict[str, str]) -> str:
    paragraphs = "".join(f"<p>{escape(s)}.</p>" for s in entry["text"].split(". ") if s)
    return (
        f"<html><head><title>{escape(entry['title'])}</title></head><body><article>"
        f"<h1>{escape(entry['title'])}</h1>{paragraphs}</article></body></html>"
    )


def gzip_bomb(megabytes: int = 200) -> bytes:
    """A small gzip body that inflates to `megabytes` of spaces inside one paragraph."""
    chunk = b" " * (1 << 20)
    return gzip.compress(b"<html><body><p>" + chunk * megabytes + b"</p></body></html>", compresslevel=9)


def serve_feeds(site: Site) -> tuple[list[str], list[str], list[str]]:
    """The loopback feeds: (good feed URLs, failing feed URLs, URLs of the reports they carry)."""
    full = [report(event, 9, 200 + i) for i, event in enumerate(EVENTS[:5])]
    for i, entry in enumerate(full):  # links on 127.0.0.1: a short entry's page is fetched
        entry["url"] = site.url(f"/wire/{i}.html")
        site.add(f"/wire/{i}.html", page(entry), headers={"Content-Type": "text/html; charset=utf-8"})
    site.add("/wire.rss", rss([full_item(e, f"wire-{i}") for i, e in enumerate(full)]),
             headers={"Content-Type": "application/rss+xml"})  # fmt: skip
    pages = [report(event, 10, 210 + i) for i, event in enumerate(EVENTS[5:8])]
    items = []
    for i, entry in enumerate(pages):
        path = f"/pages/{i}.html"
        site.add(path, page(entry), headers={"Content-Type": "text/html; charset=utf-8"})
        items.append(summary_item(entry["title"], site.url(path), f"page-{i}"))
    site.add("/loop-a", b"", status=302, headers={"Location": site.url("/loop-b")})
    site.add("/loop-b", b"", status=302, headers={"Location": site.url("/loop-a")})
    site.add("/bomb.html", gzip_bomb(), headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})
    items.append(summary_item("Redirects for ever", site.url("/loop-a"), "hostile-1"))
    items.append(summary_item("Inflates to 200 MB", site.url("/bomb.html"), "hostile-2"))
    site.add("/summaries.rss", rss(items), headers={"Content-Type": "application/rss+xml"})
    site.add("/broken.rss", "server down", status=500)
    site.add(
        "/not-a-feed.rss", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, headers={"Content-Type": "image/png"}
    )
    good = [site.url("/wire.rss"), site.url("/summaries.rss")]
    bad = [site.url("/broken.rss"), site.url("/not-a-feed.rss")]
    return good, bad, [e["url"] for e in full] + [site.url(f"/pages/{i}.html") for i in range(len(pages))]


def add_feed_with_invalid_host(data_dir: Path) -> None:
    """A feed row whose host is no IPv4 address (`feeds add` refuses it; an older version stored it)."""
    with connect(data_dir) as db:
        columns = [c for c in table_columns(db, "newsroom_feed") if c != "id"]
        picked = ", ".join("?" if c == "url" else c for c in columns)
        db.execute(
            f"INSERT INTO newsroom_feed ({', '.join(columns)}) SELECT {picked} FROM newsroom_feed LIMIT 1",
            ["http://256.1.1.1/feed.rss"],
        )


def clean(result: object) -> str:
    out = result.stdout + result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in out, out
    return out


def test_one_bad_item_never_stops_the_rest(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COPYDESK_ALLOW_NETWORKS", "127.0.0.0/8")
    data = tmp_path / "newsroom"
    reports = stream()
    assert len(reports) == 190
    parts = [reports[:60], reports[60:130], reports[130:]]
    files = []
    for n, part in enumerate(parts):
        path = tmp_path / f"part-{n}.jsonl"
        body = jsonl(part)
        if n == 0:
            body += b"[" * 100_000 + b"\n"  # nested past any parser's recursion limit
        if n == 1:
            body = b'{"title": "Caf\xe9 closes", "text": "Latin-1, not UTF-8."}\n' + body
        path.write_bytes(body)
        files.append(path)

    failed = 0
    out = clean(copydesk("ingest", str(files[0]), data_dir=data))
    assert "60 new articles" in out and "part-0.jsonl:61" in out
    failed += clean(copydesk("write", data_dir=data)).count("failed to write story #")

    good_feeds, bad_feeds, feed_urls = serve_feeds(site)
    for url in good_feeds + bad_feeds:
        clean(copydesk("feeds", "add", url, data_dir=data))
    add_feed_with_invalid_host(data)
    clean(copydesk("poll", data_dir=data))
    listing = clean(copydesk("feeds", "list", data_dir=data))
    assert listing.count("error:") == 3, listing
    failed += clean(copydesk("write", data_dir=data)).count("failed to write story #")

    out = clean(copydesk("ingest", str(files[1]), data_dir=data))
    assert "70 new articles" in out and "part-1.jsonl:1" in out
    failed += clean(copydesk("write", data_dir=data)).count("failed to write story #")
    clean(copydesk("ingest", str(files[2]), data_dir=data))
    failed += clean(copydesk("write", data_dir=data)).count("failed to write story #")

    stories = json.loads(copydesk("export", data_dir=data).stdout)
    published = {s["url"] for story in stories for s in story["sources"]}
    wanted = {r["url"] for r in reports if not r["url"].split("/")[3].startswith("live-")}
    assert len(wanted) + len(feed_urls) == 188
    assert wanted | set(feed_urls) <= published
    assert not any("/live-" in url for url in published)
    assert len(stories) == len(EVENTS)
    assert all(story["related"] for story in stories)

    # Each story of fragments failed once, with its reason, and waits until something about it changes.
    assert failed == len(UNWRITABLE)
    again = clean(copydesk("write", data_dir=data))
    assert "0 stories published" in again and "failed to write" not in again
