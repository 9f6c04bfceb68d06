"""Migration 0012 reads stored articles again with the one tokeniser, so that a report fetched again still
finds its stored copy (run on a real SQLite database, from the schema before it)."""

import hashlib
import json
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from copydesk.core.dedupe import signature
from copydesk.core.text import fingerprint
from copydesk.newsroom.models import SourceArticle
from copydesk.pipeline.ingest import ingest_paths

BEFORE = ("newsroom", "0011_page_stamps")  # the last schema before 0012_one_lexicon
TITLE = "Dock workers’ strike enters a second day"
TEXT = "About 1,150 dock workers didn’t return to the quays at Port Sellick on Tuesday.\n\nTalks resume Friday."


def _old_fingerprint(title: str, text: str) -> str:
    """The fingerprint as it was made before 0012 (every run of word characters)."""
    folded = unicodedata.normalize("NFKC", f"{title}\n{text}").casefold()
    return hashlib.sha256(" ".join(re.findall(r"\w+", folded)).encode("utf-8")).hexdigest()


@pytest.mark.django_db(transaction=True)
def test_stored_articles_are_read_again_and_a_refetch_is_still_a_copy(tmp_path: Path) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old_apps = executor.loader.project_state([BEFORE]).apps
    stored = old_apps.get_model("newsroom", "SourceArticle").objects.create(
        url="https://portnews.example/strike",
        title=TITLE,
        text=TEXT,
        fingerprint=_old_fingerprint(TITLE, TEXT),
        ingested_at=datetime(2026, 2, 1, tzinfo=UTC),
        minhash=b"",
    )
    assert stored.fingerprint != fingerprint(TITLE, TEXT)  # the two readings differ on this text

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # 0012 and whatever follows it: the schema as it is

    again = SourceArticle.objects.get(pk=stored.pk)
    assert again.fingerprint == fingerprint(TITLE, TEXT)
    assert bytes(again.minhash) == signature(TEXT).tobytes()
    # The same report from another address is found by its fingerprint: nothing stored twice.
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"title": TITLE, "text": TEXT, "url": "https://mirror.example/strike"}) + "\n")
    report = ingest_paths([path], datetime(2026, 2, 2, tzinfo=UTC))
    assert (report.added, report.duplicate_count) == (0, 1)
