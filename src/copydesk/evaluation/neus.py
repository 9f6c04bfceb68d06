"""Reading the NeuS (AllSides) multi-document news set: one story per line of a `.source` file.

Each line holds three reports of one event joined by ` [SEP] `, each `TITLE=> ... ARTICLE=> ...`; the
same line of the `.target` file beside it is the neutral summary an editor wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from copydesk.errors import CopydeskError

SUBDIR = "summarization/neus-allsides"
_REPORT = re.compile(r"\s*TITLE=>\s*(?P<title>.*?)\s*ARTICLE=>\s*(?P<text>.*)", re.S)


@dataclass(frozen=True)
class Report:
    title: str
    text: str


@dataclass(frozen=True)
class Story:
    """One gold story: its reports and, when the .target file is there, the editor's summary."""

    number: int
    reports: tuple[Report, ...]
    summary: str | None


def source_file(path: Path) -> Path:
    """The .source file to read: the path itself, or val.source in a folder."""
    if path.is_dir():
        path = path / "val.source"
    if not path.is_file() or path.suffix != ".source":
        raise CopydeskError(f"{path}: expected a NeuS .source file or a folder holding val.source")
    return path


def read_stories(path: Path) -> list[Story]:
    """Every story of a .source file (and its .target beside it, when present)."""
    source = source_file(path)
    target = source.with_suffix(".target")
    summaries = target.read_text(encoding="utf-8").splitlines() if target.is_file() else []
    stories = []
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines()):
        reports = []
        for part in line.split(" [SEP] "):
            match = _REPORT.match(part)
            if match and (match.group("text").strip() or match.group("title").strip()):
                reports.append(Report(match.group("title").strip(), match.group("text").strip()))
        if reports:
            summary = summaries[number].strip() if number < len(summaries) else None
            stories.append(Story(number, tuple(reports), summary))
    return stories
