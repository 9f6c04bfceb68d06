"""The story page in a real browser: Debian's Chromium driven by Playwright against `copydesk serve`."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browsing import SCREENSHOTS, centrepiece_slug
from tests.server import serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(demo_dir: Path) -> Iterator[str]:
    with serving(demo_dir) as base:
        yield base


def test_story_page_parts_and_citation_popover(browser, site: str, demo_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(site + "/")
    slug = centrepiece_slug(demo_dir)
    page.click(f'a[href="/stories/{slug}/"]')
    page.wait_for_url(f"**/stories/{slug}/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "story.png"), full_page=True)
    assert page.locator("h1.headline").is_visible()
    assert page.locator(".story-head .dek").is_visible()
    assert page.locator(".lead p").first.is_visible()
    assert page.locator(".story-section h2").count() >= 2
    assert page.locator(".ai-notice .sources li").count() == 5
    assert page.locator(".related li").count() == 4
    assert page.get_by_text("Sign in to join the conversation").is_visible()

    # A citation marker reveals the source passage without loading a page.
    url = page.url
    marker = page.locator(".lead button.cite").first
    passage_id = marker.get_attribute("popovertarget")
    passage = page.locator(f"#{passage_id}")
    assert not passage.is_visible()
    marker.click()
    passage.wait_for(state="visible", timeout=5000)
    sentence_text = page.locator(".lead .sentence").first.evaluate("e => e.firstChild.textContent")
    assert sentence_text.strip() in passage.inner_text()
    assert page.url == url
    page.screenshot(path=str(SCREENSHOTS / "citation.png"))
    page.keyboard.press("Escape")
    passage.wait_for(state="hidden", timeout=5000)
    page.close()


def test_story_page_reads_on_a_phone(browser, site: str, demo_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{site}/stories/{centrepiece_slug(demo_dir)}/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page overflows a phone screen: {width}px"
    page.screenshot(path=str(SCREENSHOTS / "phone.png"), full_page=False)
    page.close()


def test_sign_in_prompt_returns_to_the_story(browser, site: str, demo_dir: Path) -> None:  # type: ignore[no-untyped-def]
    slug = centrepiece_slug(demo_dir)
    page = browser.new_page()
    page.goto(f"{site}/stories/{slug}/")
    page.get_by_text("Sign in to join the conversation").click()
    page.wait_for_url(f"**/accounts/login/?next=/stories/{slug}/")
    assert page.locator("input[name=login]").is_visible()  # allauth: sign in with the email address
    page.close()
