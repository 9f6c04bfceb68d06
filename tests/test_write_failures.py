"""One story the writer cannot write never stops the others: its failure is recorded on it and shown.

The failing story here is a storm whose two reports hold only fragments (no sentence of the length and
shape the extractive writer publishes); the ferry story beside it is ordinary.
"""

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import DATA, copydesk
from tests.databases import connect

FERRY = DATA / "ferry-story.jsonl"
STORM = [
    {
        "title": "Storm Brannagh hits Dunmere coast",
        "outlet": "Dunmere Echo",
        "url": "https://echo.example/storm-brannagh-dunmere",
        "published": "2026-03-10T08:00:00+00:00",
        "text": "Storm Brannagh hits Dunmere.\n\nHarbour closed. Schools shut early.\n\n"
        "Power cut to 300 homes. Sea wall damaged.",
    },
    {
        "title": "Dunmere counts cost of Storm Brannagh",
        "outlet": "Coastal Courier",
        "url": "https://courier.example/dunmere-brannagh",
        "published": "2026-03-10T11:00:00+00:00",
        "text": "Storm Brannagh batters Dunmere coast.\n\nDunmere harbour shut. Sea wall breached.\n\n"
        "Hundreds of Dunmere homes without power.",
    },
]
STORM_LATER = {
    "title": "Dunmere sea wall to be rebuilt after Storm Brannagh",
    "outlet": "Western Ledger",
    "url": "https://ledger.example/dunmere-sea-wall",
    "published": "2026-03-11T09:00:00+00:00",
    "text": "Dunmere council will rebuild the sea wall that Storm Brannagh breached on Tuesday, its leader "
    "said on Wednesday.\n\nPower has been restored to all but 40 of the 300 homes in Dunmere that lost it "
    "during Storm Brannagh, the network operator said.",
}
STORM_WRITTEN = (
    "Storm Brannagh breached the sea wall at Dunmere on Tuesday and cut power to 300 homes, the council "
    "said.\n\nThe harbour at Dunmere stayed closed on Tuesday as waves of six metres hit the coast."
)
FAILED_LINE = re.compile(r"^failed to write story #(\d+) \(([\w-]+)\): (.+)$", re.M)


def _lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def _jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _story_rows(data: Path) -> dict[str, tuple[str, str | None, int, bool]]:
    """slug -> (write_error, write_failed_at, revisions, needs_writing), read from the database."""
    with connect(data) as db:
        rows = db.execute(
            "SELECT slug, write_error, write_failed_at, needs_writing,"
            " (SELECT COUNT(*) FROM newsroom_revision r WHERE r.story_id = s.id)"
            " FROM newsroom_story s"
        ).fetchall()
    return {
        slug: (error, failed_at, revisions, bool(needs)) for slug, error, failed_at, needs, revisions in rows
    }


