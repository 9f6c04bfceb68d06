"""The site's absolute addresses, for what is read away from the site (feeds, sitemaps, canonical links,
structured data, the API's links): COPYDESK_BASE_URL when set, else the origin the request was made to.

Pages built from the request's origin are still safe to keep: a kept page's key holds the scheme and
host it was asked for (newsroom.pagecache.request_key).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def origin(request: HttpRequest) -> str:
    """scheme://host[:port] of the site as readers reach it, without a trailing slash."""
    configured: str | None = getattr(settings, "COPYDESK_BASE_URL", None)
    return configured or f"{request.scheme}://{request.get_host()}"


def absolute(request: HttpRequest, path: str) -> str:
    """`path` (as `reverse` gives it, starting with /) as an absolute address."""
    return origin(request) + path
