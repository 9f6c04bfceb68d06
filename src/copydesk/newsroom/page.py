"""The story page's data: the document with each sentence's HTML made once, in Python.

A sentence's markup (its text with the day beside each relative date, its citation marker and the
popover with the passages it cites) is the bulk of the page; building it here rather than through a
template include per sentence makes an uncached story page about twice as fast to render.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from copydesk.core.dates import anchors


def segments(
    sentence: dict[str, Any], by_url: dict[str, dict[str, Any]], latest: date | None = None
) -> list[dict[str, Any]]:
    """The sentence's text in pieces, each relative date ("on Thursday") followed by the day it means;
    `latest` is the day of the story's latest report (`latest_report`)."""
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
    for anchor in anchors(text, datetime.fromisoformat(written).date(), latest):
        pieces.append({"text": text[cursor : anchor.end], "day": anchor.day})
        cursor = anchor.end
    pieces.append({"text": text[cursor:], "day": None})
    return pieces


def latest_report(by_url: dict[str, dict[str, Any]]) -> date | None:
    """The day of the story's latest report, once per page: a past weekday anchors against it."""
    days = [datetime.fromisoformat(s["published"]).date() for s in by_url.values() if s.get("published")]
    return max(days, default=None)


def page_context(doc: dict[str, Any]) -> dict[str, Any]:
    """The document, with each citation numbered after its source and carrying the source's details."""
    numbers = {source["url"]: n for n, source in enumerate(doc["sources"], start=1)}
    by_url = {source["url"]: source for source in doc["sources"]}
    latest = latest_report(by_url)
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
        pieces = segments(sentence, by_url, latest)
        shown = {**sentence, "id": f"s{counter}", "citations": cites, "segments": pieces}
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


# Every value below goes through `esc` (html.escape, as Django's own escape does, without its lazy-text
# wrapper, which cost more than the escaping): the page's markup for each sentence is built here.
esc = html.escape


def _day(day: date) -> str:
    title = f"{day:%A} {day.day} {day:%B} {day.year}"
    return f'<time class="anchor" datetime="{day.isoformat()}" title="{esc(title)}">{day.day} {day:%b}</time>'


def _passage(c: dict[str, Any]) -> str:
    if c["source"].startswith("http"):
        named = f'<a href="{esc(c["source"])}" rel="nofollow noopener">{esc(c["title"])}</a>'
    else:
        named = esc(c["title"])
    return (
        f'<span class="passage-item"><span class="passage-source">[{esc(str(c["n"]))}] {esc(c["outlet"])}: '
        f'{named}</span><q class="passage-quote">{esc(c["quote"])}</q></span>'
    )


def sentence_html(sentence: dict[str, Any]) -> SafeString:
    """One sentence as the page shows it: text, calendar days, citation marker and passages."""
    sid, cites = esc(sentence["id"]), sentence["citations"]
    text = "".join(esc(p["text"]) + (_day(p["day"]) if p["day"] else "") for p in sentence["segments"])
    if not cites:
        return mark_safe(f'<span class="sentence" id="{sid}">{text}</span>')
    label = f"Show the source passage{'s' if len(cites) != 1 else ''} for this sentence"
    numbers = esc(",".join(dict.fromkeys(str(c["n"]) for c in cites)))  # a quotation told whole: [1]
    target = f"{sid}-src"
    button = (
        f'<button type="button" class="cite" popovertarget="{target}" aria-label="{label}">{numbers}</button>'
    )
    passages = "".join(_passage(c) for c in cites)
    return mark_safe(
        f'<span class="sentence" id="{sid}">{text}{button}'
        f'<span class="passage" id="{target}" popover role="note">{passages}</span></span>'
    )
