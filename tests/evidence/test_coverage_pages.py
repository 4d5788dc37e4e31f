"""The coverage matrix: provisions against outlets, and the provisions nobody reported."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("seeded")


def cells(response):
    return {
        (row.provision.slug, cell.outlet.slug): cell
        for row in response.context["matrix"].rows
        for cell in row.cells
    }


def test_the_matrix_reads_in_a_fixed_number_of_queries(client, django_assert_num_queries):
    # the provisions' count and page, the outlets, the page's cells, the outlets' totals
    # and the unreported provisions.
    with django_assert_num_queries(6):
        response = client.get(reverse("coverage"))
    assert response.status_code == 200
    matrix = response.context["matrix"]
    assert len(matrix.rows) == 21
    assert len(matrix.columns) == 5


def test_each_cell_counts_the_outlets_evidence_sentences(client):
    found = cells(client.get(reverse("coverage")))
    assert found["us-russia-4-1", "associated-press"].count == 3
    assert found["us-russia-4-2", "top-channel"].count == 3
    assert found["russia-nato-6", "associated-press"].count == 4
    assert found["us-russia-7", "civil-ge"].count == 2
    assert found["us-russia-7", "associated-press"].count == 0
    assert found["russia-nato-6", "associated-press"].level == 4


def test_a_cell_links_to_that_outlets_evidence_and_says_what_it_counts(client):
    page = client.get(reverse("coverage")).content.decode()
    assert (
        '<td class="heat-3"><a href="/provisions/us-russia-4-2/#outlet-top-channel" '
        'aria-label="US–Russia Art. 4(2): 3 sentences from Top Channel">3</a></td>'
    ) in page
    # An empty cell still prints its number: the shade is never the only signal.
    assert '<td class="heat-0"><span>0</span></td>' in page


def test_the_outlet_totals_count_the_provisions_each_reported(client):
    columns = {c.outlet.slug: c for c in client.get(reverse("coverage")).context["matrix"].columns}
    assert columns["civil-ge"].provision_count == 10
    assert columns["top-channel"].provision_count == 3


def test_the_provisions_no_outlet_reported_are_listed(client):
    response = client.get(reverse("coverage"))
    unreported = [p.slug for p in response.context["matrix"].unreported]
    assert unreported == [
        "russia-nato-1",
        "russia-nato-2",
        "russia-nato-3",
        "russia-nato-8",
        "russia-nato-9",
        "us-russia-1",
        "us-russia-2",
        "us-russia-3",
        "us-russia-5-3",
        "us-russia-8",
    ]
    page = response.content.decode()
    assert '<h2 id="unreported">Provisions no outlet reported (10)</h2>' in page


def test_the_matrix_takes_the_filters_of_the_provision_list(client, django_assert_num_queries):
    # The six of the whole matrix and the region's slug, checked once (its name, for the
    # summary, comes with it).
    with django_assert_num_queries(7):
        response = client.get(reverse("coverage"), {"region": "georgia"})
    assert response.status_code == 200
    rows = [row.provision.slug for row in response.context["matrix"].rows]
    assert rows == ["russia-nato-6", "russia-nato-7-1", "us-russia-4-1", "us-russia-4-2"]
    page = response.content.decode()
    assert "4 provisions restricting Georgia" in page
    assert 'href="/provisions/?region=georgia">Browse these provisions</a>' in page
    # Civil.ge reported all four, Top Channel three (not Russia–NATO 7(1)).
    columns = {c.outlet.slug: c.provision_count for c in response.context["matrix"].columns}
    assert (columns["civil-ge"], columns["top-channel"]) == (4, 3)
    assert response.context["matrix"].unreported_count == 0


def test_a_bad_filter_on_the_matrix_is_a_400_with_its_message(client):
    response = client.get(reverse("coverage"), {"weapon_class": "lasers"})
    assert response.status_code == 400
    assert "<code>weapon_class</code>: Unknown weapon class &#x27;lasers&#x27;." in (
        response.content.decode()
    )


def test_the_browse_page_links_the_matrix_of_the_same_provisions(client):
    page = client.get(reverse("provision-list"), {"region": "georgia"}).content.decode()
    assert '<a href="/coverage/?region=georgia">Coverage matrix</a>' in page
