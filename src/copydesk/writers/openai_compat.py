"""A writer that asks any OpenAI-compatible chat endpoint (OpenAI, vLLM, llama.cpp server, Ollama)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from typing import Any

import httpx

from copydesk.core.llm_draft import DraftFormatError, build_messages, parse_draft
from copydesk.core.types import Draft, SourceDoc
from copydesk.errors import ConfigError
from copydesk.writers.base import Vectors, WriterError
from copydesk.writers.settings import WriterSettings

MAX_RESPONSE_BYTES = 4_000_000
"""An answer larger than this is no article; reading stops there."""

_ECHO_CHARS = 8_000
"""An unusable reply up to this size is shown back to the model with the reason; a larger one is not."""

_RETRY_STATUS = frozenset({408, 409, 425, 429})
_SNIPPET = 200


class _Transient(Exception):
    """This attempt failed in a way another attempt may not: timeout, connection, 5xx, bad envelope."""


class OpenAIWriter:
    """Drafts with a chat model over HTTP at temperature 0; WriterError with the reason when it gives up.

    One request per attempt, `settings.retries` more after a timeout, a connection error, a 5xx or
    429, or a reply that is not a usable draft (the next attempt shows the model why). A server that
    refuses `response_format` with a 400 is asked again without it, once, and from then on.
    """

    def __init__(
        self,
        settings: WriterSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not settings.base_url or not settings.model:
            raise ConfigError("the openai writer needs COPYDESK_LLM_BASE_URL and COPYDESK_LLM_MODEL")
        try:
            base = httpx.URL(settings.base_url.rstrip("/"))
        except httpx.InvalidURL:
            raise ConfigError("COPYDESK_LLM_BASE_URL is not a URL") from None
        if base.scheme not in {"http", "https"} or not base.host:
            raise ConfigError("COPYDESK_LLM_BASE_URL must be an http:// or https:// URL")
        self.settings = settings
        self.name = settings.model[:100]
        self._url = base.copy_with(path=base.path.rstrip("/") + "/chat/completions")
        # Shown in messages: without any user:password@ or query the operator put in the URL.
        self._where = str(self._url.copy_with(username=None, password=None, query=None))
        self._json_mode = True
        self._sleep, self._clock = sleep, clock
        self._client = httpx.Client(
            timeout=httpx.Timeout(settings.timeout), transport=transport, follow_redirects=False
        )

    def __repr__(self) -> str:
        key = "set" if self.settings.api_key else "none"
        return f"OpenAIWriter(model={self.name!r}, url={self._where!r}, api_key={key})"

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> OpenAIWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, sources: Sequence[SourceDoc], vectors: Vectors) -> Draft:
        messages, passages = build_messages(sources, self.settings.max_chars)
        if not passages:
            raise WriterError("the sources hold no passage to write from")
        attempts = self.settings.retries + 1
        follow_up: list[dict[str, str]] = []
        reason = ""
        for attempt in range(attempts):
            if attempt:
                self._sleep(self.settings.backoff * 2 ** (attempt - 1))
            try:
                reply, finish = self._complete(messages + follow_up)
            except _Transient as exc:
                reason = self._scrub(str(exc))
                continue
            try:
                return parse_draft(reply, passages, self.name)
            except DraftFormatError as exc:
                cut = " (the reply was cut off at max_tokens)" if finish == "length" else ""
                reason = f"unusable draft: {self._scrub(str(exc))}{cut}"
                follow_up = _correction(reply, str(exc))
        raise WriterError(f"gave up after {attempts} attempt{'s' * (attempts > 1)}: {reason}")

    def _complete(self, messages: list[dict[str, str]]) -> tuple[str, str | None]:
        """The model's reply text and finish reason; _Transient or WriterError when there is none."""
        body: dict[str, Any] = {
            "model": self.settings.model,
            "messages": messages,
            "temperature": 0,
            "max_tokens": self.settings.max_tokens,
            "stream": False,
        }
        if self._json_mode:
            body["response_format"] = {"type": "json_object"}
        status, raw = self._post(body)
        if status in {400, 422} and self._json_mode:
            # Many local servers do not know response_format (or not the json_object type).
            self._json_mode = False
            return self._complete(messages)
        if status != 200:
            detail = f"the server answered HTTP {status}: {self._snippet(raw)}"
            if status >= 500 or status in _RETRY_STATUS:
                raise _Transient(detail)
            if status in {401, 403}:
                detail = f"the server refused the credentials (HTTP {status}); check COPYDESK_LLM_API_KEY"
            elif status == 404:
                detail += " (check COPYDESK_LLM_BASE_URL and COPYDESK_LLM_MODEL)"
            raise WriterError(self._scrub(detail))
        return _chat_content(raw)

    def _post(self, body: dict[str, Any]) -> tuple[int, bytes]:
        """Status and body of one POST, bounded in time (whole answer) and size."""
        headers = {"Accept": "application/json"}
        if self.settings.api_key:
            headers["Authorization"] = f"Bearer {self.settings.api_key.reveal()}"
        deadline = self._clock() + self.settings.timeout
        late = _Transient(f"no answer within {self.settings.timeout:g} s from {self._where}")
        try:
            with self._client.stream("POST", self._url, json=body, headers=headers) as response:
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_RESPONSE_BYTES:
                        raise _Transient(f"the answer is larger than {MAX_RESPONSE_BYTES:,} bytes")
                    if self._clock() > deadline:
                        raise late
                    chunks.append(chunk)
                return response.status_code, b"".join(chunks)
        except httpx.TimeoutException:
            raise late from None
        except httpx.HTTPError as exc:
            raise _Transient(f"cannot reach {self._where}: {type(exc).__name__}: {exc}") from None

    def _snippet(self, raw: bytes) -> str:
        text = " ".join(raw.decode("utf-8", "replace").split())
        return self._scrub(text[:_SNIPPET] + ("…" if len(text) > _SNIPPET else "")) or "(empty body)"

    def _scrub(self, text: str) -> str:
        """`text` without the API key, whatever a server echoed back."""
        key = self.settings.api_key.reveal() if self.settings.api_key else ""
        return text.replace(key, "**********") if key else text


def _chat_content(raw: bytes) -> tuple[str, str | None]:
    """The first choice's message content and finish reason from a chat-completions answer."""
    try:
        data = json.loads(raw)
        choice = data["choices"][0]
        content = choice["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise _Transient("the answer is not a chat completion") from None
    if not isinstance(content, str):
        raise _Transient("the answer holds no message text")
    finish = choice.get("finish_reason") if isinstance(choice, dict) else None
    return content, finish if isinstance(finish, str) else None


def _correction(reply: str, problem: str) -> list[dict[str, str]]:
    """Messages that show the model its unusable reply and what was wrong, for the next attempt."""
    note = (
        f"That reply could not be used: {problem}. Answer again with ONE JSON object in the shape "
        "asked for, every sentence citing passage numbers that exist, and nothing else."
    )
    shown = [{"role": "assistant", "content": reply}] if 0 < len(reply) <= _ECHO_CHARS else []
    return [*shown, {"role": "user", "content": note}]
