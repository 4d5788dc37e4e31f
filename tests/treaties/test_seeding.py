"""The treaty data loader: idempotent, all or nothing, and clear about what is wrong."""

import ast
import copy
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

import treaties.seeding
from core.seeding import SeedDataError
from treaties.models import Party, Provision, Region, Treaty, WeaponClass
from treaties.seeding import format_provision_ref, load_treaty_data, parse_provision_ref

TREATY_FILE = Path(settings.BASE_DIR) / "seeds" / "treaties.yaml"
MODELS = [Party, Region, WeaponClass, Treaty, Provision]


@pytest.fixture
def treaty_data(db):
    return load_treaty_data(TREATY_FILE)


@pytest.fixture(scope="module")
def original():
    return yaml.safe_load(TREATY_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def variant(tmp_path, original):
    """Write a changed copy of the treaty data and return its path."""

    def write(change):
        data = copy.deepcopy(original)
        change(data)
        path = tmp_path / "treaties.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return path

    return write


def entry(data, section, name):
    key = "ref" if section == "provisions" else "slug"
    return next(item for item in data[section] if item[key] == name)


def row_counts():
    """Rows per model and per many-to-many table: duplicates anywhere would show."""
    counts = {model.__name__: model.objects.count() for model in MODELS}
    for model in MODELS:
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            counts[through.__name__] = through.objects.count()
    return counts


# --- loading ---


def test_loading_returns_the_number_of_rows_per_model(treaty_data):
    assert treaty_data == {
        "parties": Party.objects.count(),
        "regions": Region.objects.count(),
        "weapon classes": WeaponClass.objects.count(),
        "treaties": 2,
        "provisions": 21,
    }


def test_loading_twice_gives_the_same_counts_and_creates_no_duplicates(treaty_data):
    before = row_counts()
    assert load_treaty_data(TREATY_FILE) == treaty_data
    assert row_counts() == before


def test_a_second_load_writes_nothing_at_all(treaty_data):
    with CaptureQueriesContext(connection) as queries:
        load_treaty_data(TREATY_FILE)
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_a_changed_summary_is_updated_in_place(treaty_data, variant):
    before = Provision.objects.get(treaty__slug="us-russia", article=6)

    def change(data):
        entry(data, "provisions", "us-russia 6")["summary"] = "A corrected summary of the article."

    load_treaty_data(variant(change))
    after = Provision.objects.get(treaty__slug="us-russia", article=6)
    assert after.pk == before.pk
    assert after.summary == "A corrected summary of the article."
    assert Provision.objects.count() == 21


def test_a_region_dropped_from_the_file_is_dropped_from_the_provision(treaty_data, variant):
    def change(data):
        entry(data, "provisions", "russia-nato 3")["regions"] = ["baltic-sea"]

    load_treaty_data(variant(change))
    regions = Provision.objects.get(treaty__slug="russia-nato", article=3).regions.all()
    assert [region.slug for region in regions] == ["baltic-sea"]


def test_a_related_pair_listed_on_one_side_only_links_both_ways(treaty_data, variant):
    def change(data):
        for item in data["provisions"]:
            item.pop("related", None)
        entry(data, "provisions", "russia-nato 5")["related"] = ["us-russia 6"]

    load_treaty_data(variant(change))
    us_6 = Provision.objects.get(treaty__slug="us-russia", article=6)
    nato_5 = Provision.objects.get(treaty__slug="russia-nato", article=5)
    assert list(us_6.related.all()) == [nato_5]
    assert list(nato_5.related.all()) == [us_6]
    assert not Provision.objects.get(treaty__slug="us-russia", article=1).related.exists()


def test_weapon_classes_listed_before_their_parent_still_load(db, variant):
    def change(data):
        data["weapon_classes"].reverse()

    load_treaty_data(variant(change))
    assert WeaponClass.objects.get(slug="heavy-bombers").parent.slug == "military-aircraft"


# --- errors ---


def test_an_unknown_region_raises_an_error_naming_the_provision_and_the_region(db, variant):
    def change(data):
        entry(data, "provisions", "us-russia 4(2)")["regions"].append("atlantis")

    with pytest.raises(SeedDataError, match=r"^treaties\.yaml: provisions\[us-russia 4\(2\)\]"):
        load_treaty_data(variant(change))
    with pytest.raises(SeedDataError, match="unknown region 'atlantis'"):
        load_treaty_data(variant(change))


@pytest.mark.parametrize(
    ("section", "name", "field", "value", "message"),
    [
        ("parties", "nato-members-1997", "members", ["belgium", "ruritania"], "'ruritania'"),
        ("regions", "south-caucasus", "members", ["georgia", "narnia"], "'narnia'"),
        ("weapon_classes", "heavy-bombers", "parent", "zeppelins", "'zeppelins'"),
        ("treaties", "us-russia", "proposer", "atlantis", "unknown party 'atlantis'"),
        ("provisions", "us-russia 7", "weapon_classes", ["death-rays"], "'death-rays'"),
        ("provisions", "us-russia 4(1)", "bound_parties", ["ruritania"], "'ruritania'"),
        ("provisions", "us-russia 6", "related", ["russia-nato 12"], "'russia-nato 12'"),
    ],
)
def test_a_reference_to_something_undefined_names_the_entry_and_the_name(
    db, variant, section, name, field, value, message
):
    def change(data):
        entry(data, section, name)[field] = value

    with pytest.raises(SeedDataError) as raised:
        load_treaty_data(variant(change))
    assert str(raised.value).startswith(f"treaties.yaml: {section}[{name}]: {field}: unknown")
    assert message in str(raised.value)


def test_a_failed_load_changes_nothing(treaty_data, variant):
    before = row_counts()

    def change(data):
        entry(data, "parties", "russia")["name"] = "Russia, renamed"
        # The related links are resolved last: everything else was saved by then.
        entry(data, "provisions", "us-russia 6")["related"] = ["russia-nato 12"]

    with pytest.raises(SeedDataError):
        load_treaty_data(variant(change))
    assert row_counts() == before
    assert Party.objects.get(slug="russia").name == "Russian Federation"


def test_a_provision_in_an_article_the_treaty_does_not_have_is_rejected(db, variant):
    def change(data):
        entry(data, "provisions", "us-russia 8")["ref"] = "us-russia 9"

    with pytest.raises(SeedDataError, match=r"provisions\[us-russia 9\]: article: .*8 articles"):
        load_treaty_data(variant(change))


def test_full_clean_rejects_article_9_in_the_eight_article_us_russia_treaty(treaty_data):
    extra = Provision(
        treaty=Treaty.objects.get(slug="us-russia"),
        article=9,
        title="No such article",
        summary="The US–Russia draft has eight articles.",
        measure="principle",
    )
    with pytest.raises(ValidationError) as raised:
        extra.full_clean()
    assert "article" in raised.value.message_dict


def test_a_provision_with_both_regions_and_no_region_is_rejected(db, variant):
    def change(data):
        entry(data, "provisions", "us-russia 6")["no_region"] = True

    with pytest.raises(SeedDataError, match=r"provisions\[us-russia 6\]: give either regions"):
        load_treaty_data(variant(change))


def test_a_provision_with_neither_regions_nor_no_region_is_rejected(db, variant):
    def change(data):
        del entry(data, "provisions", "us-russia 1")["no_region"]

    with pytest.raises(SeedDataError, match=r"provisions\[us-russia 1\]: give either regions"):
        load_treaty_data(variant(change))


def test_a_misspelt_key_is_an_error_rather_than_silently_ignored(db, variant):
    def change(data):
        item = entry(data, "provisions", "russia-nato 4")
        item["regoins"] = item.pop("regions")

    with pytest.raises(SeedDataError, match=r"provisions\[russia-nato 4\]: .*'regoins'"):
        load_treaty_data(variant(change))


def test_an_invalid_choice_is_reported_with_the_entry(db, variant):
    def change(data):
        entry(data, "provisions", "us-russia 7")["measure"] = "nuclear"

    with pytest.raises(SeedDataError, match=r"provisions\[us-russia 7\]: measure: "):
        load_treaty_data(variant(change))


def test_a_slug_listed_twice_is_an_error(db, variant):
    def change(data):
        data["regions"].append({"slug": "georgia", "name": "Georgia (US state)", "kind": "zone"})

    with pytest.raises(SeedDataError, match=r"regions\[georgia\]: slug: 'georgia' is listed twice"):
        load_treaty_data(variant(change))


def test_a_key_given_twice_in_one_entry_is_an_error(db, tmp_path):
    path = tmp_path / "treaties.yaml"
    path.write_text(
        "parties:\n  - slug: a\n    slug: b\nregions: []\nweapon_classes: []\n"
        "treaties: []\nprovisions: []\n",
        encoding="utf-8",
    )
    with pytest.raises(SeedDataError, match=r"^treaties\.yaml: line 3, column 5: .*key 'slug'"):
        load_treaty_data(path)


def test_broken_yaml_raises_one_line_that_starts_with_the_file_name(db, tmp_path):
    path = tmp_path / "treaties.yaml"
    path.write_text("treaties: [unclosed", encoding="utf-8")
    with pytest.raises(SeedDataError, match=r"^treaties\.yaml: line \d+, column \d+: ") as raised:
        load_treaty_data(path)
    assert "\n" not in str(raised.value)


def test_a_missing_section_is_named(db, tmp_path):
    path = tmp_path / "treaties.yaml"
    path.write_text("parties: []\nregions: []\n", encoding="utf-8")
    with pytest.raises(SeedDataError, match="missing: weapon_classes, treaties, provisions"):
        load_treaty_data(path)


def test_seed_data_errors_are_value_errors():
    assert issubclass(SeedDataError, ValueError)


# --- provision references ---


@pytest.mark.parametrize(
    ("ref", "parts"),
    [
        ("russia-nato 7(2)", ("russia-nato", 7, 2)),
        ("us-russia 6", ("us-russia", 6, 0)),
        ("us-russia 4(1)", ("us-russia", 4, 1)),
        ("russia-nato 9", ("russia-nato", 9, 0)),
        ("russia-nato 12(10)", ("russia-nato", 12, 10)),
    ],
)
def test_a_provision_reference_parses_and_formats_back_to_itself(ref, parts):
    assert parse_provision_ref(ref) == parts
    assert format_provision_ref(*parts) == ref


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "us-russia",
        "us-russia 0",
        "us-russia 4(0)",
        "us-russia 04",
        "us-russia 4()",
        "us-russia 4(2",
        "us-russia 4(2)(1)",
        "us-russia 4 (2)",
        "us-russia  4",
        "US-Russia 4",
        "US–Russia Art. 4(2)",
        "us_russia 4",
        "us-russia 4.2",
        "4(2)",
        "us-russia -4",
        None,
        42,
    ],
)
def test_a_malformed_provision_reference_is_rejected(garbage):
    with pytest.raises(ValueError, match="provision reference"):
        parse_provision_ref(garbage)


@pytest.mark.parametrize(
    ("treaty", "article", "paragraph"),
    [("us-russia", 0, 0), ("us-russia", 4, -1), ("US Russia", 4, 1), ("us-russia", "4", 0)],
)
def test_a_reference_cannot_be_formatted_from_bad_parts(treaty, article, paragraph):
    with pytest.raises(ValueError, match=r"provision reference|cannot reference"):
        format_provision_ref(treaty, article, paragraph)


def test_every_loaded_provision_reference_round_trips(treaty_data):
    for provision in Provision.objects.select_related("treaty"):
        ref = format_provision_ref(provision.treaty.slug, provision.article, provision.paragraph)
        assert parse_provision_ref(ref) == (
            provision.treaty.slug,
            provision.article,
            provision.paragraph,
        )


# --- architecture ---


def test_the_seeding_module_does_not_import_the_articles_app():
    tree = ast.parse(Path(treaties.seeding.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert not {name for name in imported if name.split(".")[0] == "articles"}
