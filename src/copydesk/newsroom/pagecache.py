"""Pages rendered once per change, kept in Django's cache, and checked against the database's stamps.

A page is read thousands of times for each time it changes, so the site renders a page once and keeps
it (cache "pages"), split at its *slots*: the parts that belong to one reader (the masthead's name and
sign-out form, the Thoughts form and each thought's edit, delete and report controls, a CSRF token).
Anonymous readers get the whole page as kept, even before Django handles the request (`FastPages`);
signed-in readers get the same kept page with only their slots rendered for them.

Never stale: every kept page records the *stamps* it was rendered under, and is used only while they
are unchanged. A stamp is a row of `PageStamp` that database triggers (migration 0010) give a new
random token in the same transaction as any change a page shows: `site` for stories, revisions,
sentences, citations, sources, copies, outlets, related links and user names; `thoughts:<slug>` for a
story's thoughts. Triggers see every writer (the server, `copydesk write` and `poll` in other
processes, the admin, bulk updates), so no code path can forget to invalidate, and reading the stamps
costs one indexed query per request. Stamps are read before the data they guard, so a change that
lands while a page renders leaves it kept under the older token: the next request renders again.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, parse_cookie
from django.template.response import SimpleTemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.safestring import SafeString, mark_safe

CACHE = "pages"
SITE = "site"
# Headers of a kept answer that are made again for each reply rather than replayed.
REMADE = {"content-length", "etag", "last-modified", "vary", "content-encoding", "date", "server"}
VARY = "Cookie, Accept-Encoding"

Fill = Callable[[HttpRequest, bool], str]  # (request, anonymous) -> the slot's HTML
# The driver's own placeholder, for the query `_fresh_raw` sends without Django.
PLACEHOLDER = {"sqlite": "?", "postgresql": "%s"}
try:
    from psycopg import Error as _PostgresError
except ImportError:  # PostgreSQL is optional
    _PostgresError = sqlite3.Error  # type: ignore[assignment,misc]
DRIVER_ERRORS = (sqlite3.Error, _PostgresError)


def thoughts_stamp(slug: str) -> str:
    return f"thoughts:{slug}"


@dataclass
class Page:
    """A rendered page (or API answer) as kept: split at its slots, and whole for anonymous readers."""

    parts: list[str]
    slots: list[str]
    body: bytes
    gzipped: bytes
    content_type: str
    tokens: dict[str, int | None]
    last_modified: float | None
    etag: str = ""
    # The headers Django's middleware gave an anonymous answer (security headers, CSP...), replayed by
    # FastPages; None until one anonymous answer went out through Django.
    headers: list[tuple[str, str]] | None = field(default=None)


def enabled() -> bool:
    """Pages are kept only where the stamp triggers exist (SQLite: migration 0011; PostgreSQL: 0012)."""
    return connection.vendor in PLACEHOLDER and getattr(settings, "COPYDESK_PAGE_CACHE", True)


def request_key(meta: Mapping[str, Any]) -> str | None:
    """The cache key for a GET of exactly this address as received, or None (a query string is never
    kept: the pages ignore it, and keeping every variant would let anyone fill the cache)."""
    if meta.get("QUERY_STRING"):
        return None
    parts = (
        meta.get("wsgi.url_scheme", ""),
        meta.get("HTTP_X_FORWARDED_PROTO", ""),
        meta.get("HTTP_HOST", ""),
        meta.get("SCRIPT_NAME", ""),
        meta.get("PATH_INFO", ""),
    )
    return "page:" + hashlib.sha1("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def read_stamps(names: Iterable[str]) -> dict[str, tuple[int | None, float | None]]:
    """Current token and change time of each stamp (None, None for one never changed)."""
    names = list(names)
    marks = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name, token, changed_at FROM newsroom_pagestamp WHERE name IN ({marks})", names
        )
        found = {name: (token, at) for name, token, at in cursor.fetchall()}
    return {name: found.get(name, (None, None)) for name in names}


def is_fresh(page: Page) -> bool:
    stamps = read_stamps(page.tokens)
    return all(stamps[name][0] == token for name, token in page.tokens.items())


def _split(html: str, nonce: str) -> tuple[list[str], list[str]]:
    pieces = re.split(rf"<!--slot (\w+) {nonce}-->", html)
    return pieces[0::2], pieces[1::2]


def _join(parts: list[str], fills: list[str]) -> str:
    out = [parts[0]]
    for fill, part in zip(fills, parts[1:], strict=True):
        out += [fill, part]
    return "".join(out)


def build(
    request: HttpRequest,
    deps: list[str],
    render: Callable[[dict[str, SafeString]], tuple[str, str]],
    fills: Mapping[str, Fill],
) -> Page:
    """Render a page with a marker in each slot, then keep it split there, with the anonymous fills."""
    stamps = read_stamps(deps)  # before the data they guard: see the module's docstring
    nonce = secrets.token_hex(8)
    html, content_type = render({name: mark_safe(f"<!--slot {name} {nonce}-->") for name in fills})
    parts, slots = _split(html, nonce)
    body = _join(parts, [fills[name](request, True) for name in slots]).encode()
    changed = [at for _, at in stamps.values() if at is not None]
    page = Page(
        parts=parts,
        slots=slots,
        body=body,
        gzipped=gzip.compress(body, mtime=0),
        content_type=content_type,
        tokens={name: token for name, (token, _) in stamps.items()},
        last_modified=max(changed) if changed else None,
    )
    page.etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    return page


def personal(request: HttpRequest) -> bool:
    """Whether this reader's page differs from everyone's: signed in, or a message waits for them."""
    return bool(request.user.is_authenticated or len(get_messages(request)))


def cache_control(response: HttpResponse, private: bool) -> None:
    if private:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=settings.COPYDESK_PAGE_MAX_AGE)
        if settings.COPYDESK_PAGE_MAX_AGE == 0:
            patch_cache_control(response, must_revalidate=True)


def respond(
    request: HttpRequest,
    deps: list[str],
    render: Callable[[dict[str, SafeString]], tuple[str, str]],
    fills: Mapping[str, Fill] | None = None,
) -> HttpResponse:
    """The page for this request: kept and still fresh, else rendered (and kept); filled for the reader."""
    fills = fills or {}
    if not enabled():
        page = build(request, deps, render, fills)
        key = None
    else:
        key = request_key(request.META)
        cache = caches[CACHE]
        page = cache.get(key) if key else None
        if page is None or not is_fresh(page):
            page = build(request, deps, render, fills)
            if key:
                cache.set(key, page)
    if page.slots and personal(request):
        body = _join(page.parts, [fills[name](request, False) for name in page.slots])
        response = HttpResponse(body, content_type=page.content_type)
        cache_control(response, private=True)
        return response
    response = HttpResponse(page.body, content_type=page.content_type)
    response["ETag"] = page.etag
    if page.last_modified is not None:
        response["Last-Modified"] = http_date(page.last_modified)
    cache_control(response, private=False)
    if key:
        response.kept_page = (key, page)  # type: ignore[attr-defined]
    return response


class Unkept(Exception):
    """An answer that is not a page to keep (a redirect, a 404): `respond` lets it out as it is."""

    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def kept(view: Callable[..., HttpResponse], deps: tuple[str, ...] = (SITE,)) -> Callable[..., HttpResponse]:
    """`view` (any Django view: a syndication Feed, a sitemap view) with its 200 answers kept and
    validated like pages, under the stamps `deps`; any other answer goes out unkept."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        def render(slots: dict[str, SafeString]) -> tuple[str, str]:
            response = view(request, *args, **kwargs)
            if isinstance(response, SimpleTemplateResponse):
                response.render()
            if response.status_code != 200:
                raise Unkept(response)
            return response.content.decode(), response["Content-Type"]

        try:
            return respond(request, list(deps), render)
        except Unkept as other:
            return other.response

    return wrapper


