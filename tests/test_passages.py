"""Source sentences are embedded once, together, and only those compared by meaning."""

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from copydesk.core.meaning import needs_vector
from copydesk.core.types import Draft, DraftSection, DraftSentence, SourceDoc
from copydesk.newsroom.models import SourceArticle, Story
from copydesk.pipeline.assign import assign_new
from copydesk.pipeline.ingest import ingest_paths
from copydesk.pipeline.passages import embed_passages, source_doc
from copydesk.pipeline.publish import write_stories

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 12, tzinfo=UTC)
REPORTS = [
    {
        "title": "Storm Brannagh breaches Dunmere sea wall",
        "outlet": "Dunmere Echo",
        "url": "https://echo.example/brannagh-sea-wall",
        "published": "2026-03-10T08:00:00+00:00",
        "text": "Sea wall breached. Storm Brannagh broke through the sea wall at Dunmere on Tuesday and "
        "flooded the harbour road, the council said.\n\nThe harbour at Dunmere stayed closed on Tuesday "
        "as waves hit the coast.",
    },
    {
        "title": "Dunmere sea wall gives way in Storm Brannagh",
        "outlet": "Coastal Courier",
        "url": "https://courier.example/dunmere-wall",
        "published": "2026-03-10T11:00:00+00:00",
        "text": "Harbour shut. The sea wall at Dunmere gave way during Storm Brannagh on Tuesday, flooding "
        "the harbour road and several shops.\n\nCouncil engineers will inspect the wall on Wednesday.",
    },
]


class Counting:
    """The real embedder, counting the texts it is given."""

    def __init__(self, embedder) -> None:  # type: ignore[no-untyped-def]
        self.embedder, self.texts = embedder, 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.embedder.embed(texts)


@pytest.fixture
def story(tmp_path: Path, embedder) -> Story:  # type: ignore[no-untyped-def]
    path = tmp_path / "storm.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in REPORTS))
    ingest_paths([path], NOW)
    assign_new(NOW, embedder=embedder)
    return Story.objects.get(articles__url=REPORTS[0]["url"])


def test_needed_sentences_are_embedded_once_and_stored(story: Story, embedder) -> None:  # type: ignore[no-untyped-def]
    articles = list(story.articles.order_by("id"))
    docs = [source_doc(a) for a in articles]
    counting = Counting(embedder)
    vectors = embed_passages(articles, docs, counting)
    needed = [needs_vector(p.text) for d in docs for p in d.passages]
    assert counting.texts == sum(needed) < len(needed)  # the fragments are not embedded
    for doc, rows in zip(docs, vectors, strict=True):
        for passage, row in zip(doc.passages, rows, strict=True):
            if needs_vector(passage.text):  # the same vector as embedded alone
                assert np.array_equal(row, embedder.embed([passage.text])[0])
            else:
                assert not row.any()
    again = [SourceArticle.objects.get(id=a.id) for a in articles]
    stored = embed_passages(again, docs, counting)
    assert counting.texts == sum(needed)  # nothing embedded twice
    assert all(np.array_equal(a, b) for a, b in zip(vectors, stored, strict=True))


def test_a_model_draft_citing_a_sentence_not_embedded_is_still_measured(story: Story, embedder) -> None:  # type: ignore[no-untyped-def]
    class Model:
        name = "fake-model"

        def write(self, sources: Sequence[SourceDoc], vectors: object) -> Draft:
            fragment = next(p for s in sources for p in s.passages if p.text == "Sea wall breached.")
            sentence = DraftSentence(fragment.text, (fragment,))
            return Draft(
                "Dunmere sea wall breached", sentence, (DraftSection(None, ((sentence,),)),), self.name
            )

        def close(self) -> None:
            pass

    report = write_stories(NOW, min_sources=2, writer=Model())  # type: ignore[arg-type]
    assert report.published == 1 and not report.failures
    story.refresh_from_db()
    assert story.current is not None and story.current.writer == "fake-model"
    assert story.current.withheld_count == 0 and story.current.verified_count == 2


@pytest.mark.django_db
def test_a_very_long_report_is_read_to_a_bound_of_sentences() -> None:
    from copydesk.core.text import MAX_PASSAGES, READ_CHARS

    sentence = "The harbour board met again on Tuesday to discuss the dredging contract for berth {n} again. "
    text = "".join(sentence.format(n=n) for n in range(5_000))  # about 440,000 characters
    assert len(text) > READ_CHARS
    article = SourceArticle(id=1, title="Board", text=text, published=datetime(2026, 3, 1, tzinfo=UTC))
    doc = source_doc(article)
    assert len(doc.passages) == MAX_PASSAGES
    assert [p.text for p in doc.passages[:2]] == [sentence.format(n=0).strip(), sentence.format(n=1).strip()]
    assert all(text[p.start : p.end] == p.text for p in doc.passages)
