"""Page stamps on PostgreSQL: the triggers of 0011_page_stamps (SQLite only there) as PL/pgSQL.

The same watched tables, events and conditions (0011's WATCHED, read from it so the two never drift
apart); `IS NOT` becomes `IS DISTINCT FROM`, and a trigger calls one of two functions: one that bumps a
named stamp, one that bumps the stamp of a thought's story. Each bump is an upsert of one row in the
same transaction as the change, as on SQLite (once per statement, not per row).
"""

import importlib

from django.db import migrations

STAMPS = importlib.import_module("copydesk.newsroom.migrations.0011_page_stamps")

BUMP = """
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE stamp text; mark text;
BEGIN
  {choose}
  -- Once per statement: a bulk insert of thousands of citations would otherwise update the stamp's row
  -- thousands of times in one transaction, each update slower than the last (its versions pile up).
  -- Skipping within a transaction is safe: readers see the stamp and the changes when it commits.
  mark := stamp || '@' || pg_current_xact_id()::text || '@' || statement_timestamp()::text;
  IF current_setting('copydesk.stamped', true) = mark THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('copydesk.stamped', mark, true);
  INSERT INTO newsroom_pagestamp (name, token, changed_at)
  VALUES (stamp, (random() * 4611686018427387904)::bigint, extract(epoch FROM clock_timestamp()))
  ON CONFLICT (name) DO UPDATE SET token = excluded.token, changed_at = excluded.changed_at;
  RETURN NULL;
END $$
"""
# TG_ARGV[0]: the stamp's name ('site'); for thoughts, which row names the story (NEW or OLD).
NAMED = "stamp := TG_ARGV[0];"
THOUGHT = """
  stamp := 'thoughts:' || COALESCE((SELECT slug FROM newsroom_story WHERE id =
    CASE WHEN TG_ARGV[0] = 'NEW' THEN NEW.story_id ELSE OLD.story_id END), '');"""


def _triggers() -> list[tuple[str, str, str]]:
    made = []
    for n, (table, event, condition, name) in enumerate(STAMPS.WATCHED):
        trigger = f"pagestamp_{table}_{event.lower()}_{n}"
        when = f" WHEN ({condition.replace(' IS NOT ', ' IS DISTINCT FROM ')})" if condition else ""
        if name == STAMPS.SITE:
            call = f"pagestamp_named({name})"
        else:
            call = f"pagestamp_thought('{'NEW' if 'NEW.' in name else 'OLD'}')"
        made.append(
            (
                trigger,
                table,
                f"CREATE TRIGGER {trigger} AFTER {event} ON {table} FOR EACH ROW{when} EXECUTE FUNCTION {call}",
            )
        )
    return made


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(BUMP.format(name="pagestamp_named", choose=NAMED))
    schema_editor.execute(BUMP.format(name="pagestamp_thought", choose=THOUGHT))
    for _, _, sql in _triggers():
        schema_editor.execute(sql)
    schema_editor.execute(
        "INSERT INTO newsroom_pagestamp (name, token, changed_at) VALUES ('site', 1, 0) ON CONFLICT DO NOTHING"
    )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for trigger, table, _ in _triggers():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS pagestamp_named(), pagestamp_thought()")


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0012_one_lexicon")]

    operations = [migrations.RunPython(create, drop)]
