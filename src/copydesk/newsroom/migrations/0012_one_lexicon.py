from django.db import migrations

from copydesk.core.dedupe import signature
from copydesk.core.text import fingerprint

BATCH = 500


def read_again(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Fingerprints and MinHash signatures are made again with the product's one tokeniser (core.text:
    words kept whole, "3,400" one number, a curly apostrophe read as a straight one): a report fetched again
    must find its stored copy by the same fingerprint, and near-copies must compare shingles of one kind.

    Two stored articles that the new reading makes one (texts that differed only in an underscore, say)
    keep the older fingerprint on the second: both are kept, nothing is lost. (A new fingerprint cannot
    meet another article's old one: the old reading made only word characters and spaces, and a text
    whose new reading has no apostrophe, hyphen or number separator reads the same both ways.)"""
    article = apps.get_model("newsroom", "SourceArticle")
    taken: set[str] = set()
    batch = []
    for row in article.objects.only("id", "title", "text", "fingerprint").order_by("id").iterator(BATCH):
        digest = fingerprint(row.title, row.text)
        if digest in taken:
            digest = row.fingerprint
        taken.add(digest)
        row.fingerprint = digest
        row.minhash = signature(row.text).tobytes()
        batch.append(row)
        if len(batch) >= BATCH:
            _save(article, batch)
    _save(article, batch)


def _save(article, batch):  # type: ignore[no-untyped-def]
    article.objects.bulk_update(batch, ["fingerprint", "minhash"])
    batch.clear()


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0011_page_stamps")]

    operations = [migrations.RunPython(read_again, migrations.RunPython.noop)]
