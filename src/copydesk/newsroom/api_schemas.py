"""The JSON API's shapes, as typed schemas from which django-ninja writes the OpenAPI document. The story
is DESIGN.md's export shape (`document.story_documents`), field for field."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema


class Error(Schema):
    """Every error the API answers: what went wrong, in a sentence."""

    message: str = Field(examples=["No story 'no-such-story'."])
    errors: list[dict[str, object]] | None = Field(
        None, description="For a bad parameter: each problem, with where it is (loc) and what (msg)."
    )


class Citation(Schema):
    source: str = Field(description="The cited source's URL, or 'copydesk:source/<id>' when it has none.")
    quote: str = Field(description="The passage of the source the sentence rests on.")


class Sentence(Schema):
    text: str
    citations: list[Citation]


class Section(Schema):
    heading: str | None = Field(description="None for the lead.")
    paragraphs: list[list[Sentence]]


class Source(Schema):
    url: str = Field(description="The report's URL, or 'copydesk:source/<id>' (not a link) when it has none.")
    outlet: str
    title: str
    published: datetime | None


class Related(Schema):
    slug: str
    headline: str
    summary: str


class DifferenceValue(Schema):
    value: str
    sources: list[str] = Field(description="URLs of the sources that give this value.")


class Difference(Schema):
    what: str = Field(description="The quantity the sources disagree on, e.g. 'number of jobs'.")
    values: list[DifferenceValue]


class Verification(Schema):
    sentences: int
    verified: int
    withheld: int


class RevisionNote(Schema):
    at: datetime
    note: str


class Story(Schema):
    """A published story: the article with every sentence's citations, its sources and revisions."""

    id: int
    slug: str
    headline: str
    dek: str
    published: datetime = Field(description="When its first revision was published.")
    updated: datetime = Field(description="When this revision was published (a correction is newer).")
    sections: list[Section]
    sources: list[Source]
    related: list[Related]
    differences: list[Difference]
    verification: Verification
    revisions: list[RevisionNote]


class StoryPage(Schema):
    stories: list[Story] = Field(description="Newest first.")
    count: int = Field(description="Published stories in all pages.")
    page: int
    per_page: int
    next: str | None = Field(description="The next page's address, None on the last.")
    previous: str | None


class RelatedList(Schema):
    related: list[Related]


class SourceList(Schema):
    sources: list[Source]


class Paging(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1.")
    per_page: int = Field(50, ge=1, le=100, description="Stories per page (at most 100).")


class Links(Schema):
    openapi: str
    docs: str
    stories: str
    search: str
    topics: str


class Index(Schema):
    name: str
    description: str
    links: Links


class Card(Schema):
    """A listed story: what a search hit or a topic's list shows of it."""

    slug: str
    headline: str
    summary: str
    last_seen: datetime | None
    sources: int = Field(description="How many source reports it is written from.")


DAY = r"^\d{4}-\d{2}-\d{2}$"
A_DAY: dict[str, Any] = {"format": "date"}  # a real day: "2026-02-31" matches DAY and is refused (400)


class SearchQuery(Schema):
    q: str = Field("", max_length=500, description="Words or a question: matched by words and by meaning.")
    # Days as written (YYYY-MM-DD), read by the operation: a `date` field would also take a number of
    # seconds since 1970, which the schema does not allow (schemathesis sent one).
    since: str | None = Field(None, pattern=DAY, json_schema_extra=A_DAY, description="First day.")
    until: str | None = Field(None, pattern=DAY, json_schema_extra=A_DAY, description="Last day.")
    outlet: str = Field("", max_length=200, description="Only stories citing this outlet, by its name.")
    topic: str = Field("", max_length=100, description="Only stories of this topic, by its slug.")
    page: int = Field(1, ge=1, le=10000, description="Page number, from 1.")


class SearchFilters(Schema):
    since: str | None
    until: str | None
    outlet: str
    topic: str


class SearchPage(Schema):
    query: str
    filters: SearchFilters
    page: int
    pages: int
    total: int
    hits: list[Card]


class Topic(Schema):
    slug: str
    label: str
    description: str
    url: str = Field(description="Its stories in the API.")


class TopicList(Schema):
    topics: list[Topic]


class TopicPage(Schema):
    topic: Topic
    page: int
    more: bool = Field(description="Whether a next page exists.")
    stories: list[Card]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=10000, description="Page number, from 1.")
