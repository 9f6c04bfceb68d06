"""What every writer is, the extractive one, and the fallback rule that keeps publishing safe."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from copydesk.core.extractive import WRITER_NAME, WriterOptions, write_extractive
from copydesk.core.types import Draft, SourceDoc
from copydesk.errors import WriterError

__all__ = ["REASON_CHARS", "ExtractiveWriter", "Vectors", "Writer", "WriterError", "write_with_fallback"]

Vectors = Sequence[npt.NDArray[np.float32]]

REASON_CHARS = 300
"""A fallback reason goes into a revision's note (500 characters at most), so it is kept short."""


class Writer(Protocol):
    """Turns a story's sources into a draft whose every sentence cites passages of them."""

    name: str

    def write(self, sources: Sequence[SourceDoc], vectors: Vectors) -> Draft:
        """The draft; `vectors[k]` holds a row per passage of `sources[k]`: its unit embedding, or
        zeros for a passage nothing compares by meaning (`copydesk.core.meaning.needs_vector`)."""
        ...

    def close(self) -> None:
        """Let go of connections or a loaded model; the writer is not used after."""
        ...


class ExtractiveWriter:
    """The default writer: source sentences selected and ordered, no model (faithful by construction)."""

    name = WRITER_NAME

    def __init__(self, options: WriterOptions | None = None) -> None:
        self.options = options

    def write(self, sources: Sequence[SourceDoc], vectors: Vectors) -> Draft:
        return write_extractive(sources, vectors, self.options)

    def close(self) -> None:
        pass


def write_with_fallback(
    primary: Writer, fallback: Writer, sources: Sequence[SourceDoc], vectors: Vectors
) -> tuple[Draft, str | None]:
    """The primary writer's draft, or the fallback's with the reason the primary gave up.

    Only WriterError falls back: it is how a writer says "no usable draft this time" (a model down,
    slow, or answering garbage). Anything else is a bug and propagates. When the fallback fails too
    (the sources hold nothing publishable), its WriterError names both reasons; a primary that is the
    fallback is not asked twice.
    """
    try:
        return primary.write(sources, vectors), None
    except WriterError as exc:
        if primary.name == fallback.name:
            raise
        why = _short(str(exc))
        try:
            draft = fallback.write(sources, vectors)
        except WriterError as second:
            raise WriterError(f"{second} (the {primary.name} writer failed first: {why})") from second
        return draft, f"Drafted by the {fallback.name} writer: the {primary.name} writer failed ({why})."


def _short(reason: str) -> str:
    return reason if len(reason) <= REASON_CHARS else reason[: REASON_CHARS - 1] + "…"
