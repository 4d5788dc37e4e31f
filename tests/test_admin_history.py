"""The admin's history of a record lists each change with who made it and what changed,
many-to-many attributes by the names of their members."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.editors import ensure_editors_group
from evidence.models import Evidence
from evidence.services import change_relation
from treaties.models import Provision, Region
from treaties.services import update_provision

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_user("alice", is_staff=True)
    user.groups.add(ensure_editors_group())
    client.force_login(user)
    return user


def history_page(client, instance):
    opts = instance._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[instance.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_provisions_history_names_the_members_added(client, editor):
    provision = Provision.objects.get(slug="us-russia-4-2")
    provision._history_user = editor
    update_provision(
        provision=provision,
        regions=[*provision.regions.all(), Region.objects.get(slug="georgia")],
    )
    page = history_page(client, provision)
    assert "<strong>Regions:</strong>" in page
    assert "[Former-USSR states outside NATO]" in page
    assert "[Former-USSR states outside NATO, Georgia]" in page
    assert ">alice</a>" in page


def test_a_regions_history_names_its_members(client, editor):
    region = Region.objects.get(slug="former-ussr-outside-nato")
    region._history_user = editor
    region.members.remove(Region.objects.get(slug="georgia"))
    page = history_page(client, region)
    assert "<strong>Members:</strong>" in page
    assert "Georgia" in page


def test_an_evidence_links_history_shows_its_changes(client, editor):
    evidence = Evidence.objects.filter(relation="reports").first()
    change_relation(evidence=evidence, relation="quotes", changed_by=editor)
    page = history_page(client, evidence)
    assert "<strong>Relation:</strong>" in page
    assert "reports" in page
    assert "quotes" in page
