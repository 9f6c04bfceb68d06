"""One exception tree for Copydesk; library errors are wrapped into it."""

from __future__ import annotations


class CopydeskError(Exception):
    """Base of every error Copydesk raises on purpose."""


class ConfigError(CopydeskError):
    """The configuration (environment, data dir, database URL) is unusable."""


class IngestError(CopydeskError):
    """One input (file, line, feed) could not be read; the rest of the run goes on."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class ModelError(CopydeskError):
    """A bundled model is missing or cannot be loaded."""


class WriterError(CopydeskError):
    """A writer could not produce a usable draft for one story; the reason says why.

    A model writer raises it when the model is down, slow or answers garbage (the extractive writer then
    drafts the story); the extractive writer raises it when the sources hold nothing it may publish
    (the story then waits, with the reason, until its sources change).
    """
