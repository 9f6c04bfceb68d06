from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0007_feed_entry_ids"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="write_error",
            field=models.TextField(
                blank=True,
                help_text="Why its last write failed (nothing publishable in its sources, or a bug); it is tried again when its sources change. Empty once a write succeeds.",
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="write_failed_at",
            field=models.DateTimeField(blank=True, help_text="When its last write failed.", null=True),
        ),
    ]
