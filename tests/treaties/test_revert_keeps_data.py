"""A revert restores exactly the version it names, and an edit then a revert leaves the data as
it was: every history record holds the provision's attributes, parallel links on both sides."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.editors import ensure_editors_group
from tests.test_admin import provision_change_form
from treaties.history import revert_provision
from treaties.models import Provision
from treaties.services import update_provision

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(ensure_editors_group())
    client.force_login(user)
    return client


def treaty_data() -> dict:
    """Every provision's fields and attributes (its version aside), by slug."""
    state = {}
    for provision in Provision.objects.with_labels().prefetch_related(*Provision.RELATIONS):
        fields = {
            field.attname: getattr(provision, field.attname)
            for field in Provision._meta.concrete_fields
            if field.name != "version"
        }
        relations = {
            name: sorted(member.pk for member in getattr(provision, name).all())
            for name in Provision.RELATIONS
        }
        state[provision.slug] = {**fields, **relations}
    return state


def recorded_attributes(record) -> dict:
    return {
        name: sorted(getattr(row, f"{target}_id") for row in getattr(record, name).all())
        for name, target in [
            ("bound_parties", "party"),
            ("regions", "region"),
            ("weapon_classes", "weaponclass"),
            ("related", "to_provision"),
        ]
    }


def first_record(provision):
    return provision.history.order_by("history_date", "history_id").first()


def test_the_first_record_of_every_seeded_provision_holds_all_its_attributes():
    data = treaty_data()
    for provision in Provision.objects.with_labels():
        expected = {name: data[provision.slug][name] for name in Provision.RELATIONS}
        assert recorded_attributes(first_record(provision)) == expected, provision.label
        assert provision.history.count() == 1, provision.label


def test_a_parallel_link_is_recorded_on_both_sides(editor_client):
    treaty_4_1 = Provision.objects.with_labels().get(slug="us-russia-4-1")
    nato_7_1 = Provision.objects.with_labels().get(slug="russia-nato-7-1")
    update_provision(provision=treaty_4_1, related=[*treaty_4_1.related.all(), nato_7_1])

    latest = nato_7_1.history.order_by("-history_date", "-history_id").first()
    assert treaty_4_1.pk in recorded_attributes(latest)["related"]
    assert latest.history_change_reason == "Parallel link changed on US–Russia Art. 4(1)"


def test_every_seeded_provision_edited_in_the_admin_then_reverted_is_as_it_was(editor_client):
    before = treaty_data()
    for provision in Provision.objects.with_labels().order_by("pk"):
        url, data = provision_change_form(editor_client, provision)
        data.update(title=f"{provision.title} (edited)", summary=provision.summary)
        data["baseline_date"] = provision.baseline_date or ""
        response = editor_client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors

        provision.refresh_from_db()
        revert = reverse("provision-revert", args=[provision.slug, first_record(provision).pk])
        response = editor_client.post(revert, {"version": provision.version})
        assert response.status_code == 302, provision.label

        assert treaty_data() == before, provision.label


def test_a_revert_to_a_version_without_a_parallel_link_removes_it_from_both_sides():
    treaty_6 = Provision.objects.with_labels().get(slug="us-russia-6")
    nato_5 = Provision.objects.with_labels().get(slug="russia-nato-5")
    assert list(treaty_6.related.all()) == [nato_5]
    update_provision(provision=treaty_6, related=[])
    without_link = treaty_6.history.order_by("-history_date", "-history_id").first()
    update_provision(provision=treaty_6, related=[nato_5])
    latest = nato_5.history.order_by("-history_date", "-history_id").first()
    assert recorded_attributes(latest)["related"] == [treaty_6.pk]

    revert_provision(provision=treaty_6, to_history_id=without_link.pk, user=None)

    assert list(nato_5.related.all()) == []
    latest = nato_5.history.order_by("-history_date", "-history_id").first()
    assert recorded_attributes(latest)["related"] == []


def test_the_admins_revert_opens_the_sites_revert_page(editor_client):
    provision = Provision.objects.with_labels().get(slug="russia-nato-4")
    record = first_record(provision)
    url = reverse("admin:treaties_provision_simple_history", args=[provision.pk, record.pk])
    response = editor_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("provision-revert", args=[provision.slug, record.pk])
