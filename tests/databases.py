"""One database per data directory for the commands the tests start, as on SQLite (a file per directory).

On SQLite a data directory holds its own database. With DATABASE_URL pointing at PostgreSQL (the suite's
second run, .ci/with-postgres) every command would share that one database: each data directory gets its
own, made on first use and left for the throw-away server to take away.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_made: set[str] = set()


def is_postgres(url: str | None = None) -> bool:
    url = os.environ.get("DATABASE_URL", "") if url is None else url
    return url.startswith(("postgres://", "postgresql://"))


def database_url(data_dir: Path) -> str | None:
    """DATABASE_URL for the commands run on `data_dir`: its own PostgreSQL database, or as it is."""
    url = os.environ.get("DATABASE_URL")
    if not url or not is_postgres(url):
        return url
    name = "copydesk_" + hashlib.sha1(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
    if name not in _made:
        import psycopg

        with psycopg.connect(url, autocommit=True) as db:
            if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
                db.execute(f'CREATE DATABASE "{name}"')
        _made.add(name)
    return f"{url.rsplit('/', 1)[0]}/{name}"


def command_env(data_dir: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a command run on `data_dir`."""
    env = {**(os.environ if base is None else base), "COPYDESK_DATA_DIR": str(data_dir)}
    url = database_url(data_dir) if "DATABASE_URL" in env and is_postgres(env["DATABASE_URL"]) else None
    if url:
        env["DATABASE_URL"] = url
    return env


class _Qmarks:
    """A psycopg connection that takes sqlite3's `?` placeholders, so a test's SQL serves both."""

    def __init__(self, db: Any) -> None:
        self.db = db

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.db.execute(sql.replace("?", "%s"), params)

    def commit(self) -> None:
        self.db.commit()

    def close(self) -> None:
        self.db.close()


@contextmanager
def connect(data_dir: Path) -> Iterator[Any]:
    """The database of `data_dir` as a DB-API connection (sqlite3, or psycopg taking `?`), committed at
    the end of the block, as sqlite3's own `with` does."""
    url = database_url(data_dir)
    if url and is_postgres(url):
        import psycopg

        with psycopg.connect(url) as db:
            yield _Qmarks(db)
    else:
        db = sqlite3.connect(Path(data_dir) / "copydesk.sqlite3")
        try:
            with db:
                yield db
        finally:
            db.close()


def columns(db: Any, table: str) -> list[str]:
    """A table's columns in order, on either database."""
    if isinstance(db, _Qmarks):
        rows = db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        )
        return [row[0] for row in rows]
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def copy_data_dir(source: Path, target: Path) -> None:
    """A copy of a data directory, its database included (on PostgreSQL a database made from the other)."""
    import shutil

    shutil.copytree(source, target)
    url = os.environ.get("DATABASE_URL")
    if not url or not is_postgres(url):
        return
    import psycopg

    name = "copydesk_" + hashlib.sha1(str(Path(target).resolve()).encode()).hexdigest()[:16]
    original = database_url(source).rsplit("/", 1)[1]  # type: ignore[union-attr]
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{original}"')
    _made.add(name)