class CaptureHeaders:
    """Keeps the final headers of an anonymous answer built from a kept page, so FastPages can answer
    the next anonymous readers with them without Django. Sits inside GZipMiddleware, outside the rest."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        kept = getattr(response, "kept_page", None)
        # A cookie set on the way out (session, CSRF, messages) is someone's: never replayed.
        if kept is not None and response.status_code == 200 and not response.cookies:
            key, page = kept
            page.headers = [(k, v) for k, v in response.items() if k.lower() not in REMADE]
            caches[CACHE].set(key, page)
        return response


def _personal_cookies(env: Mapping[str, Any]) -> bool:
    raw = env.get("HTTP_COOKIE")
    if not raw:
        return False
    cookies = parse_cookie(raw)
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def _not_modified(env: Mapping[str, Any], etag: str, last_modified: float | None) -> bool:
    """RFC 9110's order: If-None-Match (weak comparison) decides when present, else If-Modified-Since."""
    if_none_match = env.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        wanted = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
        return "*" in wanted or etag.removeprefix("W/") in wanted
    since_header = env.get("HTTP_IF_MODIFIED_SINCE")
    since = parse_http_date_safe(since_header) if since_header else None
    return since is not None and last_modified is not None and int(last_modified) <= since


@dataclass(frozen=True)
class Wire:
    """One kept page as FastPages sends it: headers made once, plain and gzipped."""

    page: Page
    plain: tuple[str, list[tuple[str, str]], bytes]
    gzipped: tuple[str, list[tuple[str, str]], bytes]

    @classmethod
    def of(cls, page: Page) -> Wire:
        common = [*(page.headers or []), ("Vary", VARY)]
        if page.last_modified is not None:
            common.append(("Last-Modified", http_date(page.last_modified)))
        gzip_etag = "W/" + page.etag  # as GZipMiddleware marks a compressed answer's ETag
        return cls(
            page,
            (page.etag, [*common, ("ETag", page.etag)], page.body),
            (gzip_etag, [*common, ("ETag", gzip_etag), ("Content-Encoding", "gzip")], page.gzipped),
        )


