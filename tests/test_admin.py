"""The admin lets an editor reach and edit every model."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.editors import ensure_editors_group
from treaties.models import Provision

pytestmark = pytest.mark.usefixtures("seeded")

# The history tables are shown through their model's admin ("History" button), not on their own.
DOMAIN_MODELS = [
    model
    for app in ("treaties", "articles")
    for model in apps.get_app_config(app).get_models()
    if not model.__name__.startswith("Historical")
]


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(ensure_editors_group())
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m.__name__)
def test_every_model_has_a_working_changelist_and_change_page(editor_client, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert editor_client.get(changelist).status_code == 200
    assert editor_client.get(changelist, {"q": "Ukraine"}).status_code == 200
    instance = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk])
    assert editor_client.get(change).status_code == 200


def provision_change_form(editor_client, provision):
    """The admin's change form for `provision` as an editor's browser would submit it."""
    url = reverse("admin:treaties_provision_change", args=[provision.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "treaty": provision.treaty_id,
            "summary": "Corrected summary.",
            "bound_parties": [p.pk for p in provision.bound_parties.all()],
            "regions": [r.pk for r in provision.regions.all()],
            "weapon_classes": [w.pk for w in provision.weapon_classes.all()],
            "related": [r.pk for r in provision.related.all()],
            "baseline_date": "1997-05-27",
        }
    )
    return url, data


def test_an_editor_can_correct_a_provision_summary(editor_client):
    provision = Provision.objects.get(treaty__slug="russia-nato", article=4)
    url, data = provision_change_form(editor_client, provision)
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    provision.refresh_from_db()
    assert provision.summary == "Corrected summary."
    assert provision.version == 2


def test_saving_over_another_editors_change_is_refused_with_a_message(editor_client):
    provision = Provision.objects.get(treaty__slug="russia-nato", article=4)
    url, opened_by_both = provision_change_form(editor_client, provision)
    assert opened_by_both["based_on_version"] == 1
    first = editor_client.post(url, {**opened_by_both, "title": "First editor's title"})
    assert first.status_code == 302

    second = editor_client.post(url, {**opened_by_both, "summary": "Second editor's summary"})

    assert second.status_code == 200
    errors = second.context["adminform"].form.non_field_errors()
    assert errors == [
        "Russia–NATO Art. 4 was changed by someone else since version 1 (it is now at version "
        "2); reload it and apply your change again."
    ]
    provision.refresh_from_db()
    assert (provision.title, provision.version) == ("First editor's title", 2)
    assert provision.summary != "Second editor's summary"


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:treaties_provision_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
