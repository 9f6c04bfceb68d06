"""Migration 0012 reads stored articles again with the one tokeniser, so that a report fetched again still
finds its stored copy (on a real database)."""

import hashlib
import importlib
import json
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.apps import apps

from copydesk.core.dedupe import signature
from copydesk.core.text import fingerprint
from copydesk.newsroom.models import SourceArticle
from copydesk.pipeline.ingest import ingest_paths

TITLE = "Dock workers’ strike enters a second day"
TEXT = (
    "About 1,150 dock workers didn’t return to the quays at Port Sellick on Tuesday.\n\nTalks resume Friday."
)


def _old_fingerprint(title: str, text: str) -> str:
    """The fingerprint as it was made before 0012 (every run of word characters)."""
    folded = unicodedata.normalize("NFKC", f"{title}\n{text}").casefold()
    return hashlib.sha256(" ".join(re.findall(r"\w+", folded)).encode("utf-8")).hexdigest()


@pytest.mark.django_db
def test_stored_articles_are_read_again_and_a_refetch_is_still_a_copy(tmp_path: Path) -> None:
    """0012's step run on an article stored with the old fingerprint (rolling the schema back to 0011 is no
    part of this: SQLite rebuilds tables that later migrations' triggers name)."""
    stored = SourceArticle.objects.create(
        url="https://portnews.example/strike",
        title=TITLE,
        text=TEXT,
        fingerprint=_old_fingerprint(TITLE, TEXT),
        ingested_at=datetime(2026, 2, 1, tzinfo=UTC),
        minhash=b"",
    )
    assert stored.fingerprint != fingerprint(TITLE, TEXT)  # the two readings differ on this text

    importlib.import_module("copydesk.newsroom.migrations.0012_one_lexicon").read_again(apps, None)

    again = SourceArticle.objects.get(pk=stored.pk)
    assert again.fingerprint == fingerprint(TITLE, TEXT)
    assert bytes(again.minhash) == signature(TEXT).tobytes()
    # The same report from another address is found by its fingerprint: nothing stored twice.
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"title": TITLE, "text": TEXT, "url": "https://mirror.example/strike"}) + "\n")
    report = ingest_paths([path], datetime(2026, 2, 2, tzinfo=UTC))
    assert (report.added, report.duplicate_count) == (0, 1)