class FastPages:
    """WSGI wrapper: an anonymous GET or HEAD of a kept, fresh page is answered here, from the cache,
    with one query (the stamps) and no rendering; anything else goes on to Django.

    Django's cache hands out a fresh unpickled copy at each get (50 KB for a story page); the pages
    served most recently are also kept here unpickled, with their headers made, in `near` (checked
    against the stamps like any kept page)."""

    NEAR = 256

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app
        self.near: dict[str, Wire] = {}
        self.lock = threading.Lock()
        self.on: bool | None = None  # enabled(), asked once the first request comes

    def __call__(self, env: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        wire = self._kept(env)
        if wire is None:
            return self.app(env, start_response)
        etag, headers, body = wire.gzipped if "gzip" in env.get("HTTP_ACCEPT_ENCODING", "") else wire.plain
        if _not_modified(env, etag, wire.page.last_modified):
            start_response("304 Not Modified", headers)
            return [b""]
        start_response("200 OK", [*headers, ("Content-Length", str(len(body)))])
        return [b"" if env["REQUEST_METHOD"] == "HEAD" else body]

    def _kept(self, env: dict[str, Any]) -> Wire | None:
        if env.get("REQUEST_METHOD") not in ("GET", "HEAD") or _personal_cookies(env):
            return None
        key = request_key(env)
        if self.on is None:
            self.on = enabled()
        if key is None or not self.on:
            return None
        try:
            wire = self.near.get(key)
            if wire is not None and _fresh_raw(wire.page):
                return wire
            page = caches[CACHE].get(key)
            if page is None or page.headers is None or not _fresh_raw(page):
                return None
        except (DatabaseError, *DRIVER_ERRORS):
            connection.close()  # let Django answer, and report, with a new connection
            return None
        wire = Wire.of(page)
        with self.lock:
            if len(self.near) >= self.NEAR:
                self.near.pop(next(iter(self.near)), None)  # the oldest (dicts keep insertion order)
            self.near[key] = wire
        return wire


_raw = threading.local()


def _fresh_raw(page: Page) -> bool:
    """`is_fresh` through the driver's connection itself (sqlite3 or psycopg, both have `execute`), kept
    per thread: Django's connection handling and cursor wrapper cost more than the query (the fast path
    answers in tens of microseconds)."""
    names = list(page.tokens)
    marks = ", ".join([PLACEHOLDER[connection.vendor]] * len(names))
    sql = f"SELECT name, token FROM newsroom_pagestamp WHERE name IN ({marks})"
    try:
        found = dict(_raw.db.execute(sql, names).fetchall())
    except (AttributeError, *DRIVER_ERRORS):  # none yet, or Django closed it after a request it handled
        connection.ensure_connection()
        _raw.db = connection.connection
        found = dict(_raw.db.execute(sql, names).fetchall())
    return all(found.get(name) == token for name, token in page.tokens.items())
