from django.db import migrations, models


def mark_linked_stories(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Links ranked before this field existed are ranked again once: their stories get a key no digest has."""
    story = apps.get_model("newsroom", "Story")
    story.objects.filter(related_links__isnull=False).update(related_key="-")


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0008_story_write_error")]

    operations = [
        migrations.AddField(
            model_name="story",
            name="related_key",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                help_text="Digest of the centroid and names its related links were last ranked with; empty "
                "when it has none. A story whose digest no longer matches is ranked again (pipeline.relate).",
                max_length=32,
            ),
        ),
        migrations.RunPython(mark_linked_stories, migrations.RunPython.noop),
    ]
