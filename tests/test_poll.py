"""Polling feeds into a real SQLite database from a real HTTP server on 127.0.0.1."""

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync

import copydesk.pipeline.poll as poll_module
from copydesk.fetch import Fetcher, FetchError, FetchOptions
from copydesk.fetch.guard import AddressPolicy, parse_networks
from copydesk.newsroom.models import Duplicate, Feed, SourceArticle
from copydesk.pipeline.assign import assign_new
from copydesk.pipeline.feeds import add_feed, import_opml
from copydesk.pipeline.poll import Poller, PollReport, due_feeds
from copydesk.pipeline.publish import write_stories
from tests.httpserver import Site, serving_site

pytestmark = pytest.mark.django_db
FEEDS = Path(__file__).resolve().parent / "data" / "feeds"
NOW = datetime(2026, 2, 6, 9, 0, tzinfo=UTC)
OPTIONS = FetchOptions(
    policy=AddressPolicy(parse_networks("127.0.0.1/32")), total_timeout=2.0, max_bytes=200_000
)
TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "rdf": "application/rdf+xml",
    "json": "application/feed+json",
}


@pytest.fixture
def site() -> Iterator[Site]:
    with serving_site() as s:
        yield s


def run(action: str, *args: object, now: datetime = NOW) -> PollReport:
    feeds = due_feeds(now, everything=True)

    async def go() -> PollReport:
        async with Fetcher(OPTIONS) as fetcher:
            poller = Poller(fetcher, now)
            if action == "poll":
                await poller.poll_all(feeds)
            else:
                await poller.read_url(str(args[0]))
            return poller.report

    return async_to_sync(go)()


def serve_feed(site: Site, name: str, **kwargs: object) -> str:
    path = f"/{name}"
    kind = name.rsplit(".", 1)[1]
    site.add(
        path, (FEEDS / name).read_bytes(), headers={"Content-Type": TYPES.get(kind, "text/xml")}, **kwargs
    )
    add_feed(site.url(path), NOW)
    return site.url(path)


def test_feeds_of_each_format_are_polled_into_articles(site: Site) -> None:
    for name in ["harbour.rss", "harbour.atom", "harbour.rdf", "harbour.json", "harbour-091.rss"]:
        serve_feed(site, name)
    report = run("poll")
    assert report.feeds == 5 and not report.errors
    assert report.articles.added == 6
    outlets = set(SourceArticle.objects.filter(feed__isnull=False).values_list("outlet__name", flat=True))
    assert outlets == {
        "Harbour Gazette",
        "Garrow Observer",
        "Tideline Notes",
        "Sellick Signal",
        "Old Pier Bulletin",
    }
    rescue = SourceArticle.objects.get(guid="hg-1001")
    assert rescue.url == "https://harbourgazette.example/news/lifeboat-rescue"  # tracking parameter dropped
    assert "<" not in rescue.text and "alert" not in rescue.text
    feed = Feed.objects.get(url__endswith="/harbour.rss")
    assert (feed.last_status, feed.title, feed.interval) == ("ok", "Harbour Gazette", 45 * 60)
    assert feed.next_poll == NOW + timedelta(minutes=45)


def test_summary_only_entries_get_their_full_text(site: Site) -> None:
    paragraphs = "".join(
        f"<p>The harbour board confirmed on Friday that dredging of the inner basin, paragraph {i}, "
        "will start in March and last for about six weeks, closing two berths.</p>"
        for i in range(6)
    )
    site.add(
        "/dredging.html",
        f"<html><body><nav>Menu</nav><article><h1>Dredging</h1>{paragraphs}</article></body></html>",
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Short Wire</title>'
        f"<item><title>Basin dredging to start in March</title><link>{site.url('/dredging.html')}</link>"
        "<description>Dredging starts in March.</description></item></channel></rss>"
    )
    site.add("/short.rss", feed, headers={"Content-Type": "application/rss+xml"})
    add_feed(site.url("/short.rss"), NOW)
    report = run("poll")
    article = SourceArticle.objects.get(title="Basin dredging to start in March")
    assert "paragraph 5" in article.text and "Menu" not in article.text
    assert report.full_text["fetched"] == 1


def test_not_modified_feeds_are_cheap_and_add_nothing(site: Site) -> None:
    serve_feed(site, "harbour.rss", etag='"gazette-1"')
    first = run("poll")
    second = run("poll", now=NOW + timedelta(hours=1))
    assert (first.articles.added, second.not_modified, second.articles.added) == (2, 1, 0)
    assert site.requests[-1][1]["if-none-match"] == '"gazette-1"'
    assert Feed.objects.get().last_status == "not-modified"


