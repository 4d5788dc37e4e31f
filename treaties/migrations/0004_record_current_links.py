"""Record what each row holds now wherever its newest history record says otherwise.

Until this release a row's first record held none of its many-to-many links (they are set
after the row exists), and a parallel link between two provisions was recorded only on the
side it was set from. Reverting to such a record dropped links nobody had touched. From now
on every write records complete versions; this migration adds, for each row whose newest
record disagrees with the row, a record of what the row holds, so that the current version
is always complete. Self-contained: it reads and writes through the migration state only.
"""

from django.db import migrations
from django.utils import timezone

REASON = "Recorded with all its links (earlier records missed some)"
TRACKED = {
    "Party": ["members"],
    "Region": ["members"],
    "Treaty": ["parties"],
    "Provision": ["bound_parties", "regions", "weapon_classes", "related"],
}


def record_current_links(apps, schema_editor):
    now = timezone.now()
    for model_name, relation_names in TRACKED.items():
        model = apps.get_model("treaties", model_name)
        historical = apps.get_model("treaties", f"Historical{model_name}")
        copied = [
            field.attname
            for field in historical._meta.concrete_fields
            if not field.name.startswith("history_") and field.name != "history_id"
        ]
        relations = {}
        for name in relation_names:
            field = model._meta.get_field(name)
            relations[name] = (
                field.remote_field.through,
                apps.get_model("treaties", f"Historical{model_name}_{name}"),
                field.m2m_field_name(),
                field.m2m_reverse_field_name(),
            )
        for instance in model.objects.all():
            latest = (
                historical.objects.filter(id=instance.pk)
                .order_by("-history_date", "-history_id")
                .first()
            )
            held, recorded = {}, {}
            for name, (through, recorded_rows, source, target) in relations.items():
                rows = through.objects.filter(**{f"{source}_id": instance.pk})
                held[name] = list(rows)
                recorded[name] = set(
                    recorded_rows.objects.filter(history=latest).values_list(
                        f"{target}_id", flat=True
                    )
                ) if latest else None
            if latest is not None and all(
                {getattr(row, f"{relations[name][3]}_id") for row in rows} == recorded[name]
                for name, rows in held.items()
            ):
                continue
            record = historical.objects.create(
                **{name: getattr(instance, name) for name in copied},
                history_date=now,
                history_type="~" if latest else "+",
                history_change_reason=REASON,
            )
            for name, rows in held.items():
                through, recorded_rows, source, target = relations[name]
                recorded_rows.objects.bulk_create(
                    recorded_rows(
                        history=record,
                        id=row.pk,
                        **{f"{source}_id": getattr(row, f"{source}_id")},
                        **{f"{target}_id": getattr(row, f"{target}_id")},
                    )
                    for row in rows
                )


class Migration(migrations.Migration):
    dependencies = [("treaties", "0003_history_and_provision_version")]

    operations = [migrations.RunPython(record_current_links, migrations.RunPython.noop)]
