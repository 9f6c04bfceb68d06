"""Finding: entities, topics and timelines of published stories, and the full-text index of their
words (SQLite FTS5), kept current by triggers as stories are published, revised and withdrawn.

The index holds each published story's current headline and shown (verified) sentences, under the
story's id. Triggers rather than the publish step because every writer changes `Story.current`: the
pipeline, an editor's correction, a withdrawal, the admin. On another database the search reads the
revisions instead (newsroom.fulltext); PostgreSQL can get its own full-text path there.
"""

from django.db import migrations, models
import django.db.models.deletion

NOW = "(julianday('now') - 2440587.5) * 86400.0"
BUMP_SITE = (
    f"INSERT INTO newsroom_pagestamp (name, token, changed_at) VALUES ('site', random(), {NOW}) "
    "ON CONFLICT (name) DO UPDATE SET token = excluded.token, changed_at = excluded.changed_at;"
)
# The words of a story as readers see them: headline and verified sentences of its current revision.
INDEX_STORY = (
    "INSERT INTO newsroom_storysearch (rowid, headline, body) "
    "SELECT {story}, r.headline, COALESCE((SELECT group_concat(s.text, ' ') FROM newsroom_sentence s "
    "WHERE s.revision_id = r.id AND s.verified), '') FROM newsroom_revision r WHERE r.id = {revision};"
)
UNINDEX_STORY = "DELETE FROM newsroom_storysearch WHERE rowid = {story};"
FINDING_TABLES = ["newsroom_entity", "newsroom_storyentity", "newsroom_storytopic", "newsroom_timelinelink"]
# On PostgreSQL, the finding tables bump the site's stamp through 0013's function (once per statement).
PG_TRIGGERS = {
    f"pagestamp_{table}_{event.lower()}_finding": (
        table,
        f"AFTER {event} ON {table} FOR EACH ROW EXECUTE FUNCTION pagestamp_named('site')",
    )
    for table in FINDING_TABLES
    for event in ["INSERT", "UPDATE", "DELETE"]
}
TRIGGERS = {
    "storysearch_story_insert": "AFTER INSERT ON newsroom_story FOR EACH ROW WHEN NEW.current_id IS NOT NULL "
    f"BEGIN {INDEX_STORY.format(story='NEW.id', revision='NEW.current_id')} END",
    "storysearch_story_update": "AFTER UPDATE OF current_id ON newsroom_story FOR EACH ROW BEGIN "
    f"{UNINDEX_STORY.format(story='OLD.id')} {INDEX_STORY.format(story='NEW.id', revision='NEW.current_id')} END",
    "storysearch_story_delete": "AFTER DELETE ON newsroom_story FOR EACH ROW BEGIN "
    f"{UNINDEX_STORY.format(story='OLD.id')} END",
    # an editor's change to the current revision's headline or sentences (the admin)
    "storysearch_revision_update": "AFTER UPDATE OF headline ON newsroom_revision FOR EACH ROW "
    "WHEN EXISTS (SELECT 1 FROM newsroom_story WHERE current_id = NEW.id) BEGIN "
    f"{UNINDEX_STORY.format(story='NEW.story_id')} {INDEX_STORY.format(story='NEW.story_id', revision='NEW.id')} END",
    "storysearch_sentence_update": "AFTER UPDATE OF text, verified ON newsroom_sentence FOR EACH ROW "
    "WHEN EXISTS (SELECT 1 FROM newsroom_story WHERE current_id = NEW.revision_id) BEGIN "
    "DELETE FROM newsroom_storysearch WHERE rowid = (SELECT id FROM newsroom_story WHERE current_id = NEW.revision_id); "
    f"{INDEX_STORY.format(story='(SELECT id FROM newsroom_story WHERE current_id = NEW.revision_id)', revision='NEW.revision_id')} END",
    **{
        f"pagestamp_{table}_{event.lower()}_finding": f"AFTER {event} ON {table} FOR EACH ROW BEGIN {BUMP_SITE} END"
        for table in FINDING_TABLES
        for event in ["INSERT", "UPDATE", "DELETE"]
    },
}


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for name, (_, body) in PG_TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER {name} {body}")
    if schema_editor.connection.vendor != "sqlite":
        return
    # porter: "deployed" finds "deployment"; remove_diacritics: "Sao Paulo" finds "São Paulo".
    schema_editor.execute(
        "CREATE VIRTUAL TABLE newsroom_storysearch USING fts5("
        "headline, body, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    for name, body in TRIGGERS.items():
        schema_editor.execute(f"CREATE TRIGGER {name} {body}")
    schema_editor.execute(
        "INSERT INTO newsroom_storysearch (rowid, headline, body) SELECT st.id, r.headline, "
        "COALESCE((SELECT group_concat(s.text, ' ') FROM newsroom_sentence s WHERE s.revision_id = r.id "
        "AND s.verified), '') FROM newsroom_story st JOIN newsroom_revision r ON r.id = st.current_id"
    )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for name, (table, _) in PG_TRIGGERS.items():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    schema_editor.execute("DROP TABLE IF EXISTS newsroom_storysearch")


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0013_postgres_page_stamps"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="found_revision",
            field=models.IntegerField(
                blank=True,
                editable=False,
                help_text="The revision whose entities, topics and timeline are stored (pipeline.find); a story whose current revision differs is read again.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="vector_seq",
            field=models.BigIntegerField(
                blank=True,
                db_index=True,
                null=True,
                editable=False,
                help_text="Raised whenever its centroid or publication changes, so that search's vector index takes in only what changed (newsroom.vectors).",
            ),
        ),
        migrations.CreateModel(
            name="Entity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("person", "person"), ("place", "place"), ("organisation", "organisation")],
                        max_length=20,
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("slug", models.SlugField(max_length=200)),
            ],
            options={
                "ordering": ["kind", "name"],
                "constraints": [models.UniqueConstraint(fields=("kind", "slug"), name="one_entity_per_slug")],
            },
        ),
        migrations.CreateModel(
            name="StoryEntity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("mentions", models.PositiveIntegerField(default=1)),
                (
                    "entity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="stories",
                        to="newsroom.entity",
                    ),
                ),
                (
                    "story",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="entities",
                        to="newsroom.story",
                    ),
                ),
            ],
            options={
                "ordering": ["story", "-mentions", "entity"],
                "constraints": [models.UniqueConstraint(fields=("story", "entity"), name="one_mention_row")],
                "indexes": [models.Index(fields=["entity", "story"], name="entity_stories")],
            },
        ),
        migrations.CreateModel(
            name="StoryTopic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("topic", models.CharField(max_length=60)),
                ("score", models.FloatField()),
                (
                    "story",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="topics",
                        to="newsroom.story",
                    ),
                ),
            ],
            options={
                "ordering": ["story", "-score"],
                "constraints": [models.UniqueConstraint(fields=("story", "topic"), name="one_topic_row")],
                "indexes": [models.Index(fields=["topic", "story"], name="topic_stories")],
            },
        ),
        migrations.CreateModel(
            name="TimelineLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("score", models.FloatField()),
                (
                    "earlier",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="continued_by",
                        to="newsroom.story",
                    ),
                ),
                (
                    "later",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="continues",
                        to="newsroom.story",
                    ),
                ),
            ],
            options={
                "ordering": ["earlier", "later"],
                "constraints": [
                    models.UniqueConstraint(fields=("earlier", "later"), name="one_timeline_link")
                ],
            },
        ),
        migrations.RunPython(create, drop),
    ]
