"""The evidence tables take this app's names, keeping every row (a rename), and the content
types of the moved models follow them, so that permissions (the editors' group) and the
admin's log entries still point at them."""

from django.db import migrations


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("evidence", "historicalevidence"):
        moved = ContentType.objects.filter(app_label="articles", model=model)
        if not ContentType.objects.filter(app_label="evidence", model=model).exists():
            moved.update(app_label="evidence")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(
        app_label="evidence", model__in=["evidence", "historicalevidence"]
    ).update(app_label="articles")


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0001_initial"),
        ("articles", "0005_evidence_moves_to_its_app"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="evidence", table=None),
        migrations.AlterModelTable(name="historicalevidence", table=None),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
