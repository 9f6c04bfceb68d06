"""A story's sources as the writer reads them: sentences as citable passages, each with its embedding.

Embedding source sentences is most of the cost of writing, so it is done once per article, at its
first write, and stored (`SourceArticle.passage_vectors`, a zero row for a sentence not embedded).
Before a run writes its stories it embeds the sentences of all their articles not embedded yet in
one call (`embed_passages`): the embedder then batches sentences of like length from many articles,
where one article at a time padded its short sentences to its longest (twice the work on BASIL's
reports). Only sentences compared by meaning are embedded (`core.meaning.needs_vector`), and none
of a story still waiting for more sources: it may never be written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from copydesk.core.meaning import needs_vector
from copydesk.core.text import read_passages
from copydesk.core.types import SourceDoc
from copydesk.embedding import DIMENSIONS, Embedder
from copydesk.newsroom.models import SourceArticle


def source_doc(article: SourceArticle) -> SourceDoc:
    """An article as the writer sees it: its sentences as citable passages (`core.text.read_passages`)."""
    passages = read_passages(article.id, article.text)
    return SourceDoc(article.id, article.title, article.outlet_name, article.published, passages)


def stored_vectors(article: SourceArticle, doc: SourceDoc) -> np.ndarray:
    """The article's stored sentence embeddings (a zero row for each one not embedded yet)."""
    if article.passage_vectors:
        rows = np.frombuffer(bytes(article.passage_vectors), dtype=np.float32).reshape(-1, DIMENSIONS)
        if len(rows) == len(doc.passages):
            return rows
    return np.zeros((len(doc.passages), DIMENSIONS), dtype=np.float32)


def embed_passages(
    articles: Sequence[SourceArticle],
    docs: Sequence[SourceDoc],
    embedder: Embedder,
    needed: Callable[[str], bool] = needs_vector,
) -> list[np.ndarray]:
    """Each article's sentence embeddings, one row per passage: the stored ones, and those `needed`
    and missing (zero rows) computed in one call and stored. The others stay zero rows."""
    vectors = [stored_vectors(a, d) for a, d in zip(articles, docs, strict=True)]
    missing = [
        (k, i)
        for k, doc in enumerate(docs)
        for i, passage in enumerate(doc.passages)
        if needed(passage.text) and not vectors[k][i].any()
    ]
    if not missing:
        return vectors
    computed = embedder.embed([docs[k].passages[i].text for k, i in missing])
    touched = {k: vectors[k].copy() for k, _ in missing}  # stored rows are read-only
    for (k, i), row in zip(missing, computed, strict=True):
        touched[k][i] = row
    for k, rows in touched.items():
        vectors[k] = rows
        articles[k].passage_vectors = rows.tobytes()
    SourceArticle.objects.bulk_update([articles[k] for k in touched], ["passage_vectors"], batch_size=200)
    return vectors