def test_a_broken_feed_is_recorded_and_the_others_go_on(site: Site) -> None:
    serve_feed(site, "harbour.atom")
    site.add("/broken.rss", "<html><p>Gone fishing</p></html>", headers={"Content-Type": "text/html"})
    site.add("/error.rss", status=503)
    add_feed(site.url("/broken.rss"), NOW)
    add_feed(site.url("/error.rss"), NOW)
    report = run("poll")
    assert report.articles.added == 1 and report.errors == {"parse": 1, "http-status": 1}
    broken = Feed.objects.get(url__endswith="/broken.rss")
    assert broken.last_status == "parse" and "not a feed" in broken.last_error and broken.error_count == 1
    assert broken.next_poll == NOW + timedelta(hours=2)  # the default hour, doubled after a failure
    report = run("poll", now=NOW + timedelta(hours=3))
    broken.refresh_from_db()
    assert broken.error_count == 2 and broken.next_poll == NOW + timedelta(hours=3) + timedelta(hours=4)


def test_a_stored_feed_with_an_invalid_host_is_recorded_and_the_others_go_on(site: Site) -> None:
    serve_feed(site, "harbour.atom")
    for url in ("http://256.1.1.1/", "http://0177.0.0.1/feed"):  # stored before `feeds add` checked hosts
        Feed.objects.create(url=url, added_at=NOW, next_poll=NOW)
    report = run("poll")
    assert report.feeds == 3 and report.articles.added == 1 and report.errors == {"invalid-url": 2}
    for feed in Feed.objects.filter(url__in=["http://256.1.1.1/", "http://0177.0.0.1/feed"]):
        assert feed.last_status == "invalid-url" and "not a valid IPv4 address" in feed.last_error
        assert feed.error_count == 1 and feed.next_poll > NOW


def test_the_admin_lists_failing_feeds_with_their_reason(site: Site, admin_client) -> None:  # type: ignore[no-untyped-def]
    serve_feed(site, "harbour.atom")
    site.add("/error.rss", status=503)
    add_feed(site.url("/error.rss"), NOW)
    run("poll")
    failing = admin_client.get("/admin/newsroom/feed/?failing=yes").content.decode()
    assert "/error.rss" in failing and "503" in failing and "/harbour.atom" not in failing
    working = admin_client.get("/admin/newsroom/feed/?failing=no").content.decode()
    assert "/harbour.atom" in working and "/error.rss" not in working


@pytest.mark.parametrize("url", ["http://256.1.1.1/", "http://0177.0.0.1/"])
def test_a_feed_with_an_invalid_host_is_refused(url: str) -> None:
    with pytest.raises(FetchError, match="not a valid IPv4 address") as info:
        add_feed(url, NOW)
    assert info.value.kind == "invalid-url" and not Feed.objects.exists()


def test_the_same_wire_copy_from_two_outlets_is_kept_once(site: Site, client, embedder) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ferry operator Bluewake Lines said on Monday that it had chartered a second vessel for the Tollan route "
        "while its main ship is repaired, adding four sailings a day from next week and restoring vehicle space "
        "for the island's shops, which had warned of shortages after the MV Corrow was taken out of service."
    )
    for outlet, tail in (("Coast Wire", ""), ("Island Daily", " (Reporting by Coast Wire.)")):
        # The links answer 404 on 127.0.0.1: the summary stands, and no name is looked up elsewhere.
        slug = outlet.lower().replace(" ", "-")
        site.add(
            f"/{slug}.rss",
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{outlet}</title><item>'
            f"<title>Bluewake charters second ferry</title><link>{site.base}/{slug}/ferry</link>"
            f"<description>{text}{tail}</description></item></channel></rss>",
            headers={"Content-Type": "application/rss+xml"},
        )
        add_feed(site.url(f"/{slug}.rss"), NOW)
    report = run("poll")
    assert report.articles.added == 1 and report.articles.duplicates == {"near": 1}
    kept = SourceArticle.objects.get(title="Bluewake charters second ferry")
    copy = Duplicate.objects.get(article=kept)
    assert copy.outlet.name != kept.outlet.name and copy.kind == "near" and copy.similarity >= 0.8
    # The page names the other outlet that ran the copy.
    assign_new(NOW, embedder=embedder)
    write_stories(NOW, min_sources=1)
    kept.refresh_from_db()
    page = client.get(f"/stories/{kept.story.slug}/").content.decode()
    assert "The same report also ran in" in page and f">{copy.outlet.name}</a>" in page


