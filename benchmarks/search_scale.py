"""Benchmark (issue #18): finding the news in an archive of N published stories (default 1,000,000).

1. build: N published stories written straight into a temporary SQLite database (or, with DATABASE_URL,
   into that PostgreSQL database, which should be empty: `.ci/with-postgres` makes one) in bulk, each with a
   headline and two shown sentences of words drawn (Zipf-like) from a made-up vocabulary, a unit
   centroid around N/25 subjects, one or two topics, three entities from a pool of N/20, and four
   related links; the full-text index is filled by migrations 0014's (SQLite) or 0015's (PostgreSQL)
   triggers as the stories go in (PostgreSQL's tables are then analysed, as autovacuum would);
2. warm: the process's vector index is caught up (all N centroids; an HNSW graph past 50,000, which
   the index keeps in the data directory: a `--reuse` run loads it, `index_was_kept`), the query
   embedder loaded (`index_s`: the time an operator's process pays at its first query);
3. measure, `--queries` times each, on the machine's cores (the embedder uses them all):
   - search: `newsroom.search.search(q)` for a query of one to four vocabulary words, the query's
     embedding included (the words and the meaning rankings, fused, and the first page's cards);
   - related: the story page's related box (`document._related`) and the nearest stories by meaning
     (`StoryVectors.nearest`, what the timeline step asks);
   - topic page: GET /topics/<slug>/?page=1..5 through Django's test client (the query string is never
     kept, so each is rendered);
   - on PostgreSQL with pgvector: the nearest stories through its HNSW index (what search by meaning and
     the timeline step ask there), and their recall@10 against the in-process index.
Reported: p50 and p99 in ms of each, build and index times, the peak resident set (after the index is
caught up, and at the end), and the disk taken: the database's (file and write-ahead log; on
PostgreSQL, pg_database_size) and the kept graph's. Goal: p99 <= 50 ms for each.

    nice -n 5 .venv/bin/python benchmarks/search_scale.py [--stories 1000000] [--queries 300] [--json]
    .ci/with-postgres nice -n 5 .venv/bin/python benchmarks/search_scale.py --stories 20000 --json
    nice -n 5 .venv/bin/python benchmarks/search_scale.py --keep /tmp/archive-1m  # build, measure, keep
    nice -n 5 .venv/bin/python benchmarks/search_scale.py --reuse /tmp/archive-1m  # measure it again

A 1,000,000-story archive takes 14 minutes to build on 2 cores and its vector graph half an hour more
the first time, so `--keep DIR` builds into DIR (which must be empty or absent) and leaves it there,
with `built.json` saying how many stories it holds once the build is complete; `--reuse DIR` skips the
build and measures that archive again (its `--stories` is read from `built.json`; `build_s` is then the
kept build's). The measuring never writes stories, so a kept archive can be measured any number of times
(the vector graph kept there by the first run is loaded by the next, as an operator's next process loads
it: 39 s at 1,000,000). SQLite only: on PostgreSQL the database is DATABASE_URL's anyway.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

DIM = 384
BATCH = 5000
END = datetime(2026, 11, 29, tzinfo=UTC)
VOCABULARY = 20_000


def setup(data_dir: Path) -> None:
    os.environ["COPYDESK_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copydesk.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def words(rng: np.random.Generator, count: int) -> list[str]:
    """Made-up words, frequent ones often (Zipf-like), so that some queries match many stories."""
    ranks = np.minimum(rng.zipf(1.3, size=count), VOCABULARY) - 1
    return [word(int(r)) for r in ranks]


def word(rank: int) -> str:
    """The made-up word of a rank: letters only, as the lexicon reads words ("kab", "kbq")."""
    letters = "k"
    while True:
        rank, digit = divmod(rank, 26)
        letters += chr(ord("a") + digit)
        if not rank:
            return letters


def vectors(n: int, rng: np.random.Generator) -> np.ndarray:
    """Unit vectors around n/25 subjects (cosine within a subject about 0.5), as related_scale.py."""
    centres = rng.standard_normal((max(1, n // 25), DIM), dtype=np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    rows = centres[rng.integers(len(centres), size=n)] + rng.standard_normal(
        (n, DIM), dtype=np.float32
    ) / np.sqrt(DIM)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows.astype(np.float32)


def build(n: int) -> float:
    """Insert the archive in batches, each in one transaction; returns seconds."""
    from django.db import connection, transaction

    from copydesk.core.topics import TOPICS
    from copydesk.newsroom.models import Entity

    rng = np.random.default_rng(n)
    began = time.perf_counter()
    pool = max(10, n // 20)
    Entity.objects.bulk_create(
        Entity(kind=("person", "place", "organisation")[i % 3], name=f"Entity {i}", slug=f"entity-{i}")
        for i in range(pool)
    )
    for start in range(0, n, BATCH):
        stop = min(n, start + BATCH)
        with transaction.atomic(), connection.cursor() as cursor:
            _batch(cursor, start, stop, n, rng, vectors(stop - start, rng), pool, len(TOPICS))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return time.perf_counter() - began


def _batch(
    cursor: Any, start: int, stop: int, n: int, rng: Any, rows: np.ndarray, pool: int, topics: int
) -> None:
    from copydesk.core.topics import TOPICS

    span = 3 * 365 * 86400
    ids = range(start + 1, stop + 1)
    dates = {i: (END - timedelta(seconds=span * (n - i) / n)).isoformat() for i in ids}
    cursor.executemany(
        "INSERT INTO newsroom_revision (id, story_id, number, created_at, headline, writer, note,"
        " sentence_count, verified_count, withheld_count, differences)"
        " VALUES (%s, %s, 1, %s, %s, 'extractive', '', 2, 2, 0, '[]')",
        [(i, i, dates[i], " ".join(words(rng, 7)).capitalize()) for i in ids],
    )
    cursor.executemany(
        "INSERT INTO newsroom_sentence (revision_id, section_id, paragraph, position, text, verified,"
        " withheld_reason) VALUES (%s, NULL, 0, %s, %s, TRUE, '')",
        [(i, p, " ".join(words(rng, 18)) + ".") for i in ids for p in range(2)],
    )
    cursor.executemany(
        "INSERT INTO newsroom_story (id, slug, created_at, last_seen, centroid, names, size, current_id,"
        " needs_writing, related_key, write_error, found_revision, vector_seq)"
        " VALUES (%s, %s, %s, %s, %s, '[]', 2, %s, FALSE, '', '', %s, %s)",
        [(i, f"story-{i}", dates[i], dates[i], rows[i - start - 1].tobytes(), i, i, i) for i in ids],
    )
    cursor.executemany(
        "INSERT INTO newsroom_storytopic (story_id, topic, score) VALUES (%s, %s, 0.3)",
        [(i, TOPICS[(i * 7 + k) % topics].slug) for i in ids for k in range(1 + i % 2)],
    )
    cursor.executemany(
        "INSERT INTO newsroom_storyentity (story_id, entity_id, mentions) VALUES (%s, %s, 1)"
        " ON CONFLICT DO NOTHING",
        [
            (
                i,
                int(e) + 1,
            )
            for i in ids
            for e in rng.integers(pool, size=3)
        ],
    )
    cursor.executemany(
        "INSERT INTO newsroom_relatedstory (story_id, other_id, rank, score) VALUES (%s, %s, %s, 0.5)",
        # stories stored already (a foreign key is checked at commit): earlier ones, or the next few
        [(i, i - 1 - r if i - 1 - r >= 1 else i + 1 + r, r) for i in ids for r in range(4)],
    )


def timed(call: Callable[[], Any], count: int) -> dict[str, float]:
    samples = []
    for _ in range(count):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p99_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.99))], 2),
    }


def measure(n: int, queries: int) -> dict[str, Any]:
    from django.test import Client

    from copydesk.core.topics import TOPICS
    from copydesk.embedding import default_embedder
    from copydesk.newsroom.document import _related
    from copydesk.newsroom.fulltext import word_matches
    from copydesk.newsroom.search import search
    from copydesk.newsroom.vectors import story_vectors

    kept = any(Path(os.environ["COPYDESK_DATA_DIR"]).glob("story-vectors*"))
    began = time.perf_counter()
    index = story_vectors()
    index.refresh()
    indexed = time.perf_counter() - began
    rss_indexed = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    default_embedder().embed(["warm up"])
    rng = random.Random(7)
    # words of middling frequency, as readers search with: not the commonest few, which match a large
    # share of the archive (a query of those alone costs most, see the README)
    vocabulary = [word(r) for r in range(20, 2000)]
    texts = [" ".join(rng.sample(vocabulary, rng.randint(1, 4))) for _ in range(queries)]
    found = [len(search(t)["hits"]) for t in texts[:10]]
    probe = iter(texts * 3)
    client = Client()
    paths = iter([f"/topics/{TOPICS[i % len(TOPICS)].slug}/?page={1 + i % 5}" for i in range(queries * 2)])
    stories = iter([rng.randint(1, n) for _ in range(queries * 2)])
    near = iter(np.asarray(index.matrix[[rng.randint(0, index.size - 1) for _ in range(queries * 2)]]))
    return {
        "index_s": round(indexed, 1),
        "index_was_kept": kept,
        "peak_rss_after_index_mb": round(rss_indexed, 1),
        "hnsw": index.graph is not None,
        "search": timed(lambda: search(next(probe)), queries),
        "of_which_query_embedding": timed(lambda: default_embedder().embed([next(probe)]), queries),
        "of_which_words": timed(lambda: word_matches(next(probe), None, 500), queries),
        **words_by_share(texts),
        "search_hits_first_page": found,
        "related_links": timed(lambda: _related([next(stories)]), queries),
        "related_by_meaning": timed(lambda: index.nearest(next(near), 5), queries),
        "topic_page": timed(lambda: client.get(next(paths), HTTP_HOST="localhost"), queries),
        **through_pgvector(index, rng, queries),
    }


def through_pgvector(index: Any, rng: random.Random, queries: int, k: int = 10) -> dict[str, Any]:
    """PostgreSQL with pgvector (migration 0016): the nearest stories by its HNSW index, timed, and the
    share of the in-process index's k nearest it finds (exact below 50,000 stories: recall@k)."""
    from copydesk.newsroom import pgvector

    if not pgvector.ready():
        return {}
    near = [np.asarray(index.matrix[rng.randint(0, index.size - 1)]) for _ in range(queries)]
    probe = iter(near)
    found = [
        len({s for s, _ in pgvector.nearest(v, k)} & {s for s, _ in index.nearest(v, k)}) / k for v in near
    ]
    return {
        "pgvector_nearest": timed(lambda: pgvector.nearest(next(probe), 5), queries),
        f"pgvector_recall_at_{k}": round(sum(found) / len(found), 4),
    }


