"""A fake OpenAI-compatible chat server on 127.0.0.1: real sockets, real HTTP, replies crafted by each test."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One answer: status, JSON (or raw bytes) body, and a stall before answering."""

    body: Any = None
    status: int = 200
    stall: float = 0.0


def chat(content: str, finish_reason: str = "stop") -> Reply:
    """A chat-completions answer whose message is `content`."""
    return Reply(
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": finish_reason,
                }
            ],
        }
    )


@dataclass
class Request:
    """What the writer sent: path, headers (lower-case names) and the JSON body."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]


Script = Reply | Callable[[Request], Reply]


@dataclass
class FakeLLM:
    """Answers POST /v1/chat/completions with `replies` in turn (the last one repeats)."""

    replies: list[Script]
    requests: list[Request] = field(default_factory=list)
    base_url: str = ""
    released: threading.Event = field(default_factory=threading.Event)

    def next_reply(self, request: Request) -> Reply:
        script = self.replies[min(len(self.requests) - 1, len(self.replies) - 1)]
        return script(request) if callable(script) else script


def _handler(llm: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, json.loads(raw))
            llm.requests.append(request)
            reply = (
                llm.next_reply(request)
                if self.path == "/v1/chat/completions"
                else Reply({"error": {"message": "not found"}}, 404)
            )
            if reply.stall:
                llm.released.wait(reply.stall)  # released early when the server shuts down
            body = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

    return Handler


@contextmanager
def serving_llm(*replies: Script) -> Iterator[FakeLLM]:
    """A FakeLLM on a free port of 127.0.0.1 for the duration of the block; base_url ends in /v1."""
    llm = FakeLLM(list(replies))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(llm))
    server.daemon_threads = True
    llm.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield llm
    finally:
        llm.released.set()
        server.shutdown()
        server.server_close()
