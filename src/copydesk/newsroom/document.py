"""A story as one data dict: the export and JSON API shape (DESIGN.md), also rendered as the page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch

from copydesk.newsroom.models import Citation, RelatedStory, Revision, Sentence, SourceArticle, Story


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def source_key(article: SourceArticle) -> str:
    """How a citation names its source: the URL, or a stable local reference when there is none.

    The reference ('copydesk:source/12') is not a link: pages show such a source without an anchor.
    """
    return article.url or f"copydesk:source/{article.id}"


def _sentence(sentence: Sentence) -> dict[str, Any]:
    return {
        "text": sentence.text,
        "citations": [{"source": source_key(c.source), "quote": c.quote} for c in sentence.citations.all()],
    }


def _sections(revision: Revision, shown: list[Sentence]) -> list[dict[str, Any]]:
    sections = []
    for section in revision.sections.all():
        paragraphs: dict[int, list[dict[str, Any]]] = {}
        for sentence in shown:
            if sentence.section_id == section.id:
                paragraphs.setdefault(sentence.paragraph, []).append(_sentence(sentence))
        if paragraphs:
            sections.append(
                {"heading": section.heading, "paragraphs": [paragraphs[k] for k in sorted(paragraphs)]}
            )
    return sections


def _sources(revision: Revision) -> list[dict[str, Any]]:
    return [
        {"url": source_key(a), "outlet": a.outlet_name, "title": a.title, "published": _iso(a.published)}
        for a in revision.sources.select_related("outlet").order_by("published", "id")
    ]


def _differences(revision: Revision) -> list[dict[str, Any]]:
    """Stored differences with each source named by its URL (as citations name them)."""
    keys = {a.id: source_key(a) for a in revision.sources.all()}
    return [
        {
            "what": d["what"],
            "values": [
                {"value": v["value"], "sources": [keys[i] for i in v["sources"] if i in keys]}
                for v in d["values"]
            ],
        }
        for d in revision.differences
    ]


def _related(story: Story) -> list[dict[str, Any]]:
    links = RelatedStory.objects.filter(story=story, other__current__isnull=False).select_related(
        "other__current"
    )
    return [
        {"slug": link.other.slug, "headline": str(link.other), "summary": link.other.current.summary()}
        for link in links
    ]


def story_document(
    story: Story, with_dek_citations: bool = False, revision: Revision | None = None
) -> dict[str, Any]:
    """The published story in DESIGN.md's export shape (pages also want the dek's citations).

    `revision` shows an older revision instead of the current one (older revisions stay readable).
    """
    revision = revision or story.current
    if revision is None:
        raise ValueError(f"story {story.slug!r} has no published revision")
    sentences = list(
        revision.shown_sentences()
        .select_related("section")
        .prefetch_related(Prefetch("citations", queryset=Citation.objects.select_related("source")))
    )
    dek = next((s for s in sentences if s.section_id is None), None)
    body = [s for s in sentences if s.section_id is not None]
    first = story.revisions.order_by("number").first()
    doc: dict[str, Any] = {
        "id": story.id,
        "slug": story.slug,
        "headline": revision.headline,
        "dek": dek.text if dek else "",
        "published": _iso(first.created_at if first else revision.created_at),
        "updated": _iso(revision.created_at),
        "sections": _sections(revision, body),
        "sources": _sources(revision),
        "related": _related(story),
        "differences": _differences(revision),
        "verification": {
            "sentences": revision.sentence_count,
            "verified": revision.verified_count,
            "withheld": revision.withheld_count,
        },
        "revisions": [
            {"at": _iso(r.created_at), "note": r.note}
            for r in story.revisions.filter(number__lte=revision.number).order_by("number")
        ],
    }
    if with_dek_citations and dek is not None:
        doc["dek_citations"] = _sentence(dek)["citations"]
    return doc


def published_stories() -> Iterable[Story]:
    """Published stories, newest first."""
    return Story.objects.filter(current__isnull=False).select_related("current").order_by("-last_seen", "-id")
