"""Limits hold on every way in: the admin's sign-in is locked out like the accounts', and every form
that writes a thought's text keeps to COPYDESK_THOUGHTS_MAX_LENGTH."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from copydesk.discussion.models import Thought
from copydesk.discussion.policy import Policy
from copydesk.newsroom.models import Story
from tests.test_discussion import PASSWORD, post, reader, signed_in

pytestmark = pytest.mark.django_db
ADMIN_LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def policy(settings):  # type: ignore[no-untyped-def]
    cache.clear()
    settings.COPYDESK_THOUGHTS = {**vars(Policy()), "hold_first": 0, "max_length": 100}
    return settings


@pytest.fixture
def story(demo_db) -> Story:  # type: ignore[no-untyped-def]
    return Story.objects.filter(current__isnull=False).first()


def editor(name: str) -> User:
    return User.objects.create_superuser(name, email=f"{name}@example.org", password=PASSWORD)


def admin_sign_in(client: Client, username: str, password: str) -> str:
    response = client.post(ADMIN_LOGIN, {"username": username, "password": password, "next": "/admin/"})
    return response.content.decode()


def test_admin_sign_in_is_locked_out_after_the_configured_failures(settings) -> None:  # type: ignore[no-untyped-def]
    # The same setting as the accounts' sign-in (COPYDESK_LOGIN_ATTEMPTS=3 here).
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,3/900s/key"}
    editor("ed")
    client = Client()
    for _ in range(3):
        admin_sign_in(client, "ed", "wrong-password!")
        assert "_auth_user_id" not in client.session
    page = admin_sign_in(client, "ed", PASSWORD)
    assert "Too many failed login attempts" in page
    assert "_auth_user_id" not in client.session
    # Another editor is not locked (from another address: the per-address limit is not reached either).
    editor("fay")
    other = Client(REMOTE_ADDR="10.0.0.8")
    admin_sign_in(other, "fay", PASSWORD)
    assert "_auth_user_id" in other.session


def test_admin_sign_in_is_limited_per_ip_address() -> None:
    editor("gus")
    client = Client(REMOTE_ADDR="10.0.0.7")
    for n in range(10):
        admin_sign_in(client, f"nobody{n}", "wrong-password!")
    page = admin_sign_in(client, "gus", PASSWORD)
    assert "Too many failed login attempts" in page and "_auth_user_id" not in client.session
    elsewhere = Client(REMOTE_ADDR="10.0.0.6")
    admin_sign_in(elsewhere, "gus", PASSWORD)
    assert "_auth_user_id" in elsewhere.session


def test_a_right_password_does_not_wipe_the_failures(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,3/900s/key"}
    editor("hugo")
    for _ in range(2):
        admin_sign_in(Client(), "hugo", "wrong-password!")
    ok = Client()
    admin_sign_in(ok, "hugo", PASSWORD)
    assert "_auth_user_id" in ok.session
    admin_sign_in(Client(), "hugo", "wrong-password!")
    late = Client()
    assert "Too many failed login attempts" in admin_sign_in(late, "hugo", PASSWORD)


def test_no_limit_when_rate_limits_are_off(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOUNT_RATE_LIMITS = False
    editor("ivy")
    client = Client()
    for _ in range(12):
        admin_sign_in(client, "ivy", "wrong-password!")
    admin_sign_in(client, "ivy", PASSWORD)
    assert "_auth_user_id" in client.session


def test_editing_a_thought_keeps_to_the_maximum_length(story: Story) -> None:
    client = signed_in(reader("jan"))
    post(client, story, "Short and sweet")
    thought = Thought.objects.get()
    response = client.post(f"/thoughts/{thought.pk}/edit/", {"body": "x" * 50_000})
    assert response.status_code == 200 and "at most 100 characters" in response.content.decode()
    thought.refresh_from_db()
    assert thought.body == "Short and sweet"
    client.post(f"/thoughts/{thought.pk}/edit/", {"body": "y" * 100})
    thought.refresh_from_db()
    assert thought.body == "y" * 100


def test_posting_keeps_to_the_maximum_length(story: Story) -> None:
    post(signed_in(reader("kit")), story, "z" * 101)
    assert not Thought.objects.exists()


def test_a_moderator_editing_in_the_admin_keeps_to_the_maximum_length(story: Story) -> None:
    post(signed_in(reader("lea")), story, "Original words")
    thought = Thought.objects.get()
    admin = signed_in(editor("mo"))
    url = f"/admin/discussion/thought/{thought.pk}/change/"
    form = {
        "body": "w" * 5_000,
        "status": thought.status,
        "hold_reason": "",
        "reports-TOTAL_FORMS": "0",
        "reports-INITIAL_FORMS": "0",
        "reports-MIN_NUM_FORMS": "0",
        "reports-MAX_NUM_FORMS": "1000",
    }
    response = admin.post(url, form)
    assert response.status_code == 200 and "at most 100 characters" in response.content.decode()
    thought.refresh_from_db()
    assert thought.body == "Original words"
    response = admin.post(url, {**form, "body": "Edited words"})
    assert response.status_code == 302
    thought.refresh_from_db()
    assert thought.body == "Edited words"
