"""A story as one data dict: the export and JSON API shape (DESIGN.md), also rendered as the page.

Documents are built for a list of stories at once, in five queries whatever the number of stories,
sentences, citations, sources, related stories and revisions (one per kind of row, read as plain
values): the API lists fifty stories in the queries one takes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, F, OuterRef, QuerySet, Subquery

from copydesk.newsroom.models import RelatedStory, Revision, Sentence, SourceArticle, Story

# The order readers see a revision's sentences in: the dek (no section) first, then by section.
SHOWN_ORDER = (F("section__position").asc(nulls_first=True), "paragraph", "position")
UNKNOWN_OUTLET = "Unknown outlet"


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def source_key(article: SourceArticle) -> str:
    """How a citation names its source: the URL, or a stable local reference when there is none.

    The reference ('copydesk:source/12') is not a link: pages show such a source without an anchor.
    """
    return _key(article.id, article.url)


def _key(article_id: int, url: str | None) -> str:
    return url or f"copydesk:source/{article_id}"


def first_shown(revision: OuterRef) -> Subquery:
    """The text of the first sentence readers see of `revision` (its dek, else its first verified
    sentence): what stands for a story on the home page and in related boxes. A withheld dek never is."""
    shown = Sentence.objects.filter(revision=revision, verified=True).order_by(*SHOWN_ORDER)
    return Subquery(shown.values("text")[:1])


def _sentences(revision_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Shown sentences of each revision in reading order, each with its citations (one query: a row
    per citation, or one without for a sentence that cites nothing)."""
    rows = (
        Sentence.objects.filter(revision_id__in=revision_ids, verified=True)
        .order_by("revision_id", *SHOWN_ORDER, "citations__id")
        .values_list(
            "id",
            "revision_id",
            "section_id",
            "section__heading",
            "paragraph",
            "text",
            "citations__source_id",
            "citations__source__url",
            "citations__quote",
        )
    )
    by_revision: dict[int, list[dict[str, Any]]] = defaultdict(list)
    last: dict[str, Any] = {"id": None}
    for sentence_id, revision_id, section_id, heading, paragraph, text, source_id, url, quote in rows:
        if sentence_id != last["id"]:
            last = {
                "id": sentence_id,
                "section_id": section_id,
                "section__heading": heading,
                "paragraph": paragraph,
                "text": text,
                "citations": [],
            }
            by_revision[revision_id].append(last)
        if source_id is not None:
            last["citations"].append({"source": _key(source_id, url), "quote": quote})
    return by_revision


