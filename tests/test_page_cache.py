"""Kept pages: anonymous reads cost no rendering, no change is ever missed on the next request, signed-in
readers get the kept page with only their own parts filled in, and HTTP caching headers are right."""

import gzip
import io
import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.core import signals
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from copydesk.discussion.models import Thought
from copydesk.newsroom.models import RelatedStory, Revision, Sentence, Story
from copydesk.pipeline.corrections import move_articles
from tests.page_data import Size, build

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_caches")]
NOW = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def stories() -> list[Story]:
    return build(Size(stories=4, related=2, thoughts=1))


def get(client: Client, path: str, **headers: str):  # type: ignore[no-untyped-def]
    response = client.get(path, headers=headers)
    assert response.status_code in (200, 304), (path, response.status_code)
    return response


def revise(story: Story, headline: str, dek: str) -> Revision:
    """Publish a new revision of `story` as the pipeline does: rows first, then the story points at it."""
    number = story.revisions.count() + 1
    revision = Revision.objects.create(
        story=story, number=number, created_at=NOW, headline=headline, writer="extractive", note="Again."
    )
    Sentence.objects.create(revision=revision, position=0, text=dek, verified=True)
    story.current = revision
    story.save(update_fields=["current"])
    return revision


def test_an_anonymous_read_of_a_kept_page_renders_nothing_and_makes_one_query(
    client: Client, stories: list[Story]
) -> None:
    for path in ["/", f"/stories/{stories[0].slug}/", "/api/stories/", f"/api/stories/{stories[0].slug}/"]:
        first = get(client, path)
        with CaptureQueriesContext(connection) as captured:
            again = get(client, path)
        assert again.content == first.content
        assert again.templates == [], path  # nothing rendered
        assert len(captured) == 1, (path, [q["sql"] for q in captured])  # the stamps


def test_a_new_revision_shows_on_the_next_request(client: Client, stories: list[Story]) -> None:
    story, other = stories[0], stories[1]
    paths = ["/", f"/stories/{story.slug}/", f"/api/stories/{story.slug}/", "/api/stories/"]
    for path in paths:
        get(client, path)
    revise(story, "A wholly new headline", "A wholly new dek.")
    for path in paths:
        assert "A wholly new headline" in get(client, path).content.decode(), path
    # the related box of every story that links to it shows the new headline at once
    linking = RelatedStory.objects.filter(other=story).values_list("story__slug", flat=True)
    assert linking
    for slug in linking:
        assert "A wholly new headline" in get(client, f"/stories/{slug}/").content.decode()
    assert other.slug in get(client, "/").content.decode()


def test_a_related_story_change_shows_on_the_next_request(client: Client, stories: list[Story]) -> None:
    story = stories[0]
    page = get(client, f"/stories/{story.slug}/").content.decode()
    dropped = RelatedStory.objects.filter(story=story).first()
    assert f"/stories/{dropped.other.slug}/" in page
    dropped.delete()
    assert f"/stories/{dropped.other.slug}/" not in get(client, f"/stories/{story.slug}/").content.decode()


def test_a_published_thought_shows_on_the_next_request(client: Client, stories: list[Story]) -> None:
    story = stories[0]
    path = f"/stories/{story.slug}/"
    get(client, path)
    author = User.objects.create_user("newcomer", password="a-long-test-password")
    held = Thought.objects.create(story=story, author=author, body="Waiting for a moderator", status="held")
    assert "Waiting for a moderator" not in get(client, path).content.decode()
    # approved in the admin's queue: a queryset update, no signal sent
    Thought.objects.filter(pk=held.pk).update(status=Thought.Status.PUBLISHED)
    assert "Waiting for a moderator" in get(client, path).content.decode()
    Thought.objects.filter(pk=held.pk).update(status=Thought.Status.REJECTED)
    assert "Waiting for a moderator" not in get(client, path).content.decode()