def report_text(n: int, tail: str = "") -> str:
    """About 900 characters of prose of its own (no page fetch: it is more than a summary)."""
    rng = random.Random(n)
    words = "harbour council ferry berth dredging vote budget union strike museum pier storm".split()
    words += "crew island tender contract repairs inspectors timetable warning schools route".split()
    sentences = [" ".join(rng.choice(words) for _ in range(14)).capitalize() + "." for _ in range(10)]
    return " ".join(sentences) + tail


def rss(title: str, items: list[tuple[str, str, str, str]]) -> str:
    """An RSS 2.0 feed of (guid, link, title, text) items."""
    body = "".join(
        f"<item><guid isPermaLink='false'>{guid}</guid><title>{head}</title><link>{link}</link>"
        f"<description>{text}</description></item>"
        for guid, link, head, text in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'


def test_already_seen_rules_across_two_feeds(site: Site) -> None:
    first = [(str(n), f"https://alpha.example/{n}", f"Alpha report {n}", report_text(n)) for n in range(1, 5)]
    site.add("/alpha.rss", rss("Alpha Wire", first), headers={"Content-Type": "application/rss+xml"})
    add_feed(site.url("/alpha.rss"), NOW)
    assert run("poll").articles.added == 4
    second = [
        ("1", "https://beta.example/1", "Beta's own report", report_text(101)),  # reuses Alpha's id 1
        ("b2", "https://alpha.example/2?utm_source=beta", "Alpha report 2, again", report_text(102)),
        ("b3", "https://beta.example/3", "Alpha report 3", report_text(3)),  # the same text
        ("b4", "https://beta.example/4", "Alpha report 4", report_text(4, " (Reporting by Alpha Wire.)")),
    ]
    site.add("/beta.rss", rss("Beta News", second), headers={"Content-Type": "application/rss+xml"})
    add_feed(site.url("/beta.rss"), NOW)
    report = run("poll", now=NOW + timedelta(hours=2))
    assert report.articles.added == 1 and not report.articles.errors
    assert report.articles.duplicates == {"url": 1, "exact": 1, "near": 1}
    beta = SourceArticle.objects.get(guid="1", feed__url=site.url("/beta.rss"))
    assert beta.title == "Beta's own report" and SourceArticle.objects.filter(guid="1").count() == 2
    copies = Duplicate.objects.filter(url__startswith="https://beta.example/").values_list("url", "kind")
    assert sorted(copies) == [("https://beta.example/3", "exact"), ("https://beta.example/4", "near")]
    # Polled again, nothing is added twice.
    stored = SourceArticle.objects.count()
    assert run("poll", now=NOW + timedelta(hours=4)).articles.added == 0
    assert SourceArticle.objects.count() == stored


def test_a_crash_mid_poll_loses_nothing_and_doubles_nothing(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_feed(site, "harbour.rss", etag='"v1"')
    real_store, calls = poll_module.store, []

    def crashing_store(*args: object, **kwargs: object) -> str:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("power cut")
        return real_store(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(poll_module, "store", crashing_store)
    polled = SourceArticle.objects.filter(feed__isnull=False)
    with pytest.raises(RuntimeError, match="power cut"):
        run("poll")
    assert polled.count() == 1
    assert Feed.objects.get().etag == ""  # validators are only kept once the feed is fully stored
    monkeypatch.setattr(poll_module, "store", real_store)
    report = run("poll")
    assert report.articles.added == 1 and polled.count() == 2
    assert run("poll").not_modified == 1 and polled.count() == 2


def test_ingest_of_a_page_url_and_a_feed_url(site: Site) -> None:
    body = "".join(
        f"<p>The lighthouse keeper's cottage on Skerry Head opens as a museum, detail {i}.</p>"
        for i in range(8)
    )
    site.add(
        "/museum.html",
        f"<html><head><title>Cottage museum opens</title></head><body><article>{body}</article></body></html>",
        headers={"Content-Type": "text/html"},
    )
    site.add(
        "/notes.rdf", (FEEDS / "harbour.rdf").read_bytes(), headers={"Content-Type": "application/rdf+xml"}
    )
    page = run("read", site.url("/museum.html"))
    feed = run("read", site.url("/notes.rdf"))
    assert page.articles.added == 1 and feed.articles.added == 1
    assert SourceArticle.objects.filter(title="Cottage museum opens", url=site.url("/museum.html")).exists()
    assert not Feed.objects.exists()  # reading a feed URL once does not subscribe to it


def test_opml_import_follows_each_feed_once() -> None:
    added, known, refused = import_opml((FEEDS / "subscriptions.opml").read_bytes(), "subs.opml", NOW)
    assert (added, known, [e.kind for e in refused]) == (2, 0, ["invalid-url"])
    assert import_opml((FEEDS / "subscriptions.opml").read_bytes(), "subs.opml", NOW)[:2] == (0, 2)
