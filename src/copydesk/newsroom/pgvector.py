"""The published stories' centroids in pgvector, on a PostgreSQL that has it (migration 0016).

`newsroom_story.centroid_vector` (`vector(384)`, not a Django field) holds the same floats as the
`centroid` BLOB, kept in step by a trigger that decodes the BLOB in the database itself (so every writer
of a centroid, the grouping, an editor's correction or the admin, keeps it right without knowing of it),
under an HNSW index by cosine over the published stories only. The nearest stories to a vector (search by
meaning, timelines) are then one indexed query (`nearest`), and no process holds the centroids in memory.

Where pgvector cannot be installed (an operator's plain PostgreSQL, or a role that may not create it),
`install` says so in one log line and leaves the schema as it was: the stories are then searched in each
process as on SQLite (newsroom.vectors), and `install` is tried again at each start (`catch_up`).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import DatabaseError, connection, transaction

from copydesk.embedding import DIMENSIONS

log = logging.getLogger(__name__)
COLUMN = "centroid_vector"
INDEX = "newsroom_story_centroid_hnsw"
EF = 64  # HNSW's breadth of search, as newsroom.vectors gives hnswlib; never below the stories asked for
MOST_EF = 1000  # pgvector's ceiling on hnsw.ef_search

FUNCTIONS = f"""
-- A centroid BLOB (float32, little-endian, as numpy writes it) as a vector, decoded bit by bit: the same
-- floats exactly. NULL for anything else (a wrong length, a NaN), so that no bad BLOB fails a write.
CREATE OR REPLACE FUNCTION storyvector_of(blob bytea) RETURNS vector LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN bool_and(e < 255) THEN array_agg(
           (1 - 2 * (bits >> 31)) * CASE WHEN e = 0 THEN m * 2::float8 ^ -149
                                         ELSE (m + 8388608) * 2::float8 ^ (e - 150) END
           ORDER BY i)::vector({DIMENSIONS}) END
  FROM generate_series(0, {DIMENSIONS - 1}) AS i,
       LATERAL (SELECT get_byte(blob, 4 * i) + get_byte(blob, 4 * i + 1) * 256
                       + get_byte(blob, 4 * i + 2) * 65536 + get_byte(blob, 4 * i + 3) * 16777216::bigint
               ) AS word(bits),
       LATERAL (SELECT ((bits >> 23) & 255)::int, (bits & 8388607)::float8) AS parts(e, m)
  WHERE length(blob) = {4 * DIMENSIONS}
$$;
CREATE OR REPLACE FUNCTION storyvector_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.{COLUMN} := storyvector_of(NEW.centroid);
  RETURN NEW;
END $$;
"""

TRIGGERS = {
    "storyvector_insert": "BEFORE INSERT ON newsroom_story FOR EACH ROW EXECUTE FUNCTION storyvector_keep()",
    "storyvector_update": (
        "BEFORE UPDATE OF centroid ON newsroom_story FOR EACH ROW "
        "WHEN (OLD.centroid IS DISTINCT FROM NEW.centroid) EXECUTE FUNCTION storyvector_keep()"
    ),
}

_ready: dict[str, bool] = {}
"""Whether the column is there, by database, read once per process (install and uninstall reset it)."""


def install(connection: Any) -> bool:
    """The extension, the column filled for every story, its trigger and index; idempotent. False, with one
    log line, when the extension cannot be installed (nothing is changed then)."""
    try:
        # a savepoint: a refusal fails nothing else
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
    except DatabaseError as exc:
        log.warning(
            "pgvector could not be installed (%s): stories are searched by meaning in each process "
            "instead; install pgvector on the server (Debian: postgresql-NN-pgvector from the PostgreSQL "
            "project's apt repository) and restart Copydesk to use it (README, PostgreSQL and workers)",
            str(exc).strip().splitlines()[0],
        )
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE newsroom_story ADD COLUMN IF NOT EXISTS {COLUMN} vector({DIMENSIONS})")
        cursor.execute(FUNCTIONS)
        for name, body in TRIGGERS.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON newsroom_story")
            cursor.execute(f"CREATE TRIGGER {name} {body}")
        # the stories stored before, in one statement, then the index, built once
        cursor.execute(
            f"UPDATE newsroom_story SET {COLUMN} = storyvector_of(centroid) WHERE centroid IS NOT NULL"
        )
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON newsroom_story USING hnsw ({COLUMN} vector_cosine_ops) "
            "WHERE current_id IS NOT NULL"
        )
    _ready.clear()
    return True


def uninstall(connection: Any) -> None:
    """The column, its trigger, functions and index gone; the extension stays (it may serve others)."""
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON newsroom_story")
        cursor.execute("DROP FUNCTION IF EXISTS storyvector_keep(), storyvector_of(bytea)")
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        cursor.execute(f"ALTER TABLE newsroom_story DROP COLUMN IF EXISTS {COLUMN}")
    _ready.clear()


def catch_up(connection: Any) -> None:
    """At a process's start, after migrating: a pgvector installed on the server since migration 0016 ran
    (which then did nothing) is taken up now."""
    if connection.vendor != "postgresql" or ready():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        available = cursor.fetchone() is not None
    if available:
        install(connection)


def ready() -> bool:
    """Whether this database keeps the stories' vectors in pgvector (PostgreSQL with migration 0016 done)."""
    if connection.vendor != "postgresql":
        return False
    name = str(connection.settings_dict["NAME"])
    if name not in _ready:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('newsroom_story') "
                "AND attname = %s AND NOT attisdropped",
                [COLUMN],
            )
            _ready[name] = cursor.fetchone() is not None
    return _ready[name]


def literal(vector: npt.NDArray[np.float32]) -> str:
    """pgvector's text form of a float32 vector, exact: each float's shortest decimal reads back as it."""
    return "[" + ",".join(map(repr, np.asarray(vector, dtype=np.float32).tolist())) + "]"


NEAREST = f"""
SELECT id, 1 - ({COLUMN} <=> %s::vector) FROM newsroom_story
WHERE current_id IS NOT NULL AND {COLUMN} IS NOT NULL
ORDER BY {COLUMN} <=> %s::vector LIMIT %s
"""
"""The published stories nearest a vector, through the HNSW index (its predicate is the query's)."""


def nearest(vector: npt.NDArray[np.float32], k: int) -> list[tuple[int, float]]:
    """The `k` published stories closest to `vector`: (story id, cosine), closest first."""
    text = literal(vector)
    with transaction.atomic(), connection.cursor() as cursor:
        # An HNSW scan yields at most ef_search index entries, and some of them may be rows no longer
        # visible (a story updated or withdrawn since the last VACUUM; a rolled-back insert): with an
        # iterative scan, it goes on in order of distance until k visible rows are found.
        cursor.execute(
            "SELECT set_config('hnsw.ef_search', %s, true), set_config('hnsw.iterative_scan', %s, true)",
            [str(min(MOST_EF, max(EF, k))), "strict_order"],
        )
        cursor.execute(NEAREST, [text, text, k])
        return [(int(story), float(cosine)) for story, cosine in cursor.fetchall()]
