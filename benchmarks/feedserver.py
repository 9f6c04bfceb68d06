"""A fast loopback feed server for the polling benchmark (asyncio, HTTP/1.1 keep-alive).

/feed/<n>.xml answers 304 when the client's If-None-Match is the feed's current ETag, else the feed.
Feeds whose number is divisible by --fresh-every have moved on since the ETag the benchmark stored,
so they answer 200 with a new entry. Bound to loopback addresses only.
"""

from __future__ import annotations

import argparse
import asyncio
import re

ENTRY = (
    "<item><title>Harbour bulletin {n}, edition {edition}</title>"
    "<link>http://{host}/story/{n}/{edition}</link><guid>bulletin-{n}-{edition}</guid>"
    "<pubDate>Mon, 02 Feb 2026 09:00:00 GMT</pubDate><description>{text}</description></item>"
)
TEXT = (
    "Bulletin {n}, edition {edition}: the harbour board of town number {n} reported on Monday that the "
    "quay, the slipway and the fish market had reopened after inspections, that the night ferry would run "
    "to its winter timetable, and that the lifeboat crew had trained twice with the coastguard helicopter. "
    "Readers asked about parking, which the board said would be reviewed at its next meeting in March, "
    "together with the price of berths for visiting yachts and the repainting of the lighthouse gallery."
)


WORDS = (
    "harbour quay ferry lifeboat council market school bridge museum library station river storm repairs "
    "budget festival fishermen trawler lighthouse parking timetable tenders contract apprentices dredging "
    "pier cafe railings tide flood barrier wind turbine solar panels meadow orchard bakery brewery choir"
).split()


def text_of(n: int, edition: int) -> str:
    """Distinct prose per feed and edition, so that no two entries look like one wire copy."""
    seed = n * 7919 + edition * 104729
    words = [WORDS[(seed >> (i % 17)) * (i + 3) % len(WORDS)] for i in range(60)]
    return TEXT.format(n=n, edition=edition) + " " + " ".join(words) + "."


def feed_body(n: int, edition: int, host: str) -> bytes:
    item = ENTRY.format(n=n, edition=edition, host=host, text=text_of(n, edition))
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bulletin {n}</title>'
        f"<link>http://{host}/</link><ttl>60</ttl>{item}</channel></rss>"
    ).encode()


class Feeds(asyncio.Protocol):
    fresh_every = 20

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            self.answer(head.decode("latin-1"))

    def answer(self, head: str) -> None:
        match = re.match(r"GET /feed/(\d+)\.xml", head)
        if not match:
            self.send(404, b"", {})
            return
        n = int(match.group(1))
        edition = 2 if n % self.fresh_every == 0 else 1
        etag = f'"{n}-{edition}"'
        asked = re.search(r"(?im)^if-none-match: *(.+?)\s*$", head)
        host = re.search(r"(?im)^host: *(.+?)\s*$", head)
        if asked and asked.group(1) == etag:
            self.send(304, b"", {"ETag": etag})
        else:
            body = feed_body(n, edition, host.group(1) if host else "127.0.0.1")
            self.send(200, body, {"ETag": etag, "Content-Type": "application/rss+xml"})

    def send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
        lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.transport.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)


async def main(hosts: int, port: int, fresh_every: int) -> None:
    Feeds.fresh_every = fresh_every
    loop = asyncio.get_running_loop()
    servers = [
        await loop.create_server(Feeds, f"127.0.0.{i}", port, reuse_address=True) for i in range(1, hosts + 1)
    ]
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--fresh-every", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.hosts, args.port, args.fresh_every))
