"""The fetcher against a real HTTP server on 127.0.0.1: limits, redirects, address policy, validators."""

import asyncio
import ipaddress
from collections.abc import Iterator

import pytest

from copydesk.fetch import Fetcher, FetchError, FetchOptions
from copydesk.fetch.guard import AddressPolicy, parse_networks
from tests.httpserver import Site, serving_site

LOOPBACK = AddressPolicy(parse_networks("127.0.0.1/32"))


@pytest.fixture
def site() -> Iterator[Site]:
    with serving_site() as s:
        yield s


def fetch(url: str, **options: object) -> object:
    opts = FetchOptions(policy=options.pop("policy", LOOPBACK), **options)  # type: ignore[arg-type]

    async def go() -> object:
        async with Fetcher(opts) as fetcher:
            return await fetcher.get(url)

    return asyncio.run(go())


def failure(url: str, **options: object) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch(url, **options)
    return info.value


def test_plain_fetch_sends_a_clear_user_agent(site: Site) -> None:
    site.add(
        "/feed",
        "<rss/>",
        headers={"Content-Type": "application/rss+xml", "Last-Modified": "Mon, 02 Feb 2026"},
    )
    result = fetch(site.url("/feed"))
    assert result.status == 200 and result.body == b"<rss/>" and result.last_modified == "Mon, 02 Feb 2026"
    assert site.requests[0][1]["user-agent"].startswith("Copydesk/")


def test_conditional_get_gives_304(site: Site) -> None:
    site.add("/feed", "<rss/>", headers={"Content-Type": "application/rss+xml"}, etag='"v1"')

    async def go() -> tuple[object, object]:
        async with Fetcher(FetchOptions(policy=LOOPBACK)) as fetcher:
            first = await fetcher.get(site.url("/feed"))
            second = await fetcher.get(site.url("/feed"), etag=first.etag)
            return first, second

    first, second = asyncio.run(go())
    assert first.etag == '"v1"' and not first.not_modified
    assert second.not_modified and second.body == b""
    assert site.requests[1][1]["if-none-match"] == '"v1"'


def test_redirect_chain_is_followed_within_the_limit(site: Site) -> None:
    for i in range(3):
        site.add(f"/r{i}", status=302, headers={"Location": f"/r{i + 1}"})
    site.add("/r3", "<rss/>", headers={"Content-Type": "text/xml"})
    result = fetch(site.url("/r0"))
    assert result.final_url == site.url("/r3") and result.body == b"<rss/>"
    assert failure(site.url("/r0"), max_redirects=2).kind == "too-many-redirects"


@pytest.mark.parametrize(
    "target", ["http://169.254.169.254/latest/meta-data", "http://10.1.2.3/", "http://[::1]/x"]
)
def test_redirect_to_a_private_address_is_refused(site: Site, target: str) -> None:
    site.add("/go", status=301, headers={"Location": target})
    error = failure(site.url("/go"))
    assert error.kind == "refused-address"
    assert "refused to connect" in error.reason
    assert len(site.requests) == 1


def test_loopback_is_refused_unless_allowed(site: Site) -> None:
    site.add("/feed", "<rss/>")
    error = failure(site.url("/feed"), policy=AddressPolicy())
    assert error.kind == "refused-address" and "loopback" in error.reason
    assert site.requests == []


def test_a_name_that_resolves_to_loopback_is_refused(site: Site) -> None:
    url = site.url("/feed").replace("127.0.0.1", "localhost")
    assert failure(url, policy=AddressPolicy()).kind == "refused-address"


def test_body_over_the_limit(site: Site) -> None:
    site.add("/big", b"x" * 5000, headers={"Content-Type": "text/xml"})
    assert failure(site.url("/big"), max_bytes=1000).kind == "too-large"
    # Without a Content-Length the streamed body is cut off when it passes the limit.
    site.add("/big-unsized", b"x" * 50_000, headers={"Content-Type": "text/xml", "Connection": "close"})
    error = failure(site.url("/big-unsized"), max_bytes=1000)
    assert error.kind == "too-large" and "over the limit of 1000" in error.reason


def test_a_server_that_stalls_times_out(site: Site) -> None:
    site.add("/slow", "<rss/>", stall=3.0)
    error = failure(site.url("/slow"), total_timeout=0.5)
    assert error.kind == "timeout"


@pytest.mark.parametrize(
    ("route", "kind"),
    [
        ({"status": 500}, "http-status"),
        ({"status": 404}, "http-status"),
        ({"headers": {"Content-Type": "image/png"}}, "content-type"),
    ],
)
def test_bad_answers_are_clear_errors(site: Site, route: dict[str, object], kind: str) -> None:
    site.add("/x", "body", **route)
    assert failure(site.url("/x")).kind == kind


@pytest.mark.parametrize(
    "url", ["ftp://example.com/feed", "file:///etc/passwd", "http://user:pw@example.com/"]
)
def test_only_plain_http_urls(url: str) -> None:
    assert failure(url).kind == "invalid-url"


@pytest.mark.parametrize(
    "url",
    [
        "http://256.1.1.1/",  # an octet over 255
        "http://0177.0.0.1/",  # octal: 127.0.0.1 to some parsers, invalid to others
        "http://127.1/",  # shorthand read as 127.0.0.1 by inet_aton
        "http://0x7f.0.0.1/feed",  # hexadecimal
        "http://1.2.3/",
        "http://xn--/",  # a malformed international name
    ],
)
def test_a_host_that_is_not_a_valid_address_or_name_is_a_clear_error(url: str) -> None:
    error = failure(url)
    assert error.kind == "invalid-url" and "host" in error.reason


def test_per_host_concurrency_is_limited(site: Site) -> None:
    for i in range(6):
        site.add(f"/s{i}", "<rss/>", stall=0.3, headers={"Content-Type": "text/xml"})

    async def go() -> float:
        loop = asyncio.get_running_loop()
        async with Fetcher(FetchOptions(policy=LOOPBACK, per_host=2)) as fetcher:
            start = loop.time()
            await asyncio.gather(*(fetcher.get(site.url(f"/s{i}")) for i in range(6)))
            return loop.time() - start

    # Six 0.3 s requests, two at a time: at least three rounds.
    assert asyncio.run(go()) >= 0.85


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("8.8.8.8", False),
        ("127.0.0.1", True),
        ("10.0.0.5", True),
        ("192.168.1.1", True),
        ("172.16.0.1", True),
        ("169.254.169.254", True),
        ("::1", True),
        ("fe80::1", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", True),
        ("2001:4860:4860::8888", False),
    ],
)
def test_address_policy(address: str, refused: bool) -> None:
    assert (AddressPolicy().refusal(ipaddress.ip_address(address)) is not None) is refused
    allowed = AddressPolicy(parse_networks("0.0.0.0/0,::/0"))
    assert allowed.refusal(ipaddress.ip_address(address)) is None
