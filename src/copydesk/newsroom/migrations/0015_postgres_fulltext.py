"""Full-text search on PostgreSQL: what 0014's FTS5 table and triggers are on SQLite.

`newsroom_storysearch` holds one search document (a tsvector under a GIN index) per published story: its
current revision's headline at weight A, its verified sentences at weight B, read with the configuration
`copydesk_english`: PostgreSQL's 'english' (Snowball stems, as SQLite's porter tokenizer: 'deployed'
finds 'deployment'), accents folded by the `unaccent` extension where it can be installed (as FTS5's
remove_diacritics: 'Sao Paulo' finds 'São Paulo'); where it cannot, accents are kept.
PL/pgSQL triggers keep it current, as 0014's do on SQLite, because every writer changes `Story.current`
(the pipeline, an editor's correction, a withdrawal, the admin): a story published or written again gets
its document anew, one withdrawn or deleted loses it, and an editor's change to the current revision's
headline or sentences is read again. No foreign key to the story: Django's flush between tests
truncates the story table without CASCADE; a truncate trigger empties this table instead.
Nothing on SQLite or any other database (newsroom.fulltext reads the revisions there).
"""

from django.db import DatabaseError, migrations, transaction

CONFIG = "copydesk_english"
"""The text search configuration of the documents; newsroom.fulltext reads queries with the same one."""

FUNCTIONS = f"""
-- The words of a revision as readers see them: its headline (A) and verified sentences (B).
CREATE OR REPLACE FUNCTION storysearch_document(revision bigint) RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('{CONFIG}', r.headline), 'A') || setweight(to_tsvector('{CONFIG}',
    COALESCE((SELECT string_agg(s.text, ' ' ORDER BY s.id) FROM newsroom_sentence s
              WHERE s.revision_id = r.id AND s.verified), '')), 'B')
  FROM newsroom_revision r WHERE r.id = revision;
$$;
-- A story's document made again from its current revision, or taken out when it has none.
CREATE OR REPLACE FUNCTION storysearch_refresh(story bigint) RETURNS void LANGUAGE sql AS $$
  DELETE FROM newsroom_storysearch WHERE story_id = story
    AND NOT EXISTS (SELECT 1 FROM newsroom_story WHERE id = story AND current_id IS NOT NULL);
  INSERT INTO newsroom_storysearch (story_id, document)
  SELECT id, storysearch_document(current_id) FROM newsroom_story WHERE id = story AND current_id IS NOT NULL
  ON CONFLICT (story_id) DO UPDATE SET document = excluded.document;
$$;
CREATE OR REPLACE FUNCTION storysearch_story() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM newsroom_storysearch WHERE story_id = OLD.id;
  ELSE
    PERFORM storysearch_refresh(NEW.id);
  END IF;
  RETURN NULL;
END $$;
-- A revision's headline or a sentence changed: the story whose current revision it is (if any).
CREATE OR REPLACE FUNCTION storysearch_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM storysearch_refresh(id) FROM newsroom_story WHERE current_id = NEW.id;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION storysearch_sentence() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE revision bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN
    revision := OLD.revision_id;
  ELSE
    revision := NEW.revision_id;
  END IF;
  PERFORM storysearch_refresh(id) FROM newsroom_story WHERE current_id = revision;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION storysearch_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE newsroom_storysearch;
  RETURN NULL;
END $$;
"""
TRIGGERS = {
    # the story's own row: published, written again (a new current revision), withdrawn, deleted
    "storysearch_story_insert": (
        "newsroom_story",
        "AFTER INSERT ON newsroom_story FOR EACH ROW WHEN (NEW.current_id IS NOT NULL) "
        "EXECUTE FUNCTION storysearch_story()",
    ),
    "storysearch_story_update": (
        "newsroom_story",
        "AFTER UPDATE OF current_id ON newsroom_story FOR EACH ROW "
        "WHEN (OLD.current_id IS DISTINCT FROM NEW.current_id) EXECUTE FUNCTION storysearch_story()",
    ),
    "storysearch_story_delete": (
        "newsroom_story",
        "AFTER DELETE ON newsroom_story FOR EACH ROW EXECUTE FUNCTION storysearch_story()",
    ),
    "storysearch_story_truncate": (
        "newsroom_story",
        "AFTER TRUNCATE ON newsroom_story FOR EACH STATEMENT EXECUTE FUNCTION storysearch_truncate()",
    ),
    # an editor's change to the current revision (the admin); a revision being written is not current
    # yet, so its sentences going in cost one index probe each
    "storysearch_revision_update": (
        "newsroom_revision",
        "AFTER UPDATE OF headline ON newsroom_revision FOR EACH ROW "
        "WHEN (OLD.headline IS DISTINCT FROM NEW.headline) EXECUTE FUNCTION storysearch_revision()",
    ),
    "storysearch_sentence_insert": (
        "newsroom_sentence",
        "AFTER INSERT ON newsroom_sentence FOR EACH ROW WHEN (NEW.verified) EXECUTE FUNCTION storysearch_sentence()",
    ),
    "storysearch_sentence_update": (
        "newsroom_sentence",
        "AFTER UPDATE OF text, verified ON newsroom_sentence FOR EACH ROW "
        "WHEN (OLD.text IS DISTINCT FROM NEW.text OR OLD.verified IS DISTINCT FROM NEW.verified) "
        "EXECUTE FUNCTION storysearch_sentence()",
    ),
    "storysearch_sentence_delete": (
        "newsroom_sentence",
        "AFTER DELETE ON newsroom_sentence FOR EACH ROW WHEN (OLD.verified) EXECUTE FUNCTION storysearch_sentence()",
    ),
}


def configure(schema_editor):  # type: ignore[no-untyped-def]
    """CONFIG: 'english', its words' accents folded when `unaccent` is there or may be installed (a
    trusted extension since PostgreSQL 13: the database's owner may; its files come with Debian's
    server package and most others' contrib)."""
    folded = True
    try:
        with transaction.atomic(using=schema_editor.connection.alias):  # a savepoint: a refusal is no failure
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except DatabaseError:
        folded = False
    schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)")
    if folded:
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR hword, hword_part, word "
            "WITH unaccent, english_stem"
        )


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    configure(schema_editor)
    schema_editor.execute(
        "CREATE TABLE newsroom_storysearch (story_id bigint PRIMARY KEY, document tsvector NOT NULL)"
    )
    schema_editor.execute(FUNCTIONS)
    for name, (_, body) in TRIGGERS.items():
        schema_editor.execute(f"CREATE TRIGGER {name} {body}")
    # the stories published before this migration, in one statement (then the index, built once)
    schema_editor.execute(
        "INSERT INTO newsroom_storysearch (story_id, document) "
        "SELECT id, storysearch_document(current_id) FROM newsroom_story WHERE current_id IS NOT NULL"
    )
    schema_editor.execute(
        "CREATE INDEX newsroom_storysearch_document ON newsroom_storysearch USING gin (document)"
    )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, _) in TRIGGERS.items():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    schema_editor.execute(
        "DROP FUNCTION IF EXISTS storysearch_story(), storysearch_revision(), storysearch_sentence(), "
        "storysearch_truncate(), storysearch_document(bigint), "
        "storysearch_refresh(bigint)"
    )
    schema_editor.execute("DROP TABLE IF EXISTS newsroom_storysearch")
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")  # unaccent may serve others


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0014_finding")]

    operations = [migrations.RunPython(create, drop)]
