"""Page stamps: tokens that database triggers change with whatever pages show (newsroom.pagecache).

Triggers rather than Django signals because the pipeline writes with bulk_create and queryset
updates, which send no signals, and from other processes than the server's. SQLite only for now:
on another database pages are rendered for every request (pagecache.enabled).
"""

from django.db import migrations, models

NOW = "(julianday('now') - 2440587.5) * 86400.0"
SITE = "'site'"

# (table, events, condition or "", stamp name as an SQL expression of NEW/OLD)
WATCHED = [
    ("newsroom_story", "INSERT", "NEW.current_id IS NOT NULL", SITE),
    (
        "newsroom_story",
        "UPDATE",
        "OLD.current_id IS NOT NEW.current_id OR OLD.slug IS NOT NEW.slug "
        "OR OLD.merged_into_id IS NOT NEW.merged_into_id OR OLD.last_seen IS NOT NEW.last_seen",
        SITE,
    ),
    ("newsroom_story", "DELETE", "", SITE),
    *[
        (table, event, "", SITE)
        for table in [
            "newsroom_revision",
            "newsroom_revision_sources",
            "newsroom_section",
            "newsroom_sentence",
            "newsroom_citation",
            "newsroom_duplicate",
            "newsroom_relatedstory",
            "newsroom_outlet",
        ]
        for event in ["INSERT", "UPDATE", "DELETE"]
    ],
    (
        "newsroom_sourcearticle",
        "UPDATE",
        "OLD.title IS NOT NEW.title OR OLD.url IS NOT NEW.url OR OLD.outlet_id IS NOT NEW.outlet_id "
        "OR OLD.published IS NOT NEW.published",
        SITE,
    ),
    ("newsroom_sourcearticle", "DELETE", "", SITE),
    ("auth_user", "UPDATE", "OLD.username IS NOT NEW.username", SITE),
    *[
        (
            "discussion_thought",
            event,
            "",
            f"'thoughts:' || COALESCE((SELECT slug FROM newsroom_story WHERE id = {row}.story_id), '')",
        )
        for event, row in [("INSERT", "NEW"), ("UPDATE", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")]
    ],
]


def _bump(name: str) -> str:
    return (
        f"INSERT INTO newsroom_pagestamp (name, token, changed_at) VALUES ({name}, random(), {NOW}) "
        "ON CONFLICT (name) DO UPDATE SET token = excluded.token, changed_at = excluded.changed_at;"
    )


def _triggers() -> list[tuple[str, str]]:
    made = []
    for n, (table, event, condition, name) in enumerate(WATCHED):
        trigger = f"pagestamp_{table}_{event.lower()}_{n}"
        when = f" WHEN {condition}" if condition else ""
        made.append(
            (
                trigger,
                f"CREATE TRIGGER {trigger} AFTER {event} ON {table} FOR EACH ROW{when} "
                f"BEGIN {_bump(name)} END",
            )
        )
    return made


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "sqlite":
        return
    for _, sql in _triggers():
        schema_editor.execute(sql)
    schema_editor.execute(_bump(SITE).removesuffix(";"))


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "sqlite":
        return
    for trigger, _ in _triggers():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}")


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0010_sentence_model"),
        ("discussion", "0003_correction_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="PageStamp",
            fields=[
                ("name", models.CharField(max_length=200, primary_key=True, serialize=False)),
                ("token", models.BigIntegerField()),
                ("changed_at", models.FloatField(help_text="Unix time of the last change.")),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
