"""The JSON API (django-ninja): its OpenAPI schema, pages of stories, one story, its related stories and
sources, validators answered with 304, and errors as JSON with a message, never an HTML page."""

from __future__ import annotations

import pytest
from django.test import Client

from copydesk.newsroom.document import story_document
from copydesk.newsroom.models import Story
from tests.page_data import Size, build, only_these_published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_caches")]


@pytest.fixture
def stories() -> list[Story]:
    return only_these_published(build(Size(stories=5, sources=2, related=2, thoughts=0)))


def test_the_api_root_links_its_schema_and_docs(client: Client) -> None:
    root = client.get("/api/")
    assert root.status_code == 200 and root["Content-Type"].startswith("application/json")
    links = root.json()["links"]
    assert links["openapi"] == "http://testserver/api/openapi.json"
    assert links["docs"] == "http://testserver/api/docs"
    assert links["stories"] == "http://testserver/api/stories/"
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {
        "/api/stories/",
        "/api/stories/{slug}/",
        "/api/stories/{slug}/related/",
        "/api/stories/{slug}/sources/",
    } <= paths
    assert client.get("/api/docs").status_code == 200


def test_stories_come_in_pages(client: Client, stories: list[Story]) -> None:
    first = client.get("/api/stories/?per_page=2").json()
    assert first["count"] == 5 and first["page"] == 1 and first["per_page"] == 2
    assert len(first["stories"]) == 2 and first["previous"] is None
    assert first["next"] == "http://testserver/api/stories/?page=2&per_page=2"
    seen = [s["slug"] for s in first["stories"]]
    page = first
    while page["next"]:
        page = client.get(page["next"].removeprefix("http://testserver")).json()
        seen += [s["slug"] for s in page["stories"]]
    assert sorted(seen) == sorted(s.slug for s in stories) and len(seen) == 5
    assert page["page"] == 3 and page["next"] is None and page["previous"]
    whole = client.get("/api/stories/").json()
    assert [s["slug"] for s in whole["stories"]] == seen  # newest first, the same order
    assert whole["stories"][0] == story_document(Story.objects.get(slug=seen[0]))


def test_one_story_its_related_stories_and_sources(client: Client, stories: list[Story]) -> None:
    story = stories[0]
    doc = story_document(story)
    assert client.get(f"/api/stories/{story.slug}/").json() == doc
    assert client.get(f"/api/stories/{story.slug}/related/").json() == {"related": doc["related"]}
    assert client.get(f"/api/stories/{story.slug}/sources/").json() == {"sources": doc["sources"]}


@pytest.mark.parametrize(
    "path",
    [
        "/api/stories/no-such-story/",
        "/api/stories/no-such-story/related/",
        "/api/stories/no-such-story/sources/",
        "/api/no-such-endpoint/",
    ],
)
def test_unknown_is_a_json_404_with_a_message(client: Client, stories: list[Story], path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


@pytest.mark.parametrize("query", ["page=0", "page=two", "per_page=1000", "per_page=-1"])
def test_a_bad_parameter_is_a_json_400_that_says_what(
    client: Client, stories: list[Story], query: str
) -> None:
    response = client.get(f"/api/stories/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["message"] and query.split("=")[0] in body["message"]


def test_a_page_past_the_end_is_a_json_404(client: Client, stories: list[Story]) -> None:
    response = client.get("/api/stories/?page=99")
    assert response.status_code == 404 and "page" in response.json()["message"]


@pytest.mark.parametrize(
    "suffix", ["", "?page=1&per_page=2", "{slug}/", "{slug}/related/", "{slug}/sources/"]
)
def test_answers_carry_validators_and_answer_304(client: Client, stories: list[Story], suffix: str) -> None:
    path = "/api/stories/" + suffix.format(slug=stories[0].slug)
    first = client.get(path)
    assert first.status_code == 200 and first.has_header("ETag") and first.has_header("Last-Modified")
    assert client.get(path, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get(path, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304


def test_a_revision_shows_in_the_kept_answers(client: Client, stories: list[Story]) -> None:
    story = stories[0]
    paths = [f"/api/stories/{story.slug}/", f"/api/stories/{stories[-1].slug}/related/", "/api/stories/"]
    firsts = [client.get(path) for path in paths]
    story.current.headline = "A changed headline"
    story.current.save()
    for path, first in zip(paths, firsts, strict=True):
        again = client.get(path, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 200 and "A changed headline" in again.content.decode(), path


def test_a_merged_story_redirects_to_where_it_went(client: Client, stories: list[Story]) -> None:
    gone, kept = stories[0], stories[1]
    Story.objects.filter(pk=gone.pk).update(current=None, merged_into=kept)
    response = client.get(f"/api/stories/{gone.slug}/")
    assert response.status_code == 302 and response["Location"] == f"/api/stories/{kept.slug}/"


def test_a_method_the_api_does_not_take_is_a_json_405(client: Client) -> None:
    response = client.post("/api/stories/")
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert response["Content-Type"].startswith("application/json") and response.json()["message"]
