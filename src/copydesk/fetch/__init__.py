"""The one place where Copydesk touches the network: a polite, bounded, SSRF-safe HTTP fetcher.

Timeouts (connect and total), a body size cap, a redirect limit checked hop by hop, content-type
checks, a per-host concurrency limit, a clear user agent, conditional GET, and an address policy
that refuses private, loopback and link-local addresses unless the operator allows them.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import ssl
from collections import defaultdict
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from copydesk import __version__, config
from copydesk.errors import CopydeskError
from copydesk.fetch.guard import AddressPolicy, AddressRefused, GuardedBackend

USER_AGENT = f"Copydesk/{__version__} (self-hosted newsroom; feed and article reader)"
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "application/json",
    "text/plain",
    "text/html",
    "application/xhtml+xml",
    "application/octet-stream",
    "application/x-rss+xml",
)
REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(CopydeskError):
    """A fetch that failed, with the kind of failure for summaries (timeout, refused, too-large...)."""

    def __init__(self, url: str, kind: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.kind = kind
        self.reason = reason


@dataclass(frozen=True)
class FetchOptions:
    """Limits and manners of the fetcher (one options object instead of long argument lists)."""

    connect_timeout: float = 10.0
    total_timeout: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    per_host: int = 2
    connections: int = 100
    user_agent: str = USER_AGENT
    accept_types: tuple[str, ...] = FEED_TYPES
    policy: AddressPolicy = field(default_factory=AddressPolicy)

    @classmethod
    def from_env(cls, **overrides: object) -> FetchOptions:
        """Options with the address policy from COPYDESK_ALLOW_NETWORKS (read by copydesk.config)."""
        allowed = config.current().fetch_networks
        return cls(policy=AddressPolicy(allowed), **overrides)  # type: ignore[arg-type]


@dataclass(frozen=True)
class FetchResult:
    """What came back: the body (empty when not modified) and the validators for next time."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with a connection pool whose network backend enforces the address policy."""

    def __init__(self, policy: AddressPolicy, connections: int) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl.create_default_context(),
            max_connections=connections,
            max_keepalive_connections=min(connections, 20),
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(policy),
        )


_NUMERIC_LABEL = re.compile(r"(?:\d+|0x[0-9a-f]*)", re.IGNORECASE)


def host_problem(host: str) -> str | None:
    """Why `host` cannot be fetched, or None.

    A host whose last label is a number is an IPv4 address to browsers and to inet_aton, which read
    '127.1', '0x7f.0.0.1' and '0177.0.0.1' as 127.0.0.1 (WHATWG URL, "ends in a number"), while httpx
    refuses some of them with an exception of its own: only the four-decimal form is taken, and every
    other one is refused here with the same reason wherever it comes from (a feed, a redirect, a page).
    """
    if host.startswith("["):
        return None  # IPv6 literals are checked by httpx below and by the address policy
    last = host.rstrip(".").rsplit(".", 1)[-1]
    if _NUMERIC_LABEL.fullmatch(last):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return f"host {host} is not a valid IPv4 address (four numbers 0-255, no leading zeros)"
    return None


def check_url(url: str) -> str:
    """A fetchable absolute http(s) URL, or FetchError."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(url, "invalid-url", "only absolute http:// and https:// URLs are fetched")
    if parts.username or parts.password:
        raise FetchError(url, "invalid-url", "URLs with credentials are not fetched")
    problem = host_problem(parts.hostname)
    if problem:
        raise FetchError(url, "invalid-url", problem)
    try:
        # The parser the client uses (and the host it will connect to): what it cannot read fails
        # here with a reason, not mid-poll with a traceback.
        _ = httpx.URL(url).host
    except (httpx.InvalidURL, ValueError) as exc:  # idna's errors are ValueErrors
        raise FetchError(url, "invalid-url", f"host or URL not usable: {exc}") from None
    return url


class Fetcher:
    """An async HTTP client for feeds and pages. Use as `async with Fetcher(options) as f:`."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions.from_env()
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(self.options.per_host)
        )
        timeout = httpx.Timeout(self.options.total_timeout, connect=self.options.connect_timeout)
        self._client = httpx.AsyncClient(
            transport=_GuardedTransport(self.options.policy, self.options.connections),
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": self.options.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._client.aclose()

    async def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET `url` following redirects hop by hop, conditionally when validators are given."""
        check_url(url)
        try:
            async with asyncio.timeout(self.options.total_timeout):
                return await self._follow(url, etag, last_modified)
        except TimeoutError:
            raise FetchError(
                url, "timeout", f"no complete answer within {self.options.total_timeout:g} s"
            ) from None

    async def _follow(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        current = url
        for _ in range(self.options.max_redirects + 1):
            headers = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            host = urlsplit(current).hostname or ""
            async with self._hosts[host]:
                result = await self._once(url, current, headers)
            if isinstance(result, FetchResult):
                return result
            current = check_url(urljoin(current, result))
        raise FetchError(url, "too-many-redirects", f"more than {self.options.max_redirects} redirects")

    async def _once(self, url: str, current: str, headers: dict[str, str]) -> FetchResult | str:
        """One request: a result, or the Location to follow."""
        try:
            async with self._client.stream("GET", current, headers=headers) as response:
                if response.status_code in REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(
                            url, "http-status", f"redirect {response.status_code} without Location"
                        )
                    return location
                return await self._read(url, current, response)
        except httpx.ConnectError as exc:
            if isinstance(exc.__cause__, AddressRefused):
                raise FetchError(url, "refused-address", str(exc.__cause__)) from None
            raise FetchError(url, "network", f"cannot connect: {exc}") from None
        except httpx.InvalidURL as exc:  # check_url ran on every hop; kept so no URL ends a poll
            raise FetchError(url, "invalid-url", str(exc)) from None
        except httpx.TimeoutException as exc:
            raise FetchError(url, "timeout", f"timed out ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, "network", f"{type(exc).__name__}: {exc}") from None

    async def _read(self, url: str, current: str, response: httpx.Response) -> FetchResult:
        status = response.status_code
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if status != 304:
            if status >= 400:
                raise FetchError(url, "http-status", f"HTTP {status}")
            if content_type and not content_type.startswith(self.options.accept_types):
                raise FetchError(url, "content-type", f"unexpected content type {content_type}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.options.max_bytes:
                raise FetchError(url, "too-large", f"body of {declared} bytes is over the limit")
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body.extend(chunk)
            if len(body) > self.options.max_bytes:
                raise FetchError(url, "too-large", f"body over the limit of {self.options.max_bytes} bytes")
        return FetchResult(
            url=url,
            final_url=current,
            status=status,
            content_type=content_type,
            body=bytes(body),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )
