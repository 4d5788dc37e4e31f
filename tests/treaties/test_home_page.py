import pytest
from django.urls import reverse

from treaties.models import Provision

pytestmark = pytest.mark.usefixtures("seeded")


def test_home_page_lists_both_drafts_and_every_provision(client, django_assert_num_queries):
    # treaties + provisions (with evidence counts) + their bound parties, regions and
    # weapon classes: five queries whatever the number of provisions.
    with django_assert_num_queries(5):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "US–Russia" in page
    assert "Russia–NATO" in page
    for provision in Provision.objects.with_labels():
        assert provision.label in page
    assert "27 May 1997" in page
