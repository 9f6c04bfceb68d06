from django.db import migrations


def forget_passage_vectors(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Sentence vectors made by the model as shipped are dropped: the writer now embeds sentences with the
    quantized copy (copydesk.quantized), and a story is compared with vectors of one model only. They
    are made again, by the new model, when the story is next written; published pages keep their text."""
    article = apps.get_model("newsroom", "SourceArticle")
    article.objects.filter(passage_vectors__isnull=False).update(passage_vectors=None)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0009_related_key")]

    operations = [migrations.RunPython(forget_passage_vectors, migrations.RunPython.noop)]
