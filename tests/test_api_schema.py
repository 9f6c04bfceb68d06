"""The API against its own OpenAPI schema: schemathesis generates requests for every operation (valid and
invalid parameters) and checks each answer against the schema, on the real `copydesk serve` of the demo
newsroom on 127.0.0.1. Bounded: a few dozen examples per operation, so the whole file takes seconds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

from tests.databases import copy_data_dir
from tests.server import serving

EXAMPLES = 25


@pytest.fixture(scope="module")
def api_base(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("api") / "newsroom"
    copy_data_dir(demo_dir, data)  # its database too, on PostgreSQL
    with serving(data) as base:
        yield base


@pytest.fixture(scope="module")
def api_schema(api_base: str):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_url(f"{api_base}/api/openapi.json")


def operations(api_schema) -> list:  # type: ignore[no-untyped-def]
    found = [result.ok() for result in api_schema.get_all_operations()]
    assert len(found) >= 5, [op.label for op in found]
    return found


# schemathesis' own pytest wrapper for a schema from a fixture (`from_fixture`) reads a pytest internal
# that pytest 9 removed; each operation's Hypothesis strategy is driven here instead, the same checks.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_its_schema_says(api_schema, mode: GenerationMode) -> None:  # type: ignore[no-untyped-def]
    for operation in operations(api_schema):
        if mode == GenerationMode.NEGATIVE and not (len(operation.path_parameters) or len(operation.query)):
            continue  # nothing to get wrong (the API's root takes no parameter)

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def answers_as_documented(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate()

        try:
            answers_as_documented()
        except Exception as failure:
            failure.add_note(f"operation: {operation.label}")
            raise


def test_real_stories_answer_as_the_schema_says(api_base: str, api_schema) -> None:  # type: ignore[no-untyped-def]
    """Generated slugs name no story (404s); the demo's real ones must validate too, on every operation."""
    listing = httpx.get(f"{api_base}/api/stories/?per_page=3", timeout=10).json()
    slugs = [story["slug"] for story in listing["stories"]]
    assert len(slugs) == 3
    for path in ["/stories/{slug}/", "/stories/{slug}/related/", "/stories/{slug}/sources/"]:
        operation = api_schema["/api" + path]["GET"]
        for slug in slugs:
            case = operation.Case(path_parameters={"slug": slug})
            response = case.call_and_validate()
            assert response.status_code == 200
    listing_op = api_schema["/api/stories/"]["GET"]
    for query in [{}, {"page": 2, "per_page": 2}]:
        assert listing_op.Case(query=query).call_and_validate().status_code == 200


def test_the_served_site_offers_its_outputs(api_base: str) -> None:
    """Through the real server, kept answers included: the story page's head, the feeds, the sitemaps."""
    with httpx.Client(base_url=api_base, timeout=10) as http:
        slug = http.get("/api/stories/?per_page=1").json()["stories"][0]["slug"]
        for _ in range(2):  # the second answer comes from the kept page, before Django is asked
            page = http.get(f"/stories/{slug}/").text
            assert '<script type="application/ld+json">' in page and 'type="application/feed+json"' in page
            assert f'<link rel="canonical" href="{api_base}/stories/{slug}/">' in page
        outputs = {
            "/feeds/stories.rss": f"{api_base}/stories/{slug}/",
            "/feeds/stories.atom": f"{api_base}/stories/{slug}/",
            "/feeds/stories.json": f"{api_base}/stories/{slug}/",
            "/sitemap.xml": f"{api_base}/sitemap-stories.xml",
            "/sitemap-stories.xml": f"{api_base}/stories/{slug}/",
        }
        for path, names in outputs.items():
            first = http.get(path)
            assert first.status_code == 200 and names in first.text, path
            assert http.get(path, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
        assert f"Sitemap: {api_base}/sitemap.xml" in http.get("/robots.txt").text
        missing = http.get("/api/no-such-thing/")
        assert missing.status_code == 404 and missing.json()["message"]
