"""Headlines taken from a source's title: without the outlet's name or a label such as "Analysis:"."""

from __future__ import annotations

import re

from copydesk.core.types import SourceDoc

_LABEL = re.compile(
    r"^(?:analysis|opinion|explainer|exclusive|live|update|breaking|watch|comment)\s*[:|-]\s*", re.I
)


def clean_headline(title: str, outlet: str) -> str:
    """A source title without its outlet boilerplate ("... - Outlet", "Outlet | ...")."""
    parts = [p.strip() for p in re.split(r"\s+[|–—-]\s+", title)]
    kept = [p for p in parts if p and p.lower() != outlet.lower()]
    return max(kept, key=len) if kept else title.strip()


def source_headline(source: SourceDoc) -> str:
    """The headline of the report the dek comes from, cleaned of labels and outlet boilerplate."""
    title = _LABEL.sub("", clean_headline(source.title, source.outlet))
    return title[:1].upper() + title[1:]
