"""Accounts and Thoughts through Django's test client on real SQLite: safety, moderation, accounts."""

import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import Client

from copydesk.discussion.models import Ban, Report, Thought
from copydesk.discussion.policy import Policy, blocked_reason, hold_reason
from copydesk.discussion.rendering import thought_html
from copydesk.newsroom.models import Story
from tests.conftest import CENTREPIECE, ROOT

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def policy(settings):  # type: ignore[no-untyped-def]
    """Each test starts with empty rate-limit counters and the default policy, holding off."""
    cache.clear()
    settings.COPYDESK_THOUGHTS = {**vars(Policy()), "hold_first": 0}
    return settings


@pytest.fixture
def story(demo_db, demo_gold) -> Story:  # type: ignore[no-untyped-def]
    for candidate in Story.objects.filter(current__isnull=False):
        if {demo_gold[a.url] for a in candidate.articles.all()} == {CENTREPIECE}:
            return candidate
    raise AssertionError("centrepiece not published")


def reader(name: str) -> User:
    user = User.objects.create_user(name, email=f"{name}@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def signed_in(user: User, **kwargs) -> Client:  # type: ignore[no-untyped-def]
    client = Client(**kwargs)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def post(client: Client, story: Story, body: str, **extra: object):  # type: ignore[no-untyped-def]
    return client.post(f"/stories/{story.slug}/thoughts/", {"body": body, **extra})


def page(client: Client, story: Story) -> str:
    return client.get(f"/stories/{story.slug}/").content.decode()


# Safety: CSRF, escaping, CSP


def test_post_without_csrf_token_is_refused(story: Story) -> None:
    client = signed_in(reader("ada"), enforce_csrf_checks=True)
    response = post(client, story, "No token here")
    assert response.status_code == 403
    assert not Thought.objects.exists()
    # With the token from the page's own form it goes through.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page(client, story)).group(1)
    assert post(client, story, "With a token", csrfmiddlewaretoken=token).status_code == 302
    assert Thought.objects.filter(body="With a token").exists()


def test_sign_in_form_without_csrf_token_is_refused(story: Story) -> None:
    reader("bea")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "bea@example.org", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


ATTACK = '<script>alert("x")</script><img src=x onerror="alert(1)"> [click](javascript:alert(2))'


def test_user_content_is_inert_on_the_page_and_in_the_admin(story: Story) -> None:
    post(signed_in(reader("mallory")), story, ATTACK)
    html = page(Client(), story)
    thread = html[html.index('id="thoughts"') :]
    assert "<script>" not in thread and "<img" not in thread and 'href="javascript' not in thread
    assert '&lt;script&gt;alert("x")&lt;/script&gt;&lt;img src=x onerror="alert(1)"&gt;' in thread
    admin = User.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    listing = signed_in(admin).get("/admin/discussion/thought/").content.decode()
    assert "&lt;script&gt;" in listing and '<script>alert("x")' not in listing


def test_rendering_allows_a_small_markdown_subset_and_marks_links() -> None:
    html = thought_html("*so* **much** `code`\n[source](https://example.org/a)")
    assert "<em>so</em>" in html and "<strong>much</strong>" in html and "<code>code</code>" in html
    assert '<a href="https://example.org/a" rel="nofollow ugc noopener">source</a>' in html
    assert "<" not in thought_html("<b onmouseover=x>hi</b>").replace("<p>", "").replace("</p>", "")


def test_pages_send_a_csp_without_inline_scripts(story: Story) -> None:
    response = Client().get(f"/stories/{story.slug}/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    # The one script element is the head's JSON-LD: data, which browsers never run (CSP does not apply).
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts == ['<script type="application/ld+json">']
    assert response.headers["X-Frame-Options"] == "DENY"


def test_deploy_check_is_clean_with_production_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "COPYDESK_SECURE": "1",
        "COPYDESK_SECRET_KEY": secrets.token_urlsafe(60),
        "COPYDESK_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "copydesk.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# Accounts


def test_lockout_after_repeated_failed_sign_ins(story: Story, settings) -> None:  # type: ignore[no-untyped-def]
    reader("cleo")
    client = Client()
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"login": "cleo@example.org", "password": "wrong-password!"}
        )
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    # The right password no longer helps: the address is locked out for the window.
    response = client.post("/accounts/login/", {"login": "cleo@example.org", "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account is not locked.
    reader("dora")
    response = Client().post("/accounts/login/", {"login": "dora@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_sign_up_sends_a_verification_email_and_uses_argon2(story: Story, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post(
        "/accounts/signup/",
        {"email": "eve@example.org", "username": "eve", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(username="eve")
    assert user.password.startswith("argon2")
    assert user.groups.filter(name="reader").exists()
    assert len(mailoutbox) == 1 and "eve@example.org" in mailoutbox[0].to
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mailoutbox[0].body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(email="eve@example.org").verified


def test_signup_honeypot_creates_no_account(story: Story) -> None:
    assert 'style="' not in Client().get("/accounts/signup/").content.decode()  # the CSP forbids it
    Client().post(
        "/accounts/signup/",
        {
            "email": "bot@example.org",
            "username": "bot",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "website": "http://spam.example",
        },
    )
    assert not User.objects.filter(username="bot").exists()


def test_roles_are_groups_with_permissions(story: Story) -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {"reader", "moderator", "editor", "admin"}
    moderator = reader("mod")
    moderator.groups.add(Group.objects.get(name="moderator"))
    moderator = User.objects.get(pk=moderator.pk)
    assert moderator.has_perm("discussion.moderate_thought")
    assert not reader("plain").has_perm("discussion.moderate_thought")
    assert Group.objects.get(name="editor").permissions.filter(content_type__app_label="newsroom").exists()


@pytest.mark.parametrize("choice", ["keep", "remove"])
def test_deleting_an_account_keeps_or_removes_its_thoughts(story: Story, policy, choice: str) -> None:  # type: ignore[no-untyped-def]
    policy.COPYDESK_THOUGHTS = {**policy.COPYDESK_THOUGHTS, "deleted_user": choice}
    user = reader("gone")
    client = signed_in(user)
    post(client, story, "Worth keeping")
    assert client.post("/accounts/delete/", {"password": "wrong"}).status_code == 200
    assert client.post("/accounts/delete/", {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(username="gone").exists()
    thought = Thought.objects.get()
    assert thought.author is None
    html = page(Client(), story)
    if choice == "keep":
        assert thought.body == "Worth keeping" and "deleted user" in html and "Worth keeping" in html
    else:
        assert thought.body == "" and thought.status == Thought.Status.REMOVED
        assert "Worth keeping" not in html


# Thoughts: posting, replies, edit window, reports


def test_anonymous_readers_see_the_thread_and_a_sign_in_link(story: Story) -> None:
    post(signed_in(reader("fay")), story, "First!")
    html = page(Client(), story)
    assert "First!" in html and "Sign in to join the conversation" in html
    assert f'href="/accounts/login/?next=/stories/{story.slug}/"' in html
    assert 'name="body"' not in html
    assert Client().post(f"/stories/{story.slug}/thoughts/", {"body": "anon"}).status_code == 302
    assert not Thought.objects.filter(body="anon").exists()


def test_replies_are_one_level_deep(story: Story) -> None:
    client = signed_in(reader("gil"))
    post(client, story, "Root")
    root = Thought.objects.get(body="Root")
    post(client, story, "Reply", parent=root.pk)
    reply = Thought.objects.get(body="Reply")
    post(client, story, "Reply to reply", parent=reply.pk)
    assert Thought.objects.get(body="Reply to reply").parent == root
    html = page(client, story)
    assert html.count('class="replies"') == 1


def test_rate_limit_per_user_and_per_ip(story: Story, policy) -> None:  # type: ignore[no-untyped-def]
    policy.COPYDESK_THOUGHTS = {**policy.COPYDESK_THOUGHTS, "per_user": "2/60", "per_ip": "3/60"}
    client = signed_in(reader("hal"))
    for n in range(3):
        post(client, story, f"hal {n}")
    assert Thought.objects.filter(author__username="hal").count() == 2
    assert "posting too fast" in page(client, story)
    # A second account on the same address hits the per-address limit (3 counted so far from it).
    post(signed_in(reader("ida")), story, "ida 0")
    assert not Thought.objects.filter(author__username="ida").exists()
    post(signed_in(reader("jo"), REMOTE_ADDR="10.0.0.9"), story, "jo 0")
    assert Thought.objects.filter(author__username="jo").exists()


def test_honeypot_stores_nothing(story: Story) -> None:
    response = post(signed_in(reader("kai")), story, "Buy now", homepage="http://spam.example")
    assert response.status_code == 302
    assert not Thought.objects.exists()


def test_first_thought_of_a_new_account_is_held(story: Story, policy) -> None:  # type: ignore[no-untyped-def]
    policy.COPYDESK_THOUGHTS = {**policy.COPYDESK_THOUGHTS, "hold_first": 1}
    client = signed_in(reader("lou"))
    post(client, story, "My first thought")
    thought = Thought.objects.get()
    assert thought.status == Thought.Status.HELD and "first" in thought.hold_reason
    assert "My first thought" not in page(Client(), story)
    assert "awaiting review" in page(client, story)
    thought.status = Thought.Status.PUBLISHED
    thought.save()
    post(client, story, "My second thought")
    assert Thought.objects.get(body="My second thought").status == Thought.Status.PUBLISHED


def test_blocked_words_and_links_are_held() -> None:
    policy = Policy(blocked_words=["casino"], blocked_links=["spam.example"], hold_first=0)
    assert blocked_reason(policy, "Visit the CASINO tonight") == "blocked word: casino"
    assert blocked_reason(policy, "see https://www.spam.example/x") == "blocked link: spam.example"
    assert blocked_reason(policy, "casinos and notspam.example.org") == ""
    assert hold_reason(policy, "casino", 10, trusted=True) == ""


def test_rejected_thought_is_hidden_but_stored_and_ban_stops_posting(story: Story) -> None:
    author = reader("max")
    post(signed_in(author), story, "Nasty remark")
    thought = Thought.objects.get()
    moderator = reader("nia")
    moderator.is_staff = True
    moderator.save()
    moderator.groups.add(Group.objects.get(name="moderator"))
    admin = signed_in(moderator)
    changelist = "/admin/discussion/thought/"
    assert admin.get(changelist + "?queue=review").status_code == 200
    admin.post(changelist, {"action": "reject", "_selected_action": [thought.pk]})
    thought.refresh_from_db()
    assert thought.status == Thought.Status.REJECTED and thought.body == "Nasty remark"
    assert thought.moderated_by == moderator
    assert "Nasty remark" not in page(Client(), story)
    admin.post(changelist, {"action": "ban_authors", "_selected_action": [thought.pk]})
    assert Ban.objects.filter(user=author).exists()
    post(signed_in(author), story, "Back again")
    assert not Thought.objects.filter(body="Back again").exists()


def test_edit_and_delete_only_within_the_window(story: Story) -> None:
    client = signed_in(reader("oli"))
    post(client, story, "Tpyo")
    thought = Thought.objects.get()
    assert client.get(f"/thoughts/{thought.pk}/edit/").status_code == 200
    client.post(f"/thoughts/{thought.pk}/edit/", {"body": "Typo"})
    thought.refresh_from_db()
    assert thought.body == "Typo" and thought.edited_at is not None
    # Someone else cannot edit it.
    assert signed_in(reader("pat")).post(f"/thoughts/{thought.pk}/edit/", {"body": "x"}).status_code == 404
    Thought.objects.filter(pk=thought.pk).update(created_at=thought.created_at - timedelta(minutes=16))
    client.post(f"/thoughts/{thought.pk}/edit/", {"body": "Too late"})
    client.post(f"/thoughts/{thought.pk}/delete/")
    thought.refresh_from_db()
    assert thought.body == "Typo" and thought.status == Thought.Status.PUBLISHED


def test_author_deletes_within_the_window_and_it_stays_stored(story: Story) -> None:
    client = signed_in(reader("quin"))
    post(client, story, "Regret this")
    thought = Thought.objects.get()
    client.post(f"/thoughts/{thought.pk}/delete/")
    thought.refresh_from_db()
    assert thought.status == Thought.Status.DELETED and thought.body == "Regret this"
    assert "Regret this" not in page(Client(), story)


def test_report_once_and_never_ones_own(story: Story) -> None:
    author = signed_in(reader("ray"))
    post(author, story, "Contested claim")
    thought = Thought.objects.get()
    assert author.post(f"/thoughts/{thought.pk}/report/", {"reason": "spam"}).status_code == 400
    other = signed_in(reader("sal"))
    assert other.post(f"/thoughts/{thought.pk}/report/", {"reason": "abuse"}).status_code == 302
    other.post(f"/thoughts/{thought.pk}/report/", {"reason": "spam"})
    report = Report.objects.get()
    assert report.reason == "abuse" and report.reporter.username == "sal"
    assert thought in Thought.objects.filter(reports__resolved=False)
