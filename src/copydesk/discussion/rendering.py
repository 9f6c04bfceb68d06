"""A thought's text as safe HTML: a small Markdown subset, then sanitised by nh3 (Ammonia)."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

# Paragraphs, line breaks, emphasis, inline code and links; raw HTML is text, never markup.
_MARKDOWN = MarkdownIt("zero", {"html": False, "breaks": True, "linkify": False}).enable(
    ["emphasis", "backticks", "link", "newline", "escape", "entity"]
)
TAGS = {"p", "br", "em", "strong", "code", "a"}


def thought_html(text: str) -> str:
    """Render and sanitise; links get rel="nofollow ugc" and only http(s) and mailto survive."""
    return nh3.clean(
        _MARKDOWN.render(text),
        tags=TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
    )
