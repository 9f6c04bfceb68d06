"""The stories' centroids in pgvector on PostgreSQL, under an HNSW index by cosine (newsroom.pgvector).

Creates the `vector` extension, the column `newsroom_story.centroid_vector` filled from the `centroid`
BLOBs, the trigger that keeps it in step and the index. Where the extension cannot be installed, says so
in one log line and changes nothing: the stories are then searched by meaning in each process, as on
SQLite, until pgvector is installed and Copydesk restarted (cli: `pgvector.catch_up`). Nothing on SQLite
or any other database.
"""

from django.db import migrations

from copydesk.newsroom import pgvector


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        pgvector.install(schema_editor.connection)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        pgvector.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0015_postgres_fulltext")]

    operations = [migrations.RunPython(create, drop)]
