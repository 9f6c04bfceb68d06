"""Plain text from the HTML fragments that feeds carry (summaries, content): no markup survives."""

from __future__ import annotations

import html
import re

import lxml.html
from lxml import etree

_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "section",
    "article",
    *("td", "th", "dt", "dd", "ul", "ol", "table", "pre", "hr", "figure", "figcaption"),
    *("header", "footer", "aside", "nav", "main", "address"),
}
_DROP = {"script", "style", "noscript", "iframe", "object", "embed", "template", "svg", "form"}


def html_to_text(fragment: str) -> str:
    """The readable text of an HTML fragment, paragraphs separated by blank lines."""
    if not fragment or "<" not in fragment:
        # No tags, but maybe entities ("Q&amp;A", "don&#8217;t"): the text they stand for.
        return re.sub(r"[ \t]+", " ", html.unescape(fragment or "")).strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", fragment).strip()
    for bad in root.iter(*_DROP):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n\n" + (element.text or "")
    text = root.text_content()
    paragraphs = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)
