"""A provision's slug is stored, follows its treaty, article and paragraph, and names it."""

import pytest
from django.db import IntegrityError

from treaties.models import Provision

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.mark.parametrize(
    ("slug", "label"),
    [("us-russia-4-2", "US–Russia Art. 4(2)"), ("russia-nato-4", "Russia–NATO Art. 4")],
)
def test_a_provision_slug_names_exactly_one_provision(slug, label):
    provision = Provision.objects.get(slug=slug)
    assert provision.label == label
    assert provision.slug == slug


@pytest.mark.parametrize("slug", ["us-russia-9", "us-russia", "4-2", "us-russia-4-2-1"])
def test_an_unknown_slug_names_no_provision(slug):
    with pytest.raises(Provision.DoesNotExist):
        Provision.objects.get(slug=slug)


@pytest.mark.parametrize("path", ["/provisions/us-russia-9/", "/api/provisions/x%00/"])
def test_an_unknown_or_malformed_slug_in_an_address_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_the_slug_follows_a_change_of_article_or_paragraph():
    provision = Provision.objects.get(slug="russia-nato-7-2")
    provision.paragraph = 3
    provision.save()
    assert Provision.objects.get(pk=provision.pk).slug == "russia-nato-7-3"


def test_two_provisions_cannot_share_a_slug():
    provision = Provision.objects.get(slug="russia-nato-7-2")
    with pytest.raises(IntegrityError):
        Provision.objects.filter(slug="russia-nato-7-1").update(slug=provision.slug)
