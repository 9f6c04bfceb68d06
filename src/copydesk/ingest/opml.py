"""OPML subscription lists: read (hostile XML refused by defusedxml) and written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree

from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException

from copydesk.errors import IngestError


@dataclass(frozen=True)
class Subscription:
    """One feed of an OPML file."""

    url: str
    title: str = ""
    site_url: str = ""


def parse_opml(raw: bytes, where: str = "opml") -> list[Subscription]:
    """Every outline with an xmlUrl, at any depth, in document order, each URL once."""
    try:
        root = SafeTree.fromstring(raw)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise IngestError(where, f"not a valid OPML file: {exc}") from None
    if root.tag.lower() != "opml":
        raise IngestError(where, f"not an OPML file (root element <{root.tag}>)")
    seen: dict[str, Subscription] = {}
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url and url not in seen:
            title = outline.get("title") or outline.get("text") or ""
            seen[url] = Subscription(url, title.strip(), (outline.get("htmlUrl") or "").strip())
    return list(seen.values())


def write_opml(subscriptions: Iterable[Subscription], title: str = "Copydesk subscriptions") -> bytes:
    """An OPML 2.0 document listing the subscriptions."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    body = ElementTree.SubElement(root, "body")
    for sub in subscriptions:
        attrs = {
            "type": "rss",
            "text": sub.title or sub.url,
            "title": sub.title or sub.url,
            "xmlUrl": sub.url,
        }
        if sub.site_url:
            attrs["htmlUrl"] = sub.site_url
        ElementTree.SubElement(body, "outline", attrs)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
