"""Feed, page and OPML parsing from bytes, on fixtures the team wrote (tests/data/feeds)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from copydesk.errors import IngestError
from copydesk.ingest.feeds import article_from_entry, parse_feed
from copydesk.ingest.html_text import html_to_text
from copydesk.ingest.opml import Subscription, parse_opml, write_opml
from copydesk.ingest.pages import extract_page

FEEDS = Path(__file__).resolve().parent / "data" / "feeds"


@pytest.mark.parametrize(
    ("name", "fmt", "title", "entry_title", "published", "words"),
    [
        (
            "harbour.rss",
            "rss20",
            "Harbour Gazette",
            "Sellick lifeboat crew rescues three from drifting yacht",
            datetime(2026, 2, 3, 8, 15, tzinfo=UTC),
            "towed it back to harbour",
        ),
        (
            "harbour.atom",
            "atom10",
            "Garrow Observer",
            "Garrow dry dock wins contract to refit two research ships",
            datetime(2026, 2, 4, 9, 30, tzinfo=UTC),
            "twelve apprentices",
        ),
        (
            "harbour.rdf",
            "rss10",
            "Tideline Notes",
            "Record number of seal pups counted on Skerry sands",
            datetime(2026, 2, 2, 7, 0, tzinfo=UTC),
            "312 grey seal pups",
        ),
        (
            "harbour.json",
            "json",
            "Sellick Signal",
            "Harbour lights to switch to solar power",
            datetime(2026, 2, 5, 12, 0, tzinfo=UTC),
            "five nights without sun",
        ),
        (
            "harbour-091.rss",
            "rss091u",
            "Old Pier Bulletin",
            "Pier café reopens after winter storm repairs",
            None,
            "regulars had raised 6,000 pounds",
        ),
    ],
)
def test_each_format(
    name: str, fmt: str, title: str, entry_title: str, published: datetime | None, words: str
) -> None:
    feed = parse_feed((FEEDS / name).read_bytes(), f"https://example.test/{name}")
    assert (feed.format, feed.title) == (fmt, title)
    entry = feed.entries[0]
    assert entry.title == entry_title and entry.published == published and words in entry.text
    article = article_from_entry(entry, feed)
    assert article is not None and article.outlet == title and words in article.text


def test_markup_never_survives_into_text() -> None:
    feed = parse_feed((FEEDS / "harbour.rss").read_bytes())
    text = feed.entries[0].text
    assert "<" not in text and "alert" not in text
    assert text.count("\n\n") == 1  # two paragraphs kept apart
    assert feed.ttl_minutes == 45 and feed.language == "en-gb"


def test_wrong_declared_encoding_still_reads() -> None:
    raw = (FEEDS / "harbour-091.rss").read_bytes().replace(b"&#233;", "é".encode())
    feed = parse_feed(raw)  # declared iso-8859-1, bytes are UTF-8
    assert feed.entries and "caf" in feed.entries[0].title
    assert feed.problem is None or "encoding" in feed.problem or "declared" in feed.problem


def test_invalid_xml_is_an_error_or_a_partial_feed() -> None:
    with pytest.raises(IngestError, match="not a feed"):
        parse_feed(b"<html><body>Not a feed at all</body></html>", "https://example.test/page")
    broken = (FEEDS / "harbour.rss").read_bytes().replace(b"</channel>", b"<item><title>Unclosed")
    feed = parse_feed(broken)
    assert feed.problem and feed.entries[0].title.startswith("Sellick lifeboat")


def test_json_feed_garbage_is_a_clear_error() -> None:
    with pytest.raises(IngestError, match="invalid JSON Feed"):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": ')


def test_html_to_text() -> None:
    assert (
        html_to_text("<p>One &amp; two</p><p>Three<br>four</p><script>x()</script>")
        == "One & two\n\nThree\n\nfour"
    )
    assert html_to_text("plain   text") == "plain text"


def test_opml_round_trip() -> None:
    subs = parse_opml((FEEDS / "subscriptions.opml").read_bytes())
    assert [s.url for s in subs] == [
        "https://harbourgazette.example/feed.rss",
        "https://garrowobserver.example/atom.xml",
        "gopher://old.example/feed",
    ]
    assert subs[0] == Subscription(
        "https://harbourgazette.example/feed.rss", "Harbour Gazette", "https://harbourgazette.example/"
    )
    assert parse_opml(write_opml(subs[:2])) == subs[:2]


@pytest.mark.parametrize(
    "raw",
    [b"<opml><body><outline", b"<html/>", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><opml>&a;</opml>'],
)
def test_hostile_or_broken_opml(raw: bytes) -> None:
    with pytest.raises(IngestError):
        parse_opml(raw)


def test_page_extraction_keeps_the_article_and_drops_the_rest() -> None:
    body = "".join(
        f"<p>Engineers began repairing the eastern quay wall of Port Sellick on Monday, paragraph {i} of the report.</p>"
        for i in range(5)
    )
    html = (
        "<html lang='en'><head><title>Quay wall repairs begin | Harbour Gazette</title>"
        "<meta property='og:site_name' content='Harbour Gazette'>"
        "<meta name='author' content='Nia Rowe'><meta property='article:published_time' content='2026-02-02'></head>"
        f"<body><nav>Home News Sport Weather</nav><article><h1>Quay wall repairs begin</h1>{body}</article>"
        "<div class='comments'><p>Reader comment: first!</p></div><footer>Copyright</footer></body></html>"
    ).encode()
    page = extract_page(html, "https://harbourgazette.example/quay")
    assert "paragraph 4 of the report" in page.text
    assert "Home News Sport" not in page.text and "Copyright" not in page.text
    assert page.site_name == "Harbour Gazette" and page.author == "Nia Rowe"
    assert page.published == datetime(2026, 2, 2, tzinfo=UTC)


def test_page_without_article_text() -> None:
    with pytest.raises(IngestError, match="no article text"):
        extract_page(b"<html><body><nav>Home</nav></body></html>", "https://example.test/")


def test_a_json_feed_date_without_a_time_zone_is_utc() -> None:
    raw = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "Zoneless", "items": ['
        b'{"id": "1", "title": "A", "content_text": "Body.", "date_published": "2026-02-05T12:00:00"},'
        b'{"id": "2", "title": "B", "content_text": "Body.", "date_published": "2026-02-05T12:00:00+02:00"}]}'
    )
    naive, zoned = parse_feed(raw).entries
    assert naive.published == datetime(2026, 2, 5, 12, 0, tzinfo=UTC)
    assert zoned.published == datetime(2026, 2, 5, 10, 0, tzinfo=UTC)
    assert naive.published.tzinfo is UTC and zoned.published.tzinfo is UTC
