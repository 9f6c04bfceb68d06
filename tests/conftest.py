"""Shared fixtures: a real embedder, the demo newsroom in the test database, and one built by the CLI."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import command_env

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CENTREPIECE = "us-japan-nansei"
CENTREPIECE_RELATED = {
    "nds-south-korea",
    "cbo-department-of-war",
    "pentagon-ai-strategy",
    "venezuela-briefing",
}


def copydesk(
    *args: str, data_dir: Path, check: bool = True, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the real `copydesk` command line against `data_dir`."""
    env = command_env(data_dir)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "copydesk", *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(f"copydesk {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    from copydesk.embedding import default_embedder

    return default_embedder()


@pytest.fixture(scope="session")
def demo_gold() -> dict[str, str]:
    """Gold story of each bundled demo article, by URL: the folder it was written in."""
    import yaml

    from copydesk.cli import demo_sources

    gold = {}
    for path in demo_sources().rglob("*.md"):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        gold[meta["url"]] = path.parent.name
    return gold


@pytest.fixture(scope="session")
def demo_db(django_db_setup, django_db_blocker, embedder):  # type: ignore[no-untyped-def]
    """The demo newsroom built once, in-process, into the test database."""
    from django.utils import timezone

    from copydesk.cli import demo_sources
    from copydesk.pipeline.assign import assign_new
    from copydesk.pipeline.find import index_published
    from copydesk.pipeline.ingest import ingest_paths
    from copydesk.pipeline.publish import write_stories
    from copydesk.pipeline.relate import relate_published

    with django_db_blocker.unblock():
        now = timezone.now()
        report = ingest_paths([demo_sources()], now)
        assert not report.errors, report.errors
        assign_new(now, embedder=embedder)
        write_stories(now, min_sources=2)
        index_published()
        relate_published()
    return report


@pytest.fixture(scope="session")
def demo_dir() -> Iterator[Path]:
    """A data dir holding the demo newsroom, built by `copydesk demo --no-serve` (the real CLI)."""
    with tempfile.TemporaryDirectory(prefix="copydesk-demo-") as tmp:
        path = Path(tmp) / "newsroom"
        copydesk("demo", "--no-serve", "--data-dir", str(path), data_dir=path)
        yield path


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    import shutil

    from tests.browsing import ARGS, CHROMIUM

    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser` (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def empty_caches() -> None:
    """Kept pages and answers from an earlier test never stand for this one's (`usefixtures`)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
