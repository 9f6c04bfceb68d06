"""The newsroom's plain data: what comes in, what the writer drafts, what the verifier decides."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ArticleInput:
    """One source article as read from a file, feed or page, before it is stored."""

    title: str
    text: str
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    language: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Passage:
    """A span of a source article's text: the unit a sentence cites."""

    source_id: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SourceDoc:
    """A source article as the writer sees it: its sentences split into passages."""

    id: int
    title: str
    outlet: str
    published: datetime | None
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class DraftSentence:
    """One sentence of a draft and the passages it rests on."""

    text: str
    citations: tuple[Passage, ...]
    credit: str = ""
    """An opening that credits the rest to an outlet ("Fox News reported that "): the passages cannot
    name their own outlet, so the verifier checks the sentence without it (`claim`)."""

    @property
    def claim(self) -> str:
        """What the cited passages must support: the sentence without its credit."""
        return self.text.removeprefix(self.credit) if self.credit else self.text


@dataclass(frozen=True)
class DraftSection:
    """A section: a heading (None for the lead) and paragraphs of sentences."""

    heading: str | None
    paragraphs: tuple[tuple[DraftSentence, ...], ...]


@dataclass(frozen=True)
class Draft:
    """A writer's article for one story, before verification."""

    headline: str
    dek: DraftSentence
    sections: tuple[DraftSection, ...]
    writer: str

    def sentences(self) -> list[DraftSentence]:
        """Every sentence, dek first, in reading order."""
        out = [self.dek]
        for section in self.sections:
            for paragraph in section.paragraphs:
                out.extend(paragraph)
        return out


@dataclass(frozen=True)
class Verdict:
    """The verifier's decision on one sentence."""

    verified: bool
    reasons: tuple[str, ...] = field(default=())