def test_a_correction_shows_on_the_next_request(client: Client, stories: list[Story]) -> None:
    emptied, kept = stories[0], stories[1]
    assert get(client, f"/stories/{emptied.slug}/").status_code == 200
    assert emptied.slug in get(client, "/").content.decode()
    move_articles(emptied.articles.values_list("id", flat=True), kept, NOW)
    moved = client.get(f"/stories/{emptied.slug}/")
    assert moved.status_code == 302 and moved["Location"] == f"/stories/{kept.slug}/"
    assert f"/stories/{emptied.slug}/" not in get(client, "/").content.decode()


def test_a_change_to_a_sentence_made_outside_django_shows_too(client: Client, stories: list[Story]) -> None:
    story = stories[0]
    get(client, f"/stories/{story.slug}/")
    with connection.cursor() as cursor:  # raw SQL, as another program would write it
        cursor.execute(
            "UPDATE newsroom_sentence SET text = 'Rewritten by hand.' WHERE revision_id = %s AND section_id IS NULL",
            [story.current_id],
        )
    assert "Rewritten by hand." in get(client, f"/stories/{story.slug}/").content.decode()


def reader(name: str) -> Client:
    user = User.objects.create_user(name, password="a-long-test-password")
    client = Client()
    client.force_login(user)
    return client


def controls(html: str) -> dict[str, set[str]]:
    """Which thoughts the page offers to edit, delete or report, by thought id."""
    return {
        "edit": set(re.findall(r'href="/thoughts/(\d+)/edit/"', html)),
        "delete": set(re.findall(r'action="/thoughts/(\d+)/delete/"', html)),
        "report": set(re.findall(r'action="/thoughts/(\d+)/report/"', html)),
    }


def test_signed_in_readers_see_their_own_controls_and_never_anothers(stories: list[Story], settings) -> None:  # type: ignore[no-untyped-def]
    from copydesk.discussion.policy import Policy

    settings.COPYDESK_THOUGHTS = {**vars(Policy()), "hold_first": 0}
    story = stories[0]
    path = f"/stories/{story.slug}/"
    alice, bob, anonymous = reader("alice"), reader("bob"), Client()
    get(anonymous, path)  # the page is kept from here on
    for who, client in [("alice", alice), ("bob", bob)]:
        response = client.post(f"/stories/{story.slug}/thoughts/", {"body": f"{who} thinks so"})
        assert response.status_code == 302
    mine = {u: str(Thought.objects.get(author__username=u).pk) for u in ["alice", "bob"]}
    held = Thought.objects.create(
        story=story, author=User.objects.get(username="alice"), body="Alice, held", status="held"
    )

    for me, other, client in [("alice", "bob", alice), ("bob", "alice", bob)]:
        response = get(client, path)
        html = response.content.decode()
        assert "Signed in as <a" in html and f">{me}</a>" in html and f">{other}</a></span>" not in html
        seen = controls(html)
        assert mine[me] in seen["edit"] and mine[me] in seen["delete"] and mine[me] not in seen["report"]
        assert mine[other] not in seen["edit"] and mine[other] not in seen["delete"]
        assert mine[other] in seen["report"]
        assert 'id="new-thought"' in html and 'name="csrfmiddlewaretoken"' in html
        assert ("Alice, held" in html) == (me == "alice")
        assert "private" in response["Cache-Control"]
    html = get(anonymous, path).content.decode()
    assert controls(html) == {"edit": set(), "delete": set(), "report": set()}
    assert "Signed in as" not in html and "csrfmiddlewaretoken" not in html and "Alice, held" not in html
    assert (
        "alice thinks so" in html and "bob thinks so" in html and "Sign in to join the conversation" in html
    )
    assert Thought.objects.get(pk=held.pk).status == "held"


