"""Writers: turn a story's sources into a cited draft, with a model or without one.

    sources, vectors ──► primary writer ──► Draft ──► verifier (pipeline/publish.py)
                             │ WriterError (down, slow, garbage)
                             └──────────► extractive writer ──► Draft, plus the reason

`COPYDESK_WRITER` picks the primary: `extractive` (default, no model), `openai` (any OpenAI-compatible
endpoint) or `gguf` (a local model through llama-cpp-python). The prompts, the parsing of the reply and
the check on a base model's shortenings are pure and live in `copydesk.core.llm_draft` and
`copydesk.core.shortening`; this package only talks to models.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from copydesk.writers.base import ExtractiveWriter, Writer, WriterError, write_with_fallback
from copydesk.writers.gguf import GGUFWriter
from copydesk.writers.judge import ModelJudge
from copydesk.writers.openai_compat import OpenAIWriter
from copydesk.writers.settings import Secret, WriterSettings

__all__ = [
    "ExtractiveWriter",
    "GGUFWriter",
    "OpenAIWriter",
    "Secret",
    "Writer",
    "WriterError",
    "WriterSettings",
    "configured_writers",
    "write_with_fallback",
    "writer_from_env",
]


def writer_from_env(variables: Mapping[str, str] | None = None) -> Writer:
    """The writer COPYDESK_WRITER names, configured from COPYDESK_LLM_* (ConfigError if unusable);
    from the configuration (copydesk.config), or from these `variables` when given."""
    settings = WriterSettings.from_env(variables)
    if settings.writer == "openai":
        return OpenAIWriter(settings)
    if settings.writer == "gguf":
        return GGUFWriter(settings)
    return ExtractiveWriter()


@contextmanager
def configured_writers() -> Iterator[tuple[Writer, ModelJudge | None]]:
    """The configured writer and model judge (None unless COPYDESK_JUDGE_* is set), closed after use;
    both are made first, so that a configuration error stops a command before it does any work."""
    from copydesk.config import current

    writer = writer_from_env()
    judging = current().judge
    judge = ModelJudge(judging) if judging else None
    try:
        yield writer, judge
    finally:
        writer.close()
        if judge:
            judge.close()
