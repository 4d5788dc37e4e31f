import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from evidence.dataset import (
    MODELS_IN_ORDER,
    DatasetError,
    checksum,
    export_dataset,
    import_dataset,
)
from evidence.models import Evidence
from treaties.models import WeaponClass

pytestmark = pytest.mark.usefixtures("seeded")


def empty_database():
    WeaponClass.objects.update(parent=None)
    for model in reversed(MODELS_IN_ORDER):
        model.objects.all().delete()


def test_export_then_import_into_an_empty_database_gives_the_same_data():
    exported = export_dataset()
    counts = {str(m._meta.verbose_name_plural): m.objects.count() for m in MODELS_IN_ORDER}
    assert counts["evidence"] == 57
    empty_database()
    assert import_dataset(exported) == counts
    again = export_dataset()
    assert again["data"] == exported["data"]
    assert again["checksum"] == exported["checksum"]


def test_the_commands_round_trip_through_a_file(tmp_path):
    path = tmp_path / "dataset.json"
    call_command("export_dataset", output=path, stderr=StringIO())
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("proviso-dataset", 2)
    empty_database()
    out = StringIO()
    call_command("import_dataset", path, stdout=out)
    assert "21 provisions" in out.getvalue()
    assert export_dataset()["checksum"] == document["checksum"]


def test_import_refuses_a_database_that_is_not_empty():
    with pytest.raises(DatasetError, match="the database is not empty"):
        import_dataset(export_dataset())


def test_import_refuses_an_edited_file_and_writes_nothing():
    document = export_dataset()
    document["data"]["provisions"][0]["summary"] = "Tampered."
    empty_database()
    with pytest.raises(DatasetError, match="checksum mismatch"):
        import_dataset(document)
    assert not any(model.objects.exists() for model in MODELS_IN_ORDER)


def test_import_rolls_back_a_dataset_with_a_dangling_reference():
    document = export_dataset()
    document["data"]["evidence"][0]["provision"] = "us-russia-99"
    # Re-signed, so that the reference itself is what fails.
    document["checksum"] = checksum(document["data"])
    empty_database()
    with pytest.raises(DatasetError, match="malformed dataset: KeyError"):
        import_dataset(document)
    assert not any(model.objects.exists() for model in MODELS_IN_ORDER)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a JSON file"),
        ('{"format": "other"}', "not a proviso-dataset file"),
        ('{"format": "proviso-dataset", "version": 99}', "version 99 is not supported"),
    ],
)
def test_import_command_reports_a_bad_file_in_one_line(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_dataset", path)


def test_the_suggestion_fields_of_evidence_survive_the_round_trip():
    flagged = Evidence.objects.order_by("pk").first()
    flagged.needs_review = True
    flagged.save()
    Evidence.objects.filter(pk=Evidence.objects.order_by("pk")[1].pk).update(
        status="suggested", score=0.42, matched_terms=["intermediate-range missiles", "strike"]
    )
    exported = export_dataset()
    rows = exported["data"]["evidence"]
    assert sum(row["needs_review"] for row in rows) == 1
    assert ["intermediate-range missiles", "strike"] in [row["matched_terms"] for row in rows]
    empty_database()
    import_dataset(exported)
    assert export_dataset()["data"] == exported["data"]
    assert Evidence.objects.filter(needs_review=True).count() == 1
    restored = Evidence.objects.get(score=0.42)
    assert restored.matched_terms == ["intermediate-range missiles", "strike"]


def test_a_version_1_file_still_restores_with_the_new_fields_at_their_defaults():
    document = export_dataset()
    for row in document["data"]["evidence"]:
        del row["matched_terms"], row["needs_review"]
    document["version"] = 1
    document["checksum"] = checksum(document["data"])
    empty_database()
    import_dataset(document)
    assert Evidence.objects.count() == 57
    assert not Evidence.objects.filter(needs_review=True).exists()
    assert all(terms == [] for terms in Evidence.objects.values_list("matched_terms", flat=True))


@pytest.mark.parametrize(
    ("field", "value"),
    [("matched_terms", "missiles"), ("matched_terms", [1]), ("needs_review", "yes")],
)
def test_import_refuses_a_malformed_suggestion_field_in_one_line(field, value):
    document = export_dataset()
    document["data"]["evidence"][0][field] = value
    document["checksum"] = checksum(document["data"])
    empty_database()
    with pytest.raises(DatasetError, match=rf"^malformed dataset: ValueError: {field} must be"):
        import_dataset(document)
    assert not any(model.objects.exists() for model in MODELS_IN_ORDER)
