"""Done when, on the demo newsroom: the centrepiece is found first by its island's name and by what it is
about in other words, and its page links its people and places, whose pages list it."""

import re

import pytest
from django.test import Client

from copydesk.newsroom.models import Story
from copydesk.newsroom.search import search
from tests.conftest import CENTREPIECE

pytestmark = pytest.mark.django_db


def centrepiece() -> Story:
    return Story.objects.filter(articles__url__contains="4471", current__isnull=False).distinct().get()


@pytest.mark.parametrize("query", ["Yonaguni", "missile deployment on Japan's southwestern islands"])
def test_search_finds_the_centrepiece_first(demo_db, query: str, client: Client) -> None:  # type: ignore[no-untyped-def]
    assert CENTREPIECE
    story = centrepiece()
    assert search(query)["hits"][0]["slug"] == story.slug
    page = client.get("/search/", {"q": query}).content.decode()
    assert re.findall(r'href="/stories/([\w-]+)/"', page)[0] == story.slug


def test_the_centrepiece_links_its_people_and_places_and_they_list_it(demo_db, client: Client) -> None:  # type: ignore[no-untyped-def]
    story = centrepiece()
    page = client.get(f"/stories/{story.slug}/").content.decode()
    people = set(re.findall(r'href="(/people/[\w-]+/)"', page))
    places = set(re.findall(r'href="(/places/[\w-]+/)"', page))
    assert "/people/pete-hegseth/" in people and "/people/shinjiro-koizumi/" in people
    assert "/places/yonaguni/" in places
    for path in people | places:
        assert f"/stories/{story.slug}/" in client.get(path).content.decode(), path


def test_every_demo_story_has_one_to_three_topics(demo_db) -> None:  # type: ignore[no-untyped-def]
    for story in Story.objects.filter(current__isnull=False):
        assert 1 <= story.topics.count() <= 3, story.slug