def words_by_share(texts: list[str], newest: int = 10_000, common: float = 0.1) -> dict[str, Any]:
    """SQLite: the words ranking's times apart for the queries holding a word found in `common` or more
    of the newest stories (as FTS5 reads it: stemmed, so that "kbs" is "kb", one of the commonest), and
    for the others. bm25 reads every story holding a query word once (its IDF), so the first cost most."""
    from django.db import connection

    from copydesk.newsroom.fulltext import query_words, word_matches

    if connection.vendor != "sqlite":
        return {}
    holding = "SELECT COUNT(*) FROM newsroom_storysearch WHERE newsroom_storysearch MATCH %s AND rowid > %s"
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(rowid) FROM newsroom_storysearch")
        top = cursor.fetchone()[0] or 0

        def share(word: str) -> float:
            cursor.execute(holding, ['"' + word + '"', top - newest])
            return int(cursor.fetchone()[0]) / min(newest, max(1, top))

        shares = [max(share(w) for w in query_words(t)) for t in texts]
    apart: dict[str, Any] = {}
    for name, group in (
        ("words_commonest_under_10pct", [t for t, f in zip(texts, shares, strict=True) if f < common]),
        ("words_commonest_10pct_or_more", [t for t, f in zip(texts, shares, strict=True) if f >= common]),
    ):
        each = iter(group)
        ranked = timed(lambda each=each: word_matches(next(each), None, 500), len(group)) if group else {}
        apart[name] = {"queries": len(group), **ranked}
    return apart


