"""A story's sources as the writer reads them: sentences as citable passages, each with its embedding.

Embedding every source sentence is most of the cost of writing, so it is done once per article, at
its first write, and stored (`SourceArticle.passage_vectors`); a story's articles not embedded yet
are embedded in one call (`embed_passages`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from copydesk.core.text import split_sentences
from copydesk.core.types import Passage, SourceDoc
from copydesk.embedding import DIMENSIONS, Embedder
from copydesk.newsroom.models import SourceArticle


def source_doc(article: SourceArticle) -> SourceDoc:
    """An article as the writer sees it: its sentences as citable passages."""
    passages = tuple(
        Passage(article.id, start, end, article.text[start:end])
        for start, end in split_sentences(article.text)
    )
    return SourceDoc(article.id, article.title, article.outlet_name, article.published, passages)


def stored_vectors(article: SourceArticle, doc: SourceDoc) -> np.ndarray | None:
    """The article's stored sentence embeddings, or None when there are none for these sentences."""
    if not article.passage_vectors:
        return None
    rows = np.frombuffer(bytes(article.passage_vectors), dtype=np.float32).reshape(-1, DIMENSIONS)
    return rows if len(rows) == len(doc.passages) else None


def embed_passages(
    articles: Sequence[SourceArticle], docs: Sequence[SourceDoc], embedder: Embedder
) -> list[np.ndarray]:
    """Each article's sentence embeddings: the stored ones, the others computed in one call and stored."""
    vectors = [stored_vectors(a, d) for a, d in zip(articles, docs, strict=True)]
    todo = [k for k, rows in enumerate(vectors) if rows is None]
    texts = [p.text for k in todo for p in docs[k].passages]
    computed = embedder.embed(texts) if texts else np.zeros((0, DIMENSIONS), dtype=np.float32)
    start = 0
    for k in todo:
        end = start + len(docs[k].passages)
        vectors[k] = rows = np.ascontiguousarray(computed[start:end], dtype=np.float32)
        articles[k].passage_vectors = rows.tobytes()
        start = end
    SourceArticle.objects.bulk_update([articles[k] for k in todo], ["passage_vectors"], batch_size=200)
    return [rows for rows in vectors if rows is not None]
