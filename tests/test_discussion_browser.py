"""Accounts and Thoughts in a real browser: sign up, verify by email, sign in, post, reply, sign out."""

import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browsing import SCREENSHOTS, centrepiece_slug
from tests.server import serving

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery-staple"
ATTACK = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


@pytest.fixture(scope="module")
def mail_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="copydesk-mail-") as tmp:
        yield Path(tmp)


@pytest.fixture(scope="module")
def site(demo_dir: Path, mail_dir: Path) -> Iterator[str]:
    """The demo newsroom served with email to files and new accounts' thoughts published at once."""
    overrides = {"COPYDESK_EMAIL_FILE_PATH": str(mail_dir), "COPYDESK_THOUGHTS_HOLD_FIRST": "0"}
    saved = {name: os.environ.get(name) for name in overrides}
    os.environ.update(overrides)
    try:
        with serving(demo_dir) as base:
            yield base
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def confirmation_link(mail_dir: Path, address: str, timeout: float = 10) -> str:
    """The verification link in the newest email to `address` that the file backend wrote."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
            text = path.read_text()
            if f"To: {address}" in text:
                match = re.search(r"(https?://\S+/accounts/confirm-email/[^\s/]+/)", text)
                if match:
                    return match.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no verification email to {address} in {mail_dir}")


def sign_up_and_in(browser, site: str, mail_dir: Path, slug: str, name: str):  # type: ignore[no-untyped-def]
    """Sign up from the story page, confirm the email in another browser, sign in; returns the page."""
    signup = browser.new_context().new_page()
    refused: list[str] = []
    signup.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    signup.goto(f"{site}/stories/{slug}/")
    signup.click("text=Create account")
    signup.fill("input[name=email]", f"{name}@example.org")
    signup.fill("input[name=username]", name)
    signup.fill("input[name=password1]", PASSWORD)
    signup.fill("input[name=password2]", PASSWORD)
    signup.click("button[type=submit]:has-text('Sign Up')")
    signup.wait_for_url("**/accounts/confirm-email/")
    assert refused == [], refused
    signup.context.close()

    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.violations = violations
    page.goto(confirmation_link(mail_dir, f"{name}@example.org"))
    page.click("button[type=submit]:has-text('Confirm')")
    page.goto(f"{site}/stories/{slug}/")
    page.click("text=Sign in to join the conversation")
    page.wait_for_url(f"**/accounts/login/?next=/stories/{slug}/")
    page.fill("input[name=login]", f"{name}@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]:has-text('Sign In')")
    page.wait_for_url(f"**/stories/{slug}/**")
    assert page.get_by_text(f"Signed in as {name}").is_visible()
    return page


def test_sign_up_verify_post_reply_and_sign_out(browser, site: str, demo_dir: Path, mail_dir: Path) -> None:  # type: ignore[no-untyped-def]
    slug = centrepiece_slug(demo_dir)
    page = sign_up_and_in(browser, site, mail_dir, slug, "amelia")

    page.fill("#new-thought textarea[name=body]", "The **command links** matter more than the drills.")
    page.click("#new-thought button[type=submit]")
    page.wait_for_url(f"**/stories/{slug}/#thought-*")
    thought = page.locator("article.thought", has_text="matter more than the drills").first
    assert thought.locator("strong", has_text="command links").is_visible()

    item = page.locator("ol.thread > li", has=thought)
    item.locator("details.reply-box summary").click()
    item.locator("textarea[name=body]").fill("Replying to myself: the islands too.")
    item.locator("button:has-text('Post reply')").click()
    page.wait_for_url(f"**/stories/{slug}/#thought-*")
    assert page.locator("ol.replies article.thought", has_text="the islands too").is_visible()

    # A second reader tries to run script through a thought; everyone sees only its text.
    mallory = sign_up_and_in(browser, site, mail_dir, slug, "mallory")
    mallory.fill("#new-thought textarea[name=body]", ATTACK)
    mallory.click("#new-thought button[type=submit]")
    mallory.wait_for_url(f"**/stories/{slug}/#thought-*")
    mallory.context.close()

    page.reload()
    assert page.locator("article.thought", has_text="<script>window.__pwned = 1</script>").is_visible()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#thoughts img").count() == 0
    assert page.violations == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#thoughts").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "thoughts-signed-in.png"), full_page=True)

    page.click(".masthead button:has-text('Sign out')")
    page.wait_for_url(f"**/stories/{slug}/")
    assert page.get_by_text("Sign in to join the conversation").is_visible()
    assert page.locator("textarea[name=body]").count() == 0
    assert page.locator("article.thought", has_text="matter more than the drills").is_visible()
    assert page.evaluate("window.__pwned") is None
    page.screenshot(path=str(SCREENSHOTS / "thoughts-anonymous.png"), full_page=True)
    page.context.close()
