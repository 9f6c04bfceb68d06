"""The bundled demo newsroom, built in-process: grouping, writing, verification, relatedness."""

import re
from collections import defaultdict

import pytest

from copydesk.core.unloading import unloaded
from copydesk.newsroom.models import Citation, Sentence, SourceArticle, Story
from tests.conftest import CENTREPIECE, CENTREPIECE_RELATED

pytestmark = pytest.mark.django_db


def gold_of(story: Story, gold: dict[str, str]) -> set[str]:
    return {gold[a.url] for a in story.articles.all()}


def test_demo_sources_are_rich_enough(demo_db, demo_gold) -> None:  # type: ignore[no-untyped-def]
    per_story: dict[str, set[str]] = defaultdict(set)
    for article in SourceArticle.objects.filter(url__in=demo_gold):
        per_story[demo_gold[article.url]].add(article.outlet_name)
    assert len(demo_gold) >= 40
    assert len({o for outlets in per_story.values() for o in outlets}) >= 8
    assert len(per_story) >= 12
    assert 4 <= len(per_story[CENTREPIECE]) <= 6
    assert all(1 <= len(outlets) <= 6 for outlets in per_story.values())


def test_stories_come_out_as_written(demo_db, demo_gold) -> None:  # type: ignore[no-untyped-def]
    predicted = {
        frozenset(a.url for a in s.articles.all())
        for s in Story.objects.filter(articles__url__in=demo_gold).distinct()
    }
    written: dict[str, set[str]] = defaultdict(set)
    for url, story in demo_gold.items():
        written[story].add(url)
    assert predicted == {frozenset(urls) for urls in written.values()}


def test_every_story_with_two_outlets_is_published(demo_db, demo_gold) -> None:  # type: ignore[no-untyped-def]
    for story in Story.objects.filter(articles__url__in=demo_gold).distinct():
        outlets = {a.outlet_id for a in story.articles.all()}
        assert (story.current is not None) == (len(outlets) >= 2), story.slug


def test_every_published_sentence_is_cited_verified_and_said_once(demo_db) -> None:  # type: ignore[no-untyped-def]
    for story in Story.objects.filter(current__isnull=False):
        sentences = list(story.current.sentences.all())
        assert sentences and all(s.verified for s in sentences), story.slug
        texts = [s.text for s in sentences]
        assert len(texts) == len(set(texts)), story.slug
        for sentence in sentences:
            citations = list(sentence.citations.select_related("source"))
            assert citations, sentence.text
            for c in citations:
                assert c.source.text[c.start : c.end] == c.quote
            credit = re.match(r"(.+?) reported that (.+)$", sentence.text)
            if credit and citations[0].quote != sentence.text:
                # one outlet's loaded wording, credited to it: the rest is the passage (its first letter
                # lower-cased)
                outlet, claim = credit.groups()
                named = {a.outlet_name for a in story.current.sources.all()}
                assert outlet in named or outlet.removeprefix("The ") in named, sentence.text
                assert citations[0].quote.endswith(claim[1:]), sentence.text
            else:  # the passage, or the passage without one outlet's verdict (core.unloading), or with
                # someone named in full before named by surname (core.second_reference): words left out only
                quote = citations[0].quote
                assert sentence.text in (quote, unloaded(quote)) or _left_out(sentence.text, quote), (
                    sentence.text
                )


def _left_out(text: str, quote: str) -> bool:
    """Whether `text` is `quote` with some of its words left out, the rest in their order."""
    words = iter(w.strip(",;:") for w in quote.split())
    return all(word.strip(",;:") in words for word in text.split())


def test_centrepiece_is_built_from_all_its_sources(demo_db, demo_gold) -> None:  # type: ignore[no-untyped-def]
    story = next(
        s for s in Story.objects.filter(current__isnull=False) if gold_of(s, demo_gold) == {CENTREPIECE}
    )
    revision = story.current
    assert revision.sources.count() == 5
    cited = set(
        Citation.objects.filter(sentence__revision=revision).values_list("source__outlet__name", flat=True)
    )
    assert len(cited) >= 4, cited
    headed = revision.sections.exclude(heading__isnull=True).exclude(heading="")
    assert headed.count() >= 2
    assert Sentence.objects.filter(revision=revision, section__isnull=True).count() == 1


def test_centrepiece_related_are_the_four_defence_stories(demo_db, demo_gold) -> None:  # type: ignore[no-untyped-def]
    story = next(
        s for s in Story.objects.filter(current__isnull=False) if gold_of(s, demo_gold) == {CENTREPIECE}
    )
    related = [link.other for link in story.related_links.all()]
    assert len(related) == 4
    assert {next(iter(gold_of(o, demo_gold))) for o in related} == CENTREPIECE_RELATED


def test_writing_again_without_new_sources_changes_nothing(demo_db) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from copydesk.pipeline.assign import assign_new
    from copydesk.pipeline.publish import write_stories

    revisions = {s.id: s.current_id for s in Story.objects.all()}
    assert assign_new(timezone.now()) == 0
    report = write_stories(timezone.now())
    assert report.published == 0
    assert {s.id: s.current_id for s in Story.objects.all()} == revisions


@pytest.mark.django_db
@pytest.mark.parametrize(
    "folders",
    [
        # three reports of one storm from different angles, beside two other local stories
        ["storm-hadley", "westmarch-rail-strike", "kelsford-council-budget"],
        # a single-source story among two others: with no crowd to judge by, it still joins none
        ["hollow-brook-beavers", "venezuela-briefing", "westmarch-cup-final"],
    ],
)
def test_a_small_newsroom_comes_out_as_written(folders, demo_gold, embedder) -> None:  # type: ignore[no-untyped-def]
    """A newsroom of a few stories: rare words are rare among few articles, and there is no crowd."""
    from datetime import UTC, datetime

    from copydesk.cli import demo_sources
    from copydesk.pipeline.assign import assign_new
    from copydesk.pipeline.ingest import ingest_paths

    Story.objects.all().delete()  # (the demo newsroom, if built: the test's transaction brings it back)
    SourceArticle.objects.all().delete()
    now = datetime.now(UTC)
    assert not ingest_paths([demo_sources() / f for f in folders], now).errors
    assign_new(now, embedder=embedder)
    grouped = sorted(sorted(demo_gold[a.url] for a in s.articles.all()) for s in Story.objects.all())
    expected = sorted(sorted(folder for url, folder in demo_gold.items() if folder == f) for f in folders)
    assert grouped == expected
