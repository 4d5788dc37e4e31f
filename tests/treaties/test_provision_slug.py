import pytest

from treaties.models import Provision

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.mark.parametrize(
    ("slug", "label"),
    [("us-russia-4-2", "US–Russia Art. 4(2)"), ("russia-nato-4", "Russia–NATO Art. 4")],
)
def test_a_provision_slug_names_exactly_one_provision(slug, label):
    provision = Provision.objects.get_by_slug(slug)
    assert provision.label == label
    assert provision.slug == slug


@pytest.mark.parametrize("slug", ["us-russia-9", "us-russia", "4-2", "us-russia-4-2-1", "x\x00"])
def test_a_malformed_or_unknown_slug_names_no_provision(slug):
    with pytest.raises(Provision.DoesNotExist):
        Provision.objects.get_by_slug(slug)