def test_a_signed_in_read_of_a_kept_page_renders_only_the_readers_parts(stories: list[Story]) -> None:
    story = stories[0]
    path = f"/stories/{story.slug}/"
    get(Client(), path)
    response = get(reader("carol"), path)
    rendered = {t.name for t in response.templates}
    assert "newsroom/story.html" not in rendered and "newsroom/_sentence.html" not in rendered
    assert {"newsroom/_account.html", "discussion/_thoughts.html"} <= rendered


def test_anonymous_pages_carry_validators_and_answer_304(client: Client, stories: list[Story]) -> None:
    for path in ["/", f"/stories/{stories[0].slug}/", "/api/stories/"]:
        first = get(client, path)
        assert first.has_header("ETag") and first.has_header("Last-Modified")
        assert "public" in first["Cache-Control"]
        assert get(client, path, if_none_match=first["ETag"]).status_code == 304
        assert get(client, path, if_modified_since=first["Last-Modified"]).status_code == 304
        revise(stories[0], f"Changed for {path}", "Changed.")
        assert get(client, path, if_none_match=first["ETag"]).status_code == 200


def test_pages_are_compressed_for_clients_that_accept_gzip(client: Client, stories: list[Story]) -> None:
    response = get(client, f"/stories/{stories[0].slug}/", accept_encoding="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert stories[0].current.headline in gzip.decompress(response.content).decode()
    assert "Accept-Encoding" in response["Vary"]


def wsgi_get(path: str, **headers: str) -> tuple[str, dict[str, str], bytes]:
    """GET through copydesk.wsgi.application, as `copydesk serve` calls it."""
    from copydesk.wsgi import application

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        **{f"HTTP_{k.upper()}": v for k, v in headers.items()},
    }
    answer: dict[str, object] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> None:
        answer.update(status=status, headers=dict(headers))

    # As Django's test client does: a request must not close the connection that holds the test's
    # transaction (on PostgreSQL it would; SQLite's test database in memory is never closed).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, start_response))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body  # type: ignore[return-value]


def log_statements(statements: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Every statement sent through the driver, whoever sends it: SQLite's own log, or psycopg's cursors
    (Django's and the fast path's `connection.execute` alike)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        connection.connection.set_trace_callback(statements.append)
        return
    import psycopg

    execute = psycopg.Cursor.execute

    def logged(cursor, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        statements.append(str(query))
        return execute(cursor, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", logged)


def test_the_server_answers_anonymous_readers_before_django(
    stories: list[Story], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = f"/stories/{stories[0].slug}/"
    started = []

    def count(**kwargs: object) -> None:
        started.append(1)

    status, headers, body = wsgi_get(path)
    assert status.startswith("200")
    statements: list[str] = []
    signals.request_started.connect(count)
    log_statements(statements, monkeypatch)
    try:
        status, again, same = wsgi_get(path)
        _, gz_headers, gz_body = wsgi_get(path, accept_encoding="gzip, br")
        not_modified, _, empty = wsgi_get(path, if_none_match=again["ETag"])
    finally:
        if connection.vendor == "sqlite":
            connection.connection.set_trace_callback(None)
        monkeypatch.undo()
        signals.request_started.disconnect(count)
    assert started == []  # Django never asked
    assert len(statements) == 3 and all("newsroom_pagestamp" in sql for sql in statements)  # one query each
    assert status.startswith("200") and same == body
    assert again["Content-Security-Policy"] == headers["Content-Security-Policy"]
    assert again["X-Frame-Options"] == "DENY" and "Set-Cookie" not in again
    assert gz_headers["Content-Encoding"] == "gzip" and gzip.decompress(gz_body) == body
    assert not_modified.startswith("304") and empty == b""
    # a reader with a session goes to Django, and after a change everyone does
    revise(stories[0], "Changed once more", "Changed.")
    signals.request_started.connect(count)
    try:
        status, _, body = wsgi_get(path)
    finally:
        signals.request_started.disconnect(count)
    assert started == [1] and b"Changed once more" in body