def test_a_story_with_nothing_publishable_waits_and_the_others_publish(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ferry = FERRY.read_text().splitlines()[:2]
    source = _jsonl(tmp_path / "in.jsonl", [*STORM, *(json.loads(r) for r in ferry)])
    copydesk("ingest", str(source), data_dir=data)

    first = copydesk("write", data_dir=data)
    assert "Traceback" not in first.stderr, first.stderr
    failed = FAILED_LINE.findall(first.stderr)
    assert len(failed) == 1, first.stderr
    story_id, slug, reason = failed[0]
    assert "storm-brannagh" in slug and "no sentence" in reason and int(story_id) > 0
    assert "1 stories published" in first.stdout and "1 failed to write" in first.stdout
    exported = json.loads(copydesk("export", data_dir=data).stdout)
    assert [s["slug"] for s in exported] != [] and all("storm" not in s["slug"] for s in exported)
    assert any("ferry" in s["headline"].lower() for s in exported)
    stored = _story_rows(data)[slug]
    assert "no sentence" in stored[0] and stored[1] is not None and stored[2] == 0

    # Nothing about the story changed: it is not tried again.
    again = copydesk("write", data_dir=data)
    assert not FAILED_LINE.findall(again.stderr), again.stderr
    assert "failed to write" not in again.stdout
    assert _story_rows(data)[slug][:3] == stored[:3]

    # A new report joins it: it is tried again, publishes, and the error is cleared.
    copydesk("ingest", str(_jsonl(tmp_path / "later.jsonl", [STORM_LATER])), data_dir=data)
    third = copydesk("write", data_dir=data)
    assert not FAILED_LINE.findall(third.stderr), third.stderr
    error, failed_at, revisions, needs_writing = _story_rows(data)[slug]
    assert (error, failed_at, revisions, needs_writing) == ("", None, 1, False)


@pytest.mark.django_db
def test_an_unexpected_error_is_recorded_on_its_story_with_its_class(
    embedder, admin_client, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from copydesk.core.types import Draft, SourceDoc
    from copydesk.newsroom.models import Story
    from copydesk.pipeline.assign import assign_new
    from copydesk.pipeline.ingest import ingest_paths
    from copydesk.pipeline.publish import write_stories
    from copydesk.writers import ExtractiveWriter

    class Broken(ExtractiveWriter):
        """Fails like a bug would on the storm story, and writes the others."""

        def write(self, sources: list[SourceDoc], vectors: object) -> Draft:
            if any("Brannagh" in s.title for s in sources):
                raise KeyError("passage 7")
            return super().write(sources, vectors)  # type: ignore[arg-type]

    now = datetime(2026, 3, 12, tzinfo=UTC)
    storm = [{**STORM[0], "text": STORM_LATER["text"]}, {**STORM[1], "text": STORM_WRITTEN}]
    lines = [json.dumps(r) for r in storm] + FERRY.read_text().splitlines()[:2]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    ingest_paths([path], now)
    assign_new(now, embedder=embedder)
    report = write_stories(now, min_sources=2, writer=Broken())
    assert report.published == 1 and len(report.failures) == 1
    story = Story.objects.get(articles__url=STORM[0]["url"])
    assert story.write_error.startswith("KeyError: 'passage 7'") and story.write_failed_at == now
    assert story.current is None and not story.needs_writing
    assert f"#{story.id} ({story.slug}): KeyError: 'passage 7'" in report.failure_lines()[0]

    # The admin lists it among the stories that failed to write, with the reason.
    def change_link(s: Story) -> str:
        return f"/admin/newsroom/story/{s.id}/change/"

    failed = admin_client.get("/admin/newsroom/story/?write_failed=yes").content.decode()
    assert change_link(story) in failed and "KeyError: &#x27;passage 7&#x27;" in failed
    ferry = Story.objects.get(articles__url=json.loads(FERRY.read_text().splitlines()[0])["url"])
    assert change_link(ferry) not in failed
    others = admin_client.get("/admin/newsroom/story/?write_failed=no").content.decode()
    assert change_link(ferry) in others and change_link(story) not in others
    assert "failed to write" in admin_client.get("/admin/newsroom/story/").content.decode()

    # A later successful write, after the story changed, clears the error.
    story.needs_writing = True
    story.save()
    later = now + timedelta(hours=1)
    assert write_stories(later, min_sources=2).published == 1
    story.refresh_from_db()
    assert story.write_error == "" and story.write_failed_at is None and story.current is not None


def test_write_fails_only_when_nothing_else_was_done(tmp_path: Path) -> None:
    data = tmp_path / "data"
    copydesk("ingest", str(_jsonl(tmp_path / "storm.jsonl", STORM[:1])), data_dir=data)
    copydesk("write", "--min-sources", "1", data_dir=data)  # grouped: work was done, exit 0
    copydesk("ingest", str(_jsonl(tmp_path / "more.jsonl", STORM[1:])), data_dir=data)
    # The second report joins the story, which fails again: grouping was work, so still 0 ...
    assert copydesk("write", "--min-sources", "1", data_dir=data).returncode == 0
    slug = next(iter(_story_rows(data)))
    with connect(data) as db:
        db.execute("UPDATE newsroom_story SET needs_writing = TRUE")  # as an editor's correction does
    # ... but a run that only failed says so with its exit code.
    only_failed = copydesk("write", "--min-sources", "1", data_dir=data, check=False)
    assert only_failed.returncode == 1 and f"({slug}): the sources hold no sentence" in only_failed.stderr


@pytest.mark.django_db
def test_an_article_that_joins_while_its_story_is_written_is_not_forgotten(
    embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from copydesk.newsroom.models import SourceArticle, Story
    from copydesk.pipeline import publish as publishing
    from copydesk.pipeline.assign import assign_new
    from copydesk.pipeline.ingest import ingest_paths
    from copydesk.pipeline.publish import write_stories

    now = datetime(2026, 3, 12, tzinfo=UTC)
    ferry = FERRY.read_text().splitlines()
    ingest_paths([_lines(tmp_path / "two.jsonl", ferry[:2])], now)
    assign_new(now, embedder=embedder)
    story = Story.objects.get(articles__url=json.loads(ferry[0])["url"])
    ingest_paths([_lines(tmp_path / "third.jsonl", ferry[2:3])], now)
    late = SourceArticle.objects.get(url=json.loads(ferry[2])["url"])
    real_draft = publishing.draft_story

    def drafting_while_one_joins(*args, **kwargs):  # type: ignore[no-untyped-def]
        # Another process (a concurrent `copydesk write`, an editor) places the third report now.
        SourceArticle.objects.filter(id=late.id).update(story=story)
        Story.objects.filter(id=story.id).update(needs_writing=True)
        return real_draft(*args, **kwargs)

    monkeypatch.setattr(publishing, "draft_story", drafting_while_one_joins)
    assert write_stories(now, min_sources=2).published == 1
    story.refresh_from_db()
    assert story.needs_writing  # written from two reports while a third joined: it is written again
    monkeypatch.setattr(publishing, "draft_story", real_draft)
    assert write_stories(now, min_sources=2).published == 1
    story.refresh_from_db()
    assert not story.needs_writing and story.current.sources.count() == 3
