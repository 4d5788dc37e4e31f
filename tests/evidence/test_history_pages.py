"""A provision's history on the site: public, naming editors to editors only, and revertible
by editors through a confirmation step."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from core.editors import ensure_editors_group
from evidence.views.history import ENTRIES_PER_PAGE
from treaties.history import provision_history
from treaties.models import Provision, Region
from treaties.services import update_provision

pytestmark = pytest.mark.usefixtures("seeded")

SLUG = "us-russia-4-2"
HISTORY = reverse("provision-history", args=[SLUG])
DETAIL = reverse("provision-detail", args=[SLUG])


@pytest.fixture
def provision():
    return Provision.objects.with_labels().get(slug=SLUG)


@pytest.fixture
def editor():
    user = get_user_model().objects.create_user("alice")
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def corrected(provision, editor):
    """The provision as an editor corrected it: a new title, and Georgia added."""
    provision._history_user = editor
    return update_provision(
        provision=provision,
        title="No US bases in former Soviet states",
        regions=[*provision.regions.all(), Region.objects.get(slug="georgia")],
    )


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def revert_url(provision, history_id):
    return reverse("provision-revert", args=[provision.slug, history_id])


def first_version(provision):
    return provision_history(provision)[-1].provision_history_id


def test_anyone_reads_what_changed_but_not_who_changed_it(client, corrected):
    response = client.get(HISTORY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>History of US–Russia Art. 4(2)</h1>" in page
    assert '<span class="change-label">Title</span>' in page
    assert "No US bases<del> or military cooperation</del> in<del> non-NATO</del> former" in page
    assert '<span class="change-label">Restricts</span>' in page
    assert "added <ins>Georgia</ins>" in page
    assert "alice" not in page
    assert "Revert to this version" not in page


def test_editors_see_who_made_each_change_and_may_revert(corrected, editor):
    page = signed_in(editor).get(HISTORY).content.decode()
    assert "by alice" in page
    assert "by the data import" in page
    # Every version but the current one can be gone back to.
    assert page.count("Revert to this version") == 1
    assert f'href="{revert_url(corrected, first_version(corrected))}"' in page


def test_the_provision_page_shows_the_latest_corrections_and_links_the_rest(client, corrected):
    page = client.get(DETAIL).content.decode()
    assert '<h2 id="history-heading">Corrections</h2>' in page
    assert "added <ins>Georgia</ins>" in page
    assert f'href="{HISTORY}"' in page


def test_a_long_history_is_paged(client, provision, editor):
    for number in range(ENTRIES_PER_PAGE + 1):
        # Alternating editors, so that each change is an entry of its own.
        provision._history_user = editor if number % 2 else None
        update_provision(provision=provision, title=f"Title {number}")
    page = client.get(HISTORY).content.decode()
    assert page.count('<li class="edit">') == ENTRIES_PER_PAGE
    assert f'href="{HISTORY}?page=2" rel="next"' in page
    assert client.get(HISTORY, {"page": 2}).status_code == 200


@pytest.mark.parametrize(
    ("query", "parameter"),
    [({"page": "-1"}, "page"), ({"page": "9"}, "page"), ({"page_size": "5"}, "page_size")],
)
def test_a_page_that_is_not_there_is_a_400_naming_the_parameter(client, query, parameter):
    response = client.get(HISTORY, query)
    assert response.status_code == 400
    assert f"<code>{parameter}</code>" in response.content.decode()


def test_an_unknown_provision_has_no_history(client):
    assert client.get(reverse("provision-history", args=["us-russia-99"])).status_code == 404


def test_the_history_page_reads_in_a_fixed_number_of_queries(
    client, corrected, editor, django_assert_num_queries
):
    # provision; its recorded rows; the members of every row's attributes; the names of the
    # vocabulary and of the parallel provisions; its evidence rows; their sentences.
    with django_assert_num_queries(7):
        assert client.get(HISTORY).status_code == 200
    editor_client = signed_in(editor)
    # The same, plus the session, the user and the group check.
    with django_assert_num_queries(10):
        assert editor_client.get(HISTORY).status_code == 200


def test_more_changes_do_not_add_queries(client, corrected, editor, django_assert_num_queries):
    corrected._history_user = None
    update_provision(provision=corrected, weapon_classes=[], related=[])
    with django_assert_num_queries(7):
        assert client.get(HISTORY).status_code == 200


# --- Revert ---


def test_visitors_are_sent_to_sign_in_before_reverting(client, corrected):
    url = revert_url(corrected, first_version(corrected))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    assert client.post(url, {"version": corrected.version}).status_code == 302


def test_signed_in_non_editors_may_not_revert(corrected):
    reader = signed_in(get_user_model().objects.create_user("reader"))
    url = revert_url(corrected, first_version(corrected))
    assert reader.get(url).status_code == 403
    assert reader.post(url, {"version": corrected.version}).status_code == 403
    assert Provision.objects.get(pk=corrected.pk).title == "No US bases in former Soviet states"


def test_an_editor_confirms_what_a_revert_will_change(corrected, editor):
    response = signed_in(editor).get(revert_url(corrected, first_version(corrected)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Revert to the version of" in page
    assert "removed <del>Georgia</del>" in page
    assert f'name="version" value="{corrected.version}"' in page
    assert "csrfmiddlewaretoken" in page


def test_an_editor_reverts_and_the_revert_shows_in_the_history(corrected, editor):
    client = signed_in(editor)
    url = revert_url(corrected, first_version(corrected))
    response = client.post(url, {"version": corrected.version})
    assert response.status_code == 302
    assert response["Location"] == HISTORY
    reverted = Provision.objects.get(pk=corrected.pk)
    assert reverted.title == "No US bases or military cooperation in non-NATO former Soviet states"
    assert not reverted.regions.filter(slug="georgia").exists()
    assert reverted.version == corrected.version + 1
    page = client.get(HISTORY).content.decode()
    assert "is back to the version of" in page
    assert "Reverted to the version of" in page


def test_a_revert_needs_the_csrf_token(corrected, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    url = revert_url(corrected, first_version(corrected))
    assert client.post(url, {"version": corrected.version}).status_code == 403


def test_a_revert_over_a_newer_change_is_refused_with_a_message(corrected, editor):
    client = signed_in(editor)
    url = revert_url(corrected, first_version(corrected))
    seen = corrected.version
    update_provision(provision=corrected, title="Changed in the meantime")
    response = client.post(url, {"version": seen})
    assert response.status_code == 409
    assert "was changed by someone else since version" in response.content.decode()
    assert Provision.objects.get(pk=corrected.pk).title == "Changed in the meantime"


def test_a_version_of_another_provision_is_not_found(corrected, editor):
    other = Provision.objects.get(slug="russia-nato-4").history.first()
    response = signed_in(editor).get(revert_url(corrected, other.history_id))
    assert response.status_code == 404
