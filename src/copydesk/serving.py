"""`copydesk serve`: the site through granian, a WSGI server written in Rust.

Chosen by measuring (benchmarks/page_speed.py, PACKAGES.md): a kept 21 KB page answered from
memory, waitress (pure Python) managed about 4,800 requests/s on 32 connections where granian
managed 30,000 and nginx, serving the same bytes as a file, 29,000 to 36,000 on the same machine.
HTTP parsing in Python was the bottleneck once pages were no longer rendered per request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
FORWARDED = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED")


class TrustedProxy:
    """X-Forwarded-Proto and X-Forwarded-For believed from the one trusted proxy address (or any,
    with "*"), and removed from every other request: a client cannot claim HTTPS or another address.

    From the proxy, the scheme becomes the request's and the last X-Forwarded-For hop (the one the
    proxy added) its client address, so per-IP limits count readers rather than the proxy.
    """

    def __init__(self, app: WSGIApp, proxy: str | None) -> None:
        self.app, self.proxy = app, proxy

    def __call__(self, env: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if self.proxy and self.proxy in ("*", env.get("REMOTE_ADDR")):
            proto = env.get("HTTP_X_FORWARDED_PROTO", "").rsplit(",", 1)[-1].strip().lower()
            if proto in ("http", "https"):
                env["wsgi.url_scheme"] = env["HTTP_X_FORWARDED_PROTO"] = proto
            else:
                env.pop("HTTP_X_FORWARDED_PROTO", None)
            client = env.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
            if client:
                env["REMOTE_ADDR"] = client
        else:
            for name in FORWARDED:
                env.pop(name, None)
        return self.app(env, start_response)


def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve copydesk.wsgi:application until interrupted (the workers import it themselves)."""
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    Server(
        "copydesk.wsgi:application",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        log_level=LogLevels.warning,
        websockets=False,
    ).serve()