def _sections(body: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Body sentences (already in reading order) grouped into sections and paragraphs."""
    sections: list[dict[str, Any]] = []
    current: int | None = None
    for row in body:
        if row["section_id"] != current:
            current = row["section_id"]
            sections.append({"heading": row["section__heading"], "paragraphs": {}})
        sentence = {"text": row["text"], "citations": row["citations"]}
        sections[-1]["paragraphs"].setdefault(row["paragraph"], []).append(sentence)
    for section in sections:
        section["paragraphs"] = [section["paragraphs"][k] for k in sorted(section["paragraphs"])]
    return sections


def _sources(revision_ids: list[int]) -> dict[int, list[tuple[int, dict[str, Any]]]]:
    """Each revision's sources (article id, export shape), oldest first."""
    through = Revision.sources.through.objects.filter(revision_id__in=revision_ids)
    rows = through.order_by("sourcearticle__published", "sourcearticle_id").values_list(
        "revision_id",
        "sourcearticle_id",
        "sourcearticle__url",
        "sourcearticle__outlet__name",
        "sourcearticle__title",
        "sourcearticle__published",
    )
    found: dict[int, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for revision_id, article_id, url, outlet, title, published in rows:
        source = {"url": _key(article_id, url), "outlet": outlet or UNKNOWN_OUTLET, "title": title}
        found[revision_id].append((article_id, {**source, "published": _iso(published)}))
    return found


def _differences(revision: Revision, keys: dict[int, str]) -> list[dict[str, Any]]:
    """Stored differences with each source named by its URL (as citations name them)."""
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


def _related(story_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    links = (
        RelatedStory.objects.filter(story_id__in=story_ids, other__current__isnull=False)
        .order_by("story_id", "rank")
        .annotate(summary=first_shown(OuterRef("other__current")))
        .values_list("story_id", "other__slug", "other__current__headline", "summary")
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for story_id, slug, headline, summary in links:
        found[story_id].append({"slug": slug, "headline": headline, "summary": summary or ""})
    return found


def _history(story_ids: list[int]) -> dict[int, list[tuple[int, Any, str]]]:
    """Each story's revisions (number, time, note), oldest first."""
    found: dict[int, list[tuple[int, Any, str]]] = defaultdict(list)
    rows = Revision.objects.filter(story_id__in=story_ids).order_by("story_id", "number")
    for story_id, number, at, note in rows.values_list("story_id", "number", "created_at", "note"):
        found[story_id].append((number, at, note))
    return found


def story_documents(
    stories: Sequence[Story],
    with_dek_citations: bool = False,
    revisions: dict[int, Revision] | None = None,
) -> list[dict[str, Any]]:
    """The published stories in DESIGN.md's export shape (pages also want the dek's citations).

    `revisions` shows an older revision of a story (by story id) instead of its current one.
    """
    chosen: dict[int, Revision] = {}
    for story in stories:
        revision = (revisions or {}).get(story.id) or story.current
        if revision is None:
            raise ValueError(f"story {story.slug!r} has no published revision")
        chosen[story.id] = revision
    revision_ids = [r.id for r in chosen.values()]
    story_ids = [s.id for s in stories]
    sentences, sources = _sentences(revision_ids), _sources(revision_ids)
    related, history = _related(story_ids), _history(story_ids)
    return [
        _document(story, chosen[story.id], sentences, sources, related, history, with_dek_citations)
        for story in stories
    ]


def _document(
    story: Story,
    revision: Revision,
    sentences: dict[int, list[dict[str, Any]]],
    sources: dict[int, list[tuple[int, dict[str, Any]]]],
    related: dict[int, list[dict[str, Any]]],
    history: dict[int, list[tuple[int, Any, str]]],
    with_dek_citations: bool,
) -> dict[str, Any]:
    shown = sentences.get(revision.id, [])
    dek = next((s for s in shown if s["section_id"] is None), None)
    listed = sources.get(revision.id, [])
    earlier = [(at, note) for number, at, note in history.get(story.id, []) if number <= revision.number]
    doc: dict[str, Any] = {
        "id": story.id,
        "slug": story.slug,
        "headline": revision.headline,
        "dek": dek["text"] if dek else "",
        "published": _iso(earlier[0][0] if earlier else revision.created_at),
        "updated": _iso(revision.created_at),
        "sections": _sections([s for s in shown if s["section_id"] is not None]),
        "sources": [source for _, source in listed],
        "related": related.get(story.id, []),
        "differences": _differences(revision, {i: source["url"] for i, source in listed}),
        "verification": {
            "sentences": revision.sentence_count,
            "verified": revision.verified_count,
            "withheld": revision.withheld_count,
        },
        "revisions": [{"at": _iso(at), "note": note} for at, note in earlier],
    }
    if with_dek_citations and dek is not None:
        doc["dek_citations"] = dek["citations"]
    return doc


def story_document(
    story: Story, with_dek_citations: bool = False, revision: Revision | None = None
) -> dict[str, Any]:
    """One story's document (`revision` for an older revision: older revisions stay readable)."""
    return story_documents([story], with_dek_citations, {story.id: revision} if revision else None)[0]


def published_stories() -> QuerySet[Story]:
    """Published stories, newest first."""
    return Story.objects.filter(current__isnull=False).select_related("current").order_by("-last_seen", "-id")


def story_cards(limit: int, page: int = 1) -> tuple[list[dict[str, Any]], bool]:
    """The home page's list: headline, summary, time and number of sources of the latest stories,
    `limit` a page; and whether there is a next page (one row more is read: no count)."""
    start = (max(1, page) - 1) * limit
    stories = list(
        published_stories().annotate(
            summary=first_shown(OuterRef("current")), source_count=Count("current__sources")
        )[start : start + limit + 1]
    )
    more, stories = len(stories) > limit, stories[:limit]
    cards = [
        {
            "slug": s.slug,
            "headline": s.current.headline if s.current else s.slug,
            "dek": s.summary or "",
            "updated": s.current.created_at if s.current else None,
            "last_seen": s.last_seen,
            "sources": s.source_count,
        }
        for s in stories
    ]
    return cards, more


def all_documents(stories: Iterable[Story], batch: int = 200) -> Iterable[dict[str, Any]]:
    """Documents of many stories, built `batch` at a time (the export)."""
    chunk: list[Story] = []
    for story in stories:
        chunk.append(story)
        if len(chunk) == batch:
            yield from story_documents(chunk)
            chunk = []
    if chunk:
        yield from story_documents(chunk)
