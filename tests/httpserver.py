"""A programmable HTTP server on 127.0.0.1 for fetcher and polling tests (real sockets, real HTTP)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What one path answers: status, headers, body, an optional stall, and an ETag for 304s."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0
    etag: str | None = None
    hits: int = 0


class Site:
    """Routes by path; `requests` records (path, headers) of every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[BaseHTTPRequestHandler], Route]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.base = ""

    def add(self, path: str, body: bytes | str = b"", **kwargs: object) -> Route:
        route = Route(body=body.encode() if isinstance(body, str) else body, **kwargs)  # type: ignore[arg-type]
        self.routes[path] = route
        return route

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            found = site.routes.get(self.path)
            route = found(self) if callable(found) else found
            if route is None:
                route = Route(b"not here", 404, {"Content-Type": "text/plain"})
            route.hits += 1
            if route.stall:
                time.sleep(route.stall)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(route.status)
            for key, value in route.headers.items():
                self.send_header(key, value)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.headers.get("Connection") == "close":
                self.close_connection = True  # no length: the body ends when the connection does
            elif "Content-Length" not in route.headers:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

    return Handler


@contextmanager
def serving_site() -> Iterator[Site]:
    """A Site served on a free port of 127.0.0.1 for the duration of the block."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
