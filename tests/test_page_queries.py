"""What a page costs in queries does not grow with the newsroom: stories, sentences, sources, related
stories, revisions and thoughts grow tenfold and every page and API answer makes the same number."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.page_data import Size, build

pytestmark = pytest.mark.django_db

SMALL = Size(stories=3, sentences=4, sources=2, related=2, thoughts=2, revisions=1)
TENFOLD = Size(stories=30, sentences=40, sources=20, related=4, thoughts=20, revisions=3)
MOST = 10  # queries any of these pages may make, rendered from scratch


def queries(client: Client, path: str) -> int:
    """Queries made by one uncached answer to GET `path`."""
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def test_queries_stay_the_same_when_the_newsroom_grows_tenfold(client: Client) -> None:
    small = build(SMALL, prefix="small")
    paths = {
        "home": "/",
        "api": "/api/stories/",
        "story": f"/stories/{small[0].slug}/",
        "api story": f"/api/stories/{small[0].slug}/",
        "old revision": f"/stories/{small[0].slug}/revisions/1/",
    }
    before = {name: queries(client, path) for name, path in paths.items()}
    big = build(TENFOLD, prefix="big")
    paths["story"] = f"/stories/{big[0].slug}/"
    paths["api story"] = f"/api/stories/{big[0].slug}/"
    paths["old revision"] = f"/stories/{big[0].slug}/revisions/3/"
    after = {name: queries(client, path) for name, path in paths.items()}
    assert after == before
    assert max(after.values()) <= MOST, after


def test_a_signed_in_reader_costs_a_fixed_number_of_queries_too(client: Client) -> None:
    from django.contrib.auth.models import User

    small = build(SMALL, prefix="small")
    big = build(TENFOLD, prefix="big")
    reader = User.objects.create_user("reader", password="a-long-test-password")
    client.force_login(reader)
    assert queries(client, f"/stories/{small[0].slug}/") == queries(client, f"/stories/{big[0].slug}/")
