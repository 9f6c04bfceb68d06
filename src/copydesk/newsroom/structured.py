"""What a page's <head> tells search engines and link previews: schema.org `NewsArticle` JSON-LD (the fields
of Google's Article structured-data documentation, plus `citation` and `isBasedOn` naming the source
reports, and each later revision as a `correction`), OpenGraph and Twitter card values, the canonical
address. Built from the story document, so the head says what the page shows."""

from __future__ import annotations

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from copydesk.newsroom.feeds import DESCRIPTION, NAME, is_link

# JSON inside <script> must not close it: '<', '>' and '&' are written as JSON escapes (as Django's
# json_script does), which any JSON reader reads back as the same characters.
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script_json(data: Any) -> SafeString:
    """`data` as JSON that can stand inside a <script> element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE))


def organization(home: str) -> dict[str, Any]:
    return {"@type": "Organization", "name": NAME, "url": home}


def _citation(source: dict[str, Any]) -> dict[str, Any]:
    cited: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": source["title"],
        "publisher": {"@type": "Organization", "name": source["outlet"]},
    }
    if is_link(source["url"]):
        cited["url"] = source["url"]
    if source["published"]:
        cited["datePublished"] = source["published"]
    return cited


def news_article(doc: dict[str, Any], url: str, home: str) -> dict[str, Any]:
    """The story as schema.org NewsArticle. No `image`: Copydesk stores none, and invents none."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": doc["headline"],
        "description": doc["dek"],
        "datePublished": doc["published"],
        "dateModified": doc["updated"],
        "author": [organization(home)],
        "publisher": organization(home),
        "inLanguage": "en",
        "isAccessibleForFree": True,
        "version": len(doc["revisions"]),
        "isBasedOn": [s["url"] for s in doc["sources"] if is_link(s["url"])],
        "citation": [_citation(s) for s in doc["sources"]],
    }
    later = doc["revisions"][1:]  # the first revision is the publication, each later one a correction
    if later:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": r["note"], "datePublished": r["at"]} for r in later
        ]
    return data


def story_head(doc: dict[str, Any], url: str, home: str) -> dict[str, Any]:
    """The story page's head values: canonical address, JSON-LD, and what OpenGraph/Twitter show."""
    return {
        "url": url,
        "kind": "article",
        "title": doc["headline"],
        "description": doc["dek"],
        "published": doc["published"],
        "modified": doc["updated"],
        "json_ld": script_json(news_article(doc, url, home)),
    }


def home_head(home: str) -> dict[str, Any]:
    website = {"@context": "https://schema.org", "@type": "WebSite", "name": NAME, "url": home}
    return {
        "url": home,
        "kind": "website",
        "title": NAME,
        "description": DESCRIPTION,
        "json_ld": script_json(website),
    }
