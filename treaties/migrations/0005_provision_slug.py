"""A provision's slug ("us-russia-4-2") as a stored, unique, indexed column, filled from its
treaty's slug, article and paragraph (and so for every recorded version)."""

from django.db import migrations, models


def slug_of(treaty_slug, article, paragraph):
    suffix = f"-{paragraph}" if paragraph else ""
    return f"{treaty_slug}-{article}{suffix}"


def fill_slugs(apps, schema_editor):
    Treaty = apps.get_model("treaties", "Treaty")
    treaty_slugs = dict(Treaty.objects.values_list("pk", "slug"))
    for name in ("Provision", "HistoricalProvision"):
        model = apps.get_model("treaties", name)
        rows = list(model.objects.only("pk", "treaty_id", "article", "paragraph"))
        for row in rows:
            row.slug = slug_of(treaty_slugs.get(row.treaty_id, "deleted"), row.article, row.paragraph)
        model.objects.bulk_update(rows, ["slug"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("treaties", "0004_record_current_links")]

    operations = [
        migrations.AddField(
            model_name="provision",
            name="slug",
            # Without an index until filled: the unique one below is the only one it gets.
            field=models.SlugField(default="", editable=False, max_length=100, db_index=False),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalprovision",
            name="slug",
            # Without an index until filled: the unique one below is the only one it gets.
            field=models.SlugField(default="", editable=False, max_length=100, db_index=False),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="provision",
            name="slug",
            field=models.SlugField(editable=False, max_length=100, unique=True),
        ),
        migrations.AlterField(
            model_name="historicalprovision",
            name="slug",
            field=models.SlugField(db_index=True, editable=False, max_length=100),
        ),
    ]
