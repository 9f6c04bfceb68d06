"""Which writer drafts the articles, and how it reaches its model: COPYDESK_WRITER and COPYDESK_LLM_*."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from copydesk.core.llm_draft import DEFAULT_MAX_CHARS
from copydesk.errors import ConfigError

WRITERS = ("extractive", "openai", "gguf")

N = TypeVar("N", int, float)


class Secret:
    """A value that is never shown: its repr and str are stars, so logs and tracebacks stay clean."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The value itself, for the one place that sends it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


@dataclass(frozen=True)
class WriterSettings:
    """The writer and its model; the API key is a Secret, so the repr never shows it."""

    writer: str = "extractive"
    base_url: str | None = None
    """An OpenAI-compatible API root, e.g. http://127.0.0.1:8080/v1 (llama.cpp server)."""
    model: str | None = None
    """The model's name at that API; for `gguf`, the path of a .gguf file."""
    api_key: Secret | None = None
    timeout: float = 120.0
    """Seconds for one request, answer included: CPU-served models are slow."""
    retries: int = 2
    """Further attempts after a timeout, a server error or an unusable draft."""
    max_tokens: int = 2000
    max_chars: int = DEFAULT_MAX_CHARS
    """Characters of source passages put in the prompt."""
    backoff: float = 1.0
    """Seconds before the first retry, doubled for each next one."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> WriterSettings:
        """The settings from COPYDESK_WRITER and COPYDESK_LLM_* (ConfigError for an unusable value)."""
        env = os.environ if environ is None else environ
        writer = (env.get("COPYDESK_WRITER") or "extractive").strip().lower()
        if writer not in WRITERS:
            raise ConfigError(f"COPYDESK_WRITER must be one of {', '.join(WRITERS)}, got {writer!r}")
        key = env.get("COPYDESK_LLM_API_KEY") or ""
        return cls(
            writer=writer,
            base_url=(env.get("COPYDESK_LLM_BASE_URL") or "").strip() or None,
            model=(env.get("COPYDESK_LLM_MODEL") or "").strip() or None,
            api_key=Secret(key.strip()) if key.strip() else None,
            timeout=_number(env, "COPYDESK_LLM_TIMEOUT", cls.timeout, float, minimum=0.001),
            retries=_number(env, "COPYDESK_LLM_RETRIES", cls.retries, int, minimum=0),
            max_tokens=_number(env, "COPYDESK_LLM_MAX_TOKENS", cls.max_tokens, int, minimum=1),
            max_chars=_number(env, "COPYDESK_LLM_MAX_CHARS", cls.max_chars, int, minimum=100),
        )


def _number(env: Mapping[str, str], name: str, default: N, kind: type[N], minimum: N) -> N:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ConfigError(f"{name} must be {what}, got {raw!r}") from None
    if not math.isfinite(value) or value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {raw!r}")
    return value
