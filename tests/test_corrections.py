"""An editor's corrections to the grouping are carried out, recorded, and respected by later runs."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils.html import escape

from copydesk.cli import demo_sources
from copydesk.core.corrections import CorrectionError
from copydesk.newsroom.models import Citation, Correction, SourceArticle, Story
from copydesk.pipeline.assign import assign_new
from copydesk.pipeline.corrections import move_articles
from copydesk.pipeline.ingest import ingest_paths
from copydesk.pipeline.publish import write_stories

pytestmark = pytest.mark.django_db
DAY1 = datetime.now(UTC)
FOLDERS = ["storm-hadley", "westmarch-rail-strike", "kelsford-council-budget"]
FERRY = Path(__file__).resolve().parent / "data" / "ferry-story.jsonl"


def _newsroom() -> dict[str, Story]:
    """Stories of the demo newsroom (the `demo_db` fixture; each test's changes are rolled back)."""
    return {folder: _story_of(folder, "") for folder in FOLDERS}


def _story_of(folder: str, outlet_slug: str) -> Story:
    article = _article(folder, outlet_slug)
    assert article.story is not None
    return article.story


def _article(folder: str, outlet_slug: str) -> SourceArticle:
    """The stored article from a demo file (`outlet_slug` empty: the folder's first file)."""
    path = sorted((demo_sources() / folder).glob(f"{outlet_slug or '*'}.md"))[0]
    url = next(line for line in path.read_text().splitlines() if line.startswith("url: "))[5:]
    return SourceArticle.objects.select_related("story").get(url=url)


def _cited(story: Story) -> set[int]:
    return set(Citation.objects.filter(sentence__revision=story.current).values_list("source_id", flat=True))


def test_a_moved_article_stays_where_the_editor_put_it(demo_db, embedder, client: Client) -> None:  # type: ignore[no-untyped-def]
    stories = _newsroom()
    storm, strike = stories["storm-hadley"], stories["westmarch-rail-strike"]
    roof = _article("storm-hadley", "northlight-daily")
    assert roof.id in _cited(storm)

    move_articles([roof.id], strike, DAY1 + timedelta(hours=1))
    roof.refresh_from_db()
    storm.refresh_from_db()
    strike.refresh_from_db()
    assert roof.story == strike and roof.placed_by_editor
    assert (storm.size, strike.size) == (3, 4) and storm.needs_writing and strike.needs_writing
    assert list(Correction.objects.values_list("kind", "article", "from_story", "to_story")) == [
        ("move", roof.id, storm.id, strike.id)
    ]

    report = write_stories(DAY1 + timedelta(hours=1))
    assert (report.published, report.withdrawn) == (2, 0)
    storm.refresh_from_db()
    strike.refresh_from_db()
    assert roof.id not in _cited(storm) and roof.id not in storm.current.sources.values_list("id", flat=True)
    assert roof.id in strike.current.sources.values_list("id", flat=True)
    assert storm.current.note == "1 source article moved to another story by the editors."
    assert strike.current.note == "Updated with 1 new source article (Northlight Daily)."

    # a later day: the same input again and a new, unrelated story; nothing the editor placed moves
    day2 = DAY1 + timedelta(days=1)
    assert ingest_paths([demo_sources(), FERRY], day2).added == 3
    assign_new(day2, embedder=embedder)
    assert write_stories(day2).published == 1
    roof.refresh_from_db()
    assert roof.story_id == strike.id
    assert Story.objects.get(id=storm.id).size == 3
    assert client.get(f"/stories/{storm.slug}/").status_code == 200


def test_split_below_the_rule_withdraws_and_merge_redirects(demo_db, embedder, client: Client) -> None:  # type: ignore[no-untyped-def]
    budget = _newsroom()["kelsford-council-budget"]
    lido = _article("kelsford-council-budget", "brackwater-evening-post")
    now = DAY1 + timedelta(hours=2)

    split = move_articles([lido.id], None, now)
    assert split.id != budget.id and Correction.objects.get().kind == "split"
    report = write_stories(now)
    # one source each: the old article rests on both, so it comes down; the new story waits (as does
    # the demo's single-source story)
    assert (report.published, report.withdrawn, report.waiting) == (0, 1, 2)
    assert client.get(f"/stories/{budget.slug}/").status_code == 404
    assert budget.slug not in client.get("/").content.decode()

    # the editor changes their mind: the split-off story is emptied and sends its readers back
    with pytest.raises(CorrectionError, match="already in that story"):
        move_articles([lido.id], split, now)
    back = move_articles([lido.id], budget, now)
    assert back == budget
    split.refresh_from_db()
    assert split.merged_into == budget and split.size == 0 and not split.needs_writing
    assert write_stories(now).published == 1
    budget.refresh_from_db()
    assert budget.current.number == 2 and budget.current.note == "Written again from the same sources."
    page = client.get(f"/stories/{split.slug}/")
    assert page.status_code == 302 and page["Location"] == f"/stories/{budget.slug}/"
    assert client.get(f"/api/stories/{split.slug}/").status_code == 302


def _change_form_data(article: SourceArticle, story: str) -> dict[str, str]:
    """What the admin's article form posts back, with the story field changed."""
    data = {
        "url": article.url or "",
        "outlet": str(article.outlet_id or ""),
        "title": article.title,
        "text": article.text,
        "language": article.language,
        "author": article.author,
        "fingerprint": article.fingerprint,
        "names": json.dumps(article.names),
        "story": story,
        "feed": "",
        "guid": article.guid,
    }
    for field in ("published", "ingested_at"):
        value = getattr(article, field)
        data[f"{field}_0"], data[f"{field}_1"] = value.strftime("%Y-%m-%d"), value.strftime("%H:%M:%S")
    return data


def test_editors_correct_the_grouping_in_the_admin(demo_db, client: Client) -> None:  # type: ignore[no-untyped-def]
    editor = get_user_model().objects.create_user("desk", "desk@example.org", "s3cret-desk-pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))  # the role, not a superuser
    client.force_login(editor)
    admin_client = client
    stories = _newsroom()
    storm, strike = stories["storm-hadley"], stories["westmarch-rail-strike"]
    roof = _article("storm-hadley", "northlight-daily")
    changelist = "/admin/newsroom/sourcearticle/"
    chosen = {"action": "move_to_story", "_selected_action": [roof.id]}

    form = admin_client.post(changelist, chosen)
    assert form.status_code == 200 and escape(roof.title) in form.content.decode()
    refused = admin_client.post(changelist, {**chosen, "apply": "Move", "story": "no-such-story"})
    assert "there is no story" in refused.content.decode()
    assert SourceArticle.objects.get(id=roof.id).story_id == storm.id and not Correction.objects.exists()

    done = admin_client.post(changelist, {**chosen, "apply": "Move", "story": strike.slug}, follow=True)
    assert "1 article(s) moved to story" in done.content.decode()
    assert SourceArticle.objects.get(id=roof.id).story_id == strike.id
    assert Correction.objects.get().editor == editor

    # the story field of the article's own form is a correction too: emptied, it splits the article off
    page = admin_client.get(f"/admin/newsroom/sourcearticle/{roof.id}/change/")
    assert page.status_code == 200
    saved = admin_client.post(f"/admin/newsroom/sourcearticle/{roof.id}/change/", _change_form_data(roof, ""))
    assert saved.status_code == 302
    roof.refresh_from_db()
    assert roof.story_id not in (storm.id, strike.id) and roof.placed_by_editor
    assert list(Correction.objects.order_by("id").values_list("kind", flat=True)) == ["move", "split"]

    # merging: the smaller story's articles join the larger one, whose page its readers are sent to
    merged = admin_client.post(
        "/admin/newsroom/story/",
        {"action": "merge_stories", "_selected_action": [roof.story_id, storm.id]},
        follow=True,
    )
    assert "1 article(s) merged into story" in merged.content.decode()
    assert SourceArticle.objects.get(id=roof.id).story_id == storm.id
    assert admin_client.get("/admin/newsroom/correction/").status_code == 200
    story_page = admin_client.get(f"/admin/newsroom/story/{storm.id}/change/").content.decode()
    assert escape(roof.title) in story_page


def test_an_article_the_grouping_moved_is_named_so_in_the_note(demo_db, embedder) -> None:  # type: ignore[no-untyped-def]
    """The second look may move a placed article (issue 14): the note does not blame the editors."""
    stories = _newsroom()
    storm, strike = stories["storm-hadley"], stories["westmarch-rail-strike"]
    roof = _article("storm-hadley", "northlight-daily")
    SourceArticle.objects.filter(id=roof.id).update(story=strike)  # as assign_new writes a move
    Story.objects.filter(id__in=[storm.id, strike.id]).update(needs_writing=True)
    write_stories(DAY1 + timedelta(hours=1), embedder=embedder)
    storm.refresh_from_db()
    assert storm.current.note == "1 source article moved to another story by the grouping."
