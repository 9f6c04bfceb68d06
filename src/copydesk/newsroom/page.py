"""The story page's data: the document with each sentence's HTML made once, in Python.

A sentence's markup (its text with the day beside each relative date, its citation marker and the
popover with the passages it cites) is the bulk of the page; building it here rather than through a
template include per sentence makes an uncached story page about twice as fast to render.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from copydesk.core.dates import anchors


def segments(sentence: dict[str, Any], by_url: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The sentence's text in pieces, each relative date ("on Thursday") followed by the day it means."""
    text = sentence["text"]
    written = next(
        (
            by_url[c["source"]]["published"]
            for c in sentence["citations"]
            if by_url.get(c["source"], {}).get("published")
        ),
        None,
    )
    if not written:
        return [{"text": text, "day": None}]
    pieces, cursor = [], 0
    for anchor in anchors(text, datetime.fromisoformat(written).date()):
        pieces.append({"text": text[cursor : anchor.end], "day": anchor.day})
        cursor = anchor.end
    pieces.append({"text": text[cursor:], "day": None})
    return pieces


def page_context(doc: dict[str, Any]) -> dict[str, Any]:
    """The document, with each citation numbered after its source and carrying the source's details."""
    numbers = {source["url"]: n for n, source in enumerate(doc["sources"], start=1)}
    by_url = {source["url"]: source for source in doc["sources"]}
    counter = 0

    def enrich(sentence: dict[str, Any]) -> dict[str, Any]:
        nonlocal counter
        counter += 1
        cites = [
            {
                **c,
                "n": numbers.get(c["source"]),
                "outlet": by_url.get(c["source"], {}).get("outlet", ""),
                "title": by_url.get(c["source"], {}).get("title", ""),
            }
            for c in sentence["citations"]
        ]
        shown = {**sentence, "id": f"s{counter}", "citations": cites, "segments": segments(sentence, by_url)}
        return {**shown, "html": sentence_html(shown)}

    dek_source = {"text": doc["dek"], "citations": doc.get("dek_citations", [])}
    sections = [
        {**section, "paragraphs": [[enrich(s) for s in paragraph] for paragraph in section["paragraphs"]]}
        for section in doc["sections"]
    ]
    differences = [
        {
            "what": d["what"],
            "values": [
                {
                    "value": v["value"],
                    "sources": [
                        {"n": numbers.get(url), "outlet": by_url.get(url, {}).get("outlet", url)}
                        for url in v["sources"]
                    ],
                }
                for v in d["values"]
            ],
        }
        for d in doc["differences"]
    ]
    return {
        "doc": doc,
        "dek": enrich(dek_source),
        "lead": sections[:1],
        "sections": sections[1:],
        "differences": differences,
    }


def _day(day: date) -> SafeString:
    return format_html(
        '<time class="anchor" datetime="{}" title="{}">{}</time>',
        day.isoformat(),
        f"{day:%A} {day.day} {day:%B} {day.year}",
        f"{day.day} {day:%b}",
    )


def _passage(c: dict[str, Any]) -> SafeString:
    if c["source"].startswith("http"):
        named = format_html('<a href="{}" rel="nofollow noopener">{}</a>', c["source"], c["title"])
    else:
        named = escape(c["title"])
    return format_html(
        '<span class="passage-item"><span class="passage-source">[{}] {}: {}</span>'
        '<q class="passage-quote">{}</q></span>',
        c["n"],
        c["outlet"],
        named,
        c["quote"],
    )


def sentence_html(sentence: dict[str, Any]) -> SafeString:
    """One sentence as the page shows it: text, calendar days, citation marker and passages."""
    sid, cites = sentence["id"], sentence["citations"]
    text = mark_safe(
        "".join(escape(p["text"]) + (_day(p["day"]) if p["day"] else "") for p in sentence["segments"])
    )
    if not cites:
        return format_html('<span class="sentence" id="{}">{}</span>', sid, text)
    return format_html(
        '<span class="sentence" id="{}">{}<button type="button" class="cite" popovertarget="{}-src" '
        'aria-label="Show the source passage{} for this sentence">{}</button>'
        '<span class="passage" id="{}-src" popover role="note">{}</span></span>',
        sid,
        text,
        sid,
        "s" if len(cites) != 1 else "",
        ",".join(str(c["n"]) for c in cites),
        sid,
        mark_safe("".join(_passage(c) for c in cites)),
    )
