"""Stories by their words: the one place that speaks a database's full-text dialect.

On SQLite, the FTS5 table `newsroom_storysearch` (migration 0014, kept current by triggers) holds each
published story's headline and shown sentences under the story's id, ranked by BM25 with the headline
weighing more. On PostgreSQL, the table of that name (migration 0015, kept current by PL/pgSQL triggers)
holds one tsvector per published story, headline at weight A and shown sentences at B, under a GIN
index, ranked by ts_rank with the same weights; documents and queries are read with one configuration
(TS_CONFIG). On any other database the current headlines and shown sentences are matched word by word.

A reader's query is never read as either dialect's operators: it is cut into words here, each quoted
for FTS5, or passed as a parameter to plainto_tsquery, which reads plain words only.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from copydesk.core.text import content_words, tokens
from copydesk.newsroom.models import Sentence, Story

HEADLINE_WEIGHT = 4.0
"""How much more a word in the headline counts than one in the text (bm25's column weights; on
PostgreSQL, weight A against B)."""
MAX_WORDS = 32
"""Distinct words of a query searched for (a query is cut at 500 characters before it gets here)."""
SCORED = 5000
"""Stories a ranking scores at most: the newest of those the words are found in. Scoring costs as many
as match, and any of a few common words is found in a large share of an archive (any of four middling
words in 150,000 of 200,000 synthetic stories: 235 ms with BM25 for all, 17 ms for the newest 5,000).
Past that many, a news reader is best served by the newest; the meaning ranking still reaches older ones."""
PLAIN_SCORED = 500
"""PostgreSQL: the newest stories a query of stopwords alone is looked for in. No index holds their
words: their documents are made as the query runs, about 0.04 ms a story (the newest 5,000: 190 ms a pass)."""
TS_CONFIG = "copydesk_english"
"""PostgreSQL's text search configuration, the one migration 0015 makes the documents with: 'english'
(its stems, as SQLite's porter tokenizer: 'deployed' finds 'deployment'; its stopwords left out of
document and query) with accents folded, as FTS5's remove_diacritics. Not 'simple': it would find no
word by another form of it."""
TS_WEIGHTS = [0.1, 0.1, 1.0 / HEADLINE_WEIGHT, 1.0]
"""ts_rank's weights of D, C, B (shown sentences) and A (headline)."""

Ask = Callable[[list[str], bool, "QuerySet[Story] | None", int], list[tuple[int, float]]]


def query_words(query: str) -> list[str]:
    """The words searched for: the meaningful ones, else any (a query of stopwords alone)."""
    words = content_words(query) or [w.casefold() for w in tokens(query)]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def match_expression(query: str, every: bool = False) -> str:
    """An FTS5 query for any (or, with `every`, all) of the query's meaningful words, each quoted so
    that no word of a reader's is read as an operator: 'missile deployment' -> '"missile" OR
    "deployment"'."""
    return _fts5_expression(query_words(query), every)


def _fts5_expression(words: list[str], every: bool) -> str:
    joiner = " AND " if every else " OR "
    return joiner.join('"' + word.replace('"', '""') + '"' for word in words)


def word_matches(
    query: str, stories: QuerySet[Story] | None, limit: int, enough: int = 10
) -> list[tuple[int, float]]:
    """The stories (of `stories`, else every published one) whose words match, best first, as (story
    id, score: higher is better), at most `limit`.

    Stories holding every word first: when they are `enough` (a page), they are the answer; only a
    query whose words are seldom found together is asked again for any of them, and the stories
    holding some of its words follow those holding all. Either ranking scores every story that matches,
    and any of several common words matches a large share of an archive (a query of two words found
    in 17% of 1,000,000 stories each took a third of a second with OR on SQLite)."""
    ask: Ask
    if connection.vendor == "sqlite":
        ask = _fts
    elif connection.vendor == "postgresql":
        ask = _tsearch
    else:
        return _portable_matches(query, stories, limit)
    words = query_words(query)
    if not words:
        return []
    every = ask(words, True, stories, limit)
    if len(every) >= enough or len(words) < 2:
        return every
    return _then(every, ask(words, False, stories, limit), limit)


def _then(
    every: list[tuple[int, float]], some: list[tuple[int, float]], limit: int
) -> list[tuple[int, float]]:
    """The stories holding every word, raised above the best of those holding some, then the rest."""
    top = max((score for _, score in some), default=0.0)
    held = {story for story, _ in every}
    return ([(story, score + top) for story, score in every] + [p for p in some if p[0] not in held])[:limit]


def _only(
    source: str, params: list[object], key: str, stories: QuerySet[Story] | None
) -> tuple[str, list[object]]:
    """The matches' FROM and WHERE, only the `stories` given (those the filters let through)."""
    if stories is None:
        return source, params
    inner, inner_params = stories.values("id").query.sql_with_params()
    return f"{source} AND {key} IN ({inner})", [*params, *inner_params]


def _ranked(
    select: str, source: str, params: list[object], key: str, stories: QuerySet[Story] | None, limit: int
) -> list[tuple[int, float]]:
    """SQLite: runs a ranking (`select` (id column `key`, score) `source`, the FROM and WHERE of the
    matches, `params` for both), only the `stories` given and the newest SCORED of those matching, best
    first: ties by the newer story. bm25() is FTS5's own and scores the rows of the query it is in: the
    oldest story to score is found first, by id alone."""
    source, params = _only(source, params, key, stories)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {key} {source} ORDER BY {key} DESC LIMIT 1 OFFSET %s", [*params, SCORED - 1])
        oldest = cursor.fetchone()
        if oldest is not None:
            source += f" AND {key} >= %s"
            params = [*params, oldest[0]]
        cursor.execute(f"{select} {source} ORDER BY score DESC, {key} DESC LIMIT %s", [*params, limit])
        return [(int(story), float(score)) for story, score in cursor.fetchall()]