def disk(data_dir: Path) -> int:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
    return sum(p.stat().st_size for p in data_dir.glob("copydesk.sqlite3*"))


def kept_graph(data_dir: Path) -> int:
    return sum(p.stat().st_size for p in data_dir.glob("story-vectors*"))


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def run(data_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Build into data_dir (unless reusing a kept build there), then measure."""
    marker = data_dir / "built.json"
    if args.reuse:
        kept = json.loads(marker.read_text())
        stories, built = int(kept["stories"]), float(kept["build_s"])
        setup(data_dir)
    else:
        setup(data_dir)
        stories, built = args.stories, build(args.stories)
        # written last, so a build stopped halfway is never taken for a whole one
        marker.write_text(json.dumps({"stories": stories, "build_s": round(built, 1)}))
    result = {
        "stories": stories,
        "database": _vendor(),
        "build_s": round(built, 1),
        "reused": bool(args.reuse),
        **measure(stories, args.queries),
    }
    result["disk_mb"] = round(disk(data_dir) / 2**20, 1)
    result["kept_graph_mb"] = round(kept_graph(data_dir) / 2**20, 1)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["cores"] = os.cpu_count()
    return result


def kept_dir(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Path | None:
    """The directory --keep builds into or --reuse measures, checked before anything is written."""
    if args.keep and args.reuse:
        parser.error("--keep builds an archive and --reuse measures a kept one: give one of them")
    if args.reuse:
        if not (args.reuse / "built.json").is_file():
            parser.error(f"--reuse {args.reuse}: no complete build there (built.json is written last)")
        return Path(args.reuse).resolve()
    if args.keep:
        if args.keep.exists() and any(args.keep.iterdir()):
            parser.error(f"--keep {args.keep}: not empty; measure a kept build with --reuse")
        args.keep.mkdir(parents=True, exist_ok=True)
        return Path(args.keep).resolve()
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build into DIR and keep it")
    parser.add_argument("--reuse", type=Path, metavar="DIR", help="measure the build kept in DIR")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    data_dir = kept_dir(args, parser)
    if data_dir is not None:
        result = run(data_dir, args)
    else:
        with tempfile.TemporaryDirectory(prefix="copydesk-search-") as tmp:
            result = run(Path(tmp), args)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
