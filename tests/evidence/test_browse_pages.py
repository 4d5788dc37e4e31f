"""The provision browser at /provisions/: the shared filter grammar, facets, permalinks."""

import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from core.filters import FACET_VALUES_SHOWN, FacetValue, facet_group
from evidence.facets import browse_state
from evidence.selectors import provision_filters, provision_list

pytestmark = pytest.mark.usefixtures("seeded")

URL = reverse("provision-list")


def listed(response) -> list[str]:
    return [provision.slug for provision in response.context["page"].object_list]


def test_without_filters_every_provision_of_both_drafts_is_listed(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert len(listed(response)) == 21
    assert "All 21 provisions of both drafts" in response.content.decode()


def test_georgia_finds_the_provisions_on_every_group_that_contains_it(client):
    response = client.get(URL, {"region": "georgia"})
    assert response.status_code == 200
    # US–Russia 4(1) via the former USSR, 4(2) via the former-USSR states outside NATO,
    # Russia–NATO 6 via the states outside NATO, 7(1) via the South Caucasus.
    assert sorted(listed(response)) == [
        "russia-nato-6",
        "russia-nato-7-1",
        "us-russia-4-1",
        "us-russia-4-2",
    ]
    page = response.content.decode()
    assert "4 provisions restricting Georgia" in page
    assert "US–Russia Art. 4(2)" in page
    assert "Russia–NATO Art. 7(1)" in page
    assert "Russia–NATO Art. 4</span>" not in page


def test_intermediate_range_missiles_finds_exactly_the_two_missile_articles(client):
    response = client.get(URL, {"weapon_class": "intermediate-range-missiles"})
    assert sorted(listed(response)) == ["russia-nato-5", "us-russia-6"]
    assert "about intermediate-range missiles" in response.content.decode()


def test_active_filters_read_as_one_sentence(client):
    response = client.get(URL, {"region": "georgia", "weapon_class": "missiles"})
    assert response.status_code == 200
    assert listed(response) == []
    page = response.content.decode()
    assert "0 provisions restricting Georgia, about missiles" in page
    assert "No provision matches all of these filters" in page


def test_every_active_filter_has_a_link_that_removes_only_it(client):
    response = client.get(URL, {"region": "georgia", "weapon_class": "missiles"})
    page = response.content.decode()
    remove_georgia = 'aria-label="Remove the filter: restricting Georgia"'
    assert f'href="/provisions/?weapon_class=missiles" {remove_georgia}' in page
    assert (
        'href="/provisions/?region=georgia" aria-label="Remove the filter: about missiles"' in page
    )


def test_ordering_by_sources_puts_the_provisions_no_outlet_reported_first(client):
    response = client.get(URL, {"ordering": "sources"})
    provisions = list(response.context["page"].object_list)
    assert [p.source_count for p in provisions[:10]] == [0] * 10
    assert provisions[10].source_count > 0
    assert "Least reported first" in response.content.decode()


def test_the_sources_facet_counts_the_provisions_no_outlet_reported(client):
    response = client.get(URL)
    state = response.context["state"]
    assert state.unreported_count == 10
    assert 'href="/provisions/?ordering=sources"' in response.content.decode()


def test_repeated_checkboxes_and_empty_fields_redirect_to_the_comma_list_permalink(client):
    response = client.get(URL + "?search=&region=georgia&region=ukraine&ordering=&has_baseline=")
    assert response.status_code == 302
    assert response["Location"] == "/provisions/?region=georgia,ukraine"


def test_an_htmx_request_is_answered_in_place_and_pushes_the_permalink(client):
    response = client.get(
        URL + "?search=&region=georgia&region=ukraine", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Push-Url"] == "/provisions/?region=georgia,ukraine"
    assert "HX-Request" in response["Vary"]
    assert 'id="results"' in response.content.decode()


def test_the_page_links_its_json_and_csv_twins_for_the_same_filter(client):
    page = client.get(URL, {"region": "georgia", "ordering": "-sources"}).content.decode()
    json_url = "/api/provisions/?region=georgia&amp;ordering=-sources"
    assert f'<link rel="alternate" type="application/json" href="{json_url}"' in page
    assert f'<link rel="alternate" type="text/csv" href="{json_url}&amp;format=csv"' in page
    assert f'<a href="{json_url}" type="application/json">JSON</a>' in page


def test_an_unknown_region_is_a_400_naming_the_parameter_and_the_valid_ones(
    client, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = client.get(URL, {"region": "atlantis"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This filter cannot be read" in page
    assert "<code>region</code>: Unknown region &#x27;atlantis&#x27;." in page
    assert "<code>weapon_class</code>" in page
    assert "<code>min_sources</code>" in page


def test_an_unknown_parameter_is_a_400_not_an_unfiltered_list(client):
    response = client.get(URL, {"colour": "red"})
    assert response.status_code == 400
    assert "<code>colour</code>: Unknown parameter." in response.content.decode()
    assert "page" not in response.context


@pytest.mark.parametrize("value", ["abc", "0", "9"])
def test_a_page_number_that_is_not_there_is_a_400(client, value):
    response = client.get(URL, {"page": value})
    assert response.status_code == 400
    assert "<code>page</code>" in response.content.decode()


def test_a_nul_byte_in_the_search_is_a_400(client):
    response = client.get(URL, {"search": "bases\x00"})
    assert response.status_code == 400


def test_search_words_are_marked_in_the_results(client):
    response = client.get(URL, {"search": "bases"})
    assert "us-russia-4-2" in listed(response)
    assert "<mark>bases</mark>" in response.content.decode()


def test_the_page_reads_in_a_fixed_number_of_queries(client, django_assert_num_queries):
    # Results: count, page, bound parties, regions, weapon classes, related (6). Facets, each
    # counted by its own filter (13): the drafts, the kinds of obligation, the baselines,
    # the numbers of sources and the outlets (one each); the parties and the regions (the
    # tags, the memberships, the names: three each); the weapon classes (the tags, the tree
    # with its names: two).
    with django_assert_num_queries(19):
        assert client.get(URL).status_code == 200


def test_each_active_parameter_adds_its_own_fixed_queries(client, django_assert_num_queries):
    # The 19 of the plain page, the region and weapon-class slugs checked once (2), and the
    # weapon-class tree the filter reads once for the results and every facet (1).
    with django_assert_num_queries(22):
        response = client.get(URL, {"region": "georgia", "weapon_class": "military-bases"})
    assert listed(response) == ["us-russia-4-2"]


FILTER_STATES = [
    {},
    {"region": "georgia"},
    {"treaty": "us-russia", "weapon_class": "missiles"},
    {"outlet": "civil-ge", "has_baseline": "false", "min_sources": "2"},
    {"search": "NATO", "party": "germany"},
]


@pytest.mark.parametrize("filters", FILTER_STATES)
def test_a_facet_count_is_what_choosing_that_value_instead_would_list(filters):
    """Each count equals the length of the list with that facet's parameter set to the
    value and every other parameter kept: the counts never promise what a click breaks."""
    query = QueryDict(mutable=True)
    query.update(filters)
    state = browse_state(provision_filters(query))
    checked = 0
    for facet in state.facets:
        for group in facet.groups:
            for value in group.values:
                replaced = {**filters, facet.name: value.value}
                assert value.count == provision_list(filters=replaced).count(), (
                    facet.name,
                    value.value,
                )
                checked += 1
        if not facet.multiple:
            without = {k: v for k, v in filters.items() if k != facet.name}
            assert facet.any_count == provision_list(filters=without).count()
    assert checked > 10


def test_the_facets_show_georgia_among_the_countries_with_its_count(client):
    page = client.get(URL).content.decode()
    georgia = re.search(
        r'value="georgia"[^>]*>\s*<span class="name">Georgia</span>\s*'
        r'<span class="count"><span class="visually-hidden">: </span>(\d+)',
        page,
    )
    assert georgia is not None
    assert georgia.group(1) == "4"


def test_a_selected_value_stays_checked_and_first_in_its_list(client):
    response = client.get(URL, {"region": "georgia"})
    region = next(f for f in response.context["state"].facets if f.name == "region")
    countries = region.groups[1].values
    assert countries[0].value == "georgia"
    assert countries[0].selected
    assert 'value="georgia" checked' in response.content.decode()


def test_parameters_without_a_control_ride_along_as_hidden_fields(client):
    page = client.get(URL, {"article": "4"}).content.decode()
    assert '<input type="hidden" name="article" value="4">' in page
    assert "in article 4" in page


def test_a_very_long_facet_list_shows_the_values_that_find_the_most():
    values = [FacetValue(f"v{n}", f"Value {n}", count=n, selected=False) for n in range(60)]
    values[3].selected = True
    group = facet_group("", values)
    assert len(group.values) == FACET_VALUES_SHOWN
    # Value 0 finds nothing; of the other 59, the 39 finding most and the selected one stay.
    assert group.hidden == 59 - FACET_VALUES_SHOWN
    assert [v.value for v in group.values][:2] == ["v3", "v21"]
    assert [v.count for v in group.values] == sorted(v.count for v in group.values)