def _ranked_newest(
    score: str,
    carried: str,
    source: str,
    params: list[object],
    key: str,
    stories: QuerySet[Story] | None,
    limit: int,
) -> list[tuple[int, float]]:
    """PostgreSQL: as _ranked, in one query: the newest SCORED matches (id `key` and the `carried`
    columns `score` reads), then scored."""
    source, params = _only(source, params, key, stories)
    sql = (
        f"SELECT m.id, {score} AS score FROM (SELECT {key} AS id, {carried} {source} "
        f"ORDER BY {key} DESC LIMIT %s) m ORDER BY score DESC, m.id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, SCORED, limit])
        return [(int(story), float(score)) for story, score in cursor.fetchall()]


def _fts(
    words: list[str], every: bool, stories: QuerySet[Story] | None, limit: int
) -> list[tuple[int, float]]:
    select = f"SELECT rowid, -bm25(newsroom_storysearch, {HEADLINE_WEIGHT}, 1.0) AS score"
    source = "FROM newsroom_storysearch WHERE newsroom_storysearch MATCH %s"
    return _ranked(select, source, [_fts5_expression(words, every)], "rowid", stories, limit)


def _tsearch(
    words: list[str], every: bool, stories: QuerySet[Story] | None, limit: int
) -> list[tuple[int, float]]:
    """PostgreSQL: the words as parameters of plainto_tsquery, which reads no operator of the reader's:
    all of them (one plainto_tsquery, which joins its words with &) or any (one per word, joined with
    ||); ranked by ts_rank, lengthy documents damped (normalization 1), as BM25 does on SQLite.
    Words the configuration keeps none of (its stopwords: 'The Who') are looked for word for word
    ('simple') in the newest PLAIN_SCORED stories' words, read as the documents are made (migration 0015)."""
    documents, config, doc_params = "newsroom_storysearch", TS_CONFIG, []
    if _stopwords_alone(words):
        documents, doc_params = _plain_documents(stories)
        config, stories = "simple", None
    if every:
        query, params = "plainto_tsquery(%s::regconfig, %s)", [config, " ".join(words)]
    else:
        query = " || ".join(["plainto_tsquery(%s::regconfig, %s)"] * len(words))
        params = [part for word in words for part in (config, word)]
    source = (
        f"FROM {documents} s, (SELECT {query} AS query, %s::float4[] AS weights) q "
        "WHERE s.document @@ q.query"
    )
    return _ranked_newest(
        "ts_rank(m.weights, m.document, m.query, 1)",
        "s.document, q.query, q.weights",
        source,
        [*doc_params, *params, TS_WEIGHTS],
        "s.story_id",
        stories,
        limit,
    )


def _stopwords_alone(words: list[str]) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(plainto_tsquery(%s::regconfig, %s))", [TS_CONFIG, " ".join(words)])
        return int(cursor.fetchone()[0]) == 0


def _plain_documents(stories: QuerySet[Story] | None) -> tuple[str, list[object]]:
    """The newest PLAIN_SCORED stories (of `stories`) as documents of every word, stopwords kept: a derived
    table (story_id, document) and its parameters. Made as the query runs (no index holds them)."""
    base = stories if stories is not None else Story.objects.filter(current__isnull=False)
    newest, params = base.order_by("-id").values("id")[:PLAIN_SCORED].query.sql_with_params()
    said = (
        "COALESCE((SELECT string_agg(t.text, ' ' ORDER BY t.id) FROM newsroom_sentence t "
        "WHERE t.revision_id = r.id AND t.verified), '')"
    )
    table = (
        "(SELECT st.id AS story_id, setweight(to_tsvector('simple', r.headline), 'A') || "
        f"setweight(to_tsvector('simple', {said}), 'B') AS document FROM newsroom_story st "
        f"JOIN newsroom_revision r ON r.id = st.current_id WHERE st.id IN ({newest}))"
    )
    return table, list(params)


def _portable_matches(query: str, stories: QuerySet[Story] | None, limit: int) -> list[tuple[int, float]]:
    """Any database: stories whose current headline or a shown sentence holds a query word, a word in
    the headline counting HEADLINE_WEIGHT times one in the text (as BM25's column weights do)."""
    words = list(dict.fromkeys(content_words(query)))[:8]
    base = stories if stories is not None else Story.objects.filter(current__isnull=False)
    found: dict[int, float] = {}
    for word in words:
        said = Sentence.objects.filter(revision=OuterRef("current"), verified=True, text__icontains=word)
        headline = Q(current__headline__icontains=word)
        titled = ExpressionWrapper(headline, BooleanField())
        hit = base.filter(headline | Exists(said)).annotate(titled=titled)
        for story, titled in hit.values_list("id", "titled")[:limit]:
            found[story] = found.get(story, 0.0) + (HEADLINE_WEIGHT if titled else 1.0)
    return sorted(found.items(), key=lambda pair: (-pair[1], -pair[0]))[:limit]
