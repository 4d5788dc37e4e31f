"""Every provision filter, alone and combined, against the seed data."""

import pytest

from tests.api.helpers import slugs

pytestmark = pytest.mark.usefixtures("seeded")

ALL_US_RUSSIA = [
    "us-russia-1",
    "us-russia-2",
    "us-russia-3",
    "us-russia-4-1",
    "us-russia-4-2",
    "us-russia-5-1",
    "us-russia-5-2",
    "us-russia-5-3",
    "us-russia-6",
    "us-russia-7",
    "us-russia-8",
]
ALL_RUSSIA_NATO = [
    "russia-nato-1",
    "russia-nato-2",
    "russia-nato-3",
    "russia-nato-4",
    "russia-nato-5",
    "russia-nato-6",
    "russia-nato-7-1",
    "russia-nato-7-2",
    "russia-nato-8",
    "russia-nato-9",
]


def provisions(client, query=""):
    return slugs(client.get(f"/api/provisions/?page_size=100&{query}"))


def test_the_unfiltered_list_has_all_21_provisions_in_treaty_and_article_order(client):
    assert provisions(client) == ALL_RUSSIA_NATO + ALL_US_RUSSIA


def test_treaty_filter_keeps_one_draft(client):
    assert provisions(client, "treaty=us-russia") == ALL_US_RUSSIA


def test_a_comma_list_of_treaties_matches_either(client):
    assert provisions(client, "treaty=us-russia,russia-nato") == ALL_RUSSIA_NATO + ALL_US_RUSSIA


def test_article_filter_finds_article_4_of_both_drafts_with_its_paragraphs(client):
    assert provisions(client, "article=4") == ["russia-nato-4", "us-russia-4-1", "us-russia-4-2"]


def test_a_comma_list_of_articles_matches_any(client):
    assert provisions(client, "treaty=us-russia&article=6,7") == ["us-russia-6", "us-russia-7"]


def test_the_intermediate_range_missile_filter_returns_exactly_the_two_missile_articles(client):
    assert provisions(client, "weapon_class=intermediate-range-missiles") == [
        "russia-nato-5",
        "us-russia-6",
    ]


def test_a_parent_weapon_class_matches_provisions_tagged_with_its_children(client):
    # Neither missile article is tagged "missiles" itself, only its sub-classes.
    assert provisions(client, "weapon_class=missiles") == ["russia-nato-5", "us-russia-6"]


def test_the_exercise_filter_finds_the_brigade_level_ban(client):
    assert "russia-nato-7-2" in provisions(client, "weapon_class=military-exercises")


def test_the_1997_baseline_returns_exactly_russia_nato_article_4(client):
    assert provisions(client, "baseline_date=1997-05-27") == ["russia-nato-4"]


def test_a_baseline_date_no_provision_has_returns_nothing(client):
    assert provisions(client, "baseline_date=1997-05-28") == []


def test_baseline_before_and_after_are_strict(client):
    assert provisions(client, "baseline_before=2000-01-01") == ["russia-nato-4"]
    assert provisions(client, "baseline_before=1997-05-27") == []
    assert provisions(client, "baseline_after=1997-05-26") == ["russia-nato-4"]
    assert provisions(client, "baseline_after=1997-05-27") == []


def test_has_baseline_splits_the_provisions_in_two(client):
    with_baseline = provisions(client, "has_baseline=true")
    without = provisions(client, "has_baseline=false")
    assert with_baseline == ["russia-nato-4"]
    assert len(without) == 20
    assert "russia-nato-4" not in without


def test_region_georgia_finds_the_provisions_restricting_the_former_ussr_and_south_caucasus(
    client,
):
    # us-russia 4(1): former USSR; 4(2): former USSR outside NATO; russia-nato 7(1): the South
    # Caucasus; russia-nato 6: states outside NATO. Georgia is a member of each.
    assert provisions(client, "region=georgia") == [
        "russia-nato-6",
        "russia-nato-7-1",
        "us-russia-4-1",
        "us-russia-4-2",
    ]


def test_a_group_region_finds_only_provisions_tagged_with_it_or_a_group_containing_it(client):
    assert provisions(client, "region=south-caucasus") == ["russia-nato-7-1"]


def test_a_baltic_state_is_in_the_former_ussr_the_1997_zone_and_the_border_zone(client):
    assert provisions(client, "region=estonia") == [
        "russia-nato-4",
        "russia-nato-7-1",
        "russia-nato-7-2",
        "us-russia-4-1",
    ]


def test_party_germany_a_member_of_the_nato_groups_finds_every_russia_nato_provision(client):
    assert provisions(client, "party=germany") == ALL_RUSSIA_NATO


def test_party_poland_which_joined_nato_after_1997_is_not_bound_by_article_4(client):
    found = provisions(client, "party=poland")
    assert "russia-nato-4" not in found
    assert found == [slug for slug in ALL_RUSSIA_NATO if slug != "russia-nato-4"]


def test_party_united_states_is_bound_by_both_drafts(client):
    assert provisions(client, "party=united-states") == ALL_RUSSIA_NATO + ALL_US_RUSSIA


def test_measure_filter_finds_the_membership_provisions(client):
    assert provisions(client, "measure=membership") == ["russia-nato-6", "us-russia-4-1"]


def test_outlet_civil_ge_finds_the_provisions_it_reported(client):
    assert provisions(client, "outlet=civil-ge") == [
        "russia-nato-4",
        "russia-nato-5",
        "russia-nato-6",
        "russia-nato-7-1",
        "us-russia-4-1",
        "us-russia-4-2",
        "us-russia-5-1",
        "us-russia-5-2",
        "us-russia-6",
        "us-russia-7",
    ]


def test_min_sources_3_finds_the_provisions_that_three_outlets_reported(client):
    assert provisions(client, "min_sources=3") == [
        "russia-nato-4",
        "russia-nato-5",
        "russia-nato-6",
        "us-russia-4-1",
        "us-russia-4-2",
        "us-russia-5-2",
        "us-russia-6",
    ]
    assert provisions(client, "min_sources=5") == ["us-russia-4-1", "us-russia-4-2"]


def test_search_missiles_finds_the_missile_articles_and_the_one_a_sentence_pairs_with_them(
    client,
):
    # us-russia 7 (nuclear weapons) is found through its evidence: a Civil.ge sentence
    # reports missiles and nuclear weapons together.
    assert provisions(client, "search=missiles") == ["russia-nato-5", "us-russia-6", "us-russia-7"]


def test_search_needs_every_word(client):
    assert provisions(client, "search=bombers warships") == ["us-russia-5-2"]


def test_filters_on_different_fields_must_all_match(client):
    assert provisions(client, "treaty=us-russia&measure=deployment") == [
        "us-russia-5-1",
        "us-russia-5-2",
        "us-russia-6",
    ]
    assert provisions(client, "weapon_class=missiles&treaty=russia-nato") == ["russia-nato-5"]
    assert provisions(client, "region=georgia&party=germany") == [
        "russia-nato-6",
        "russia-nato-7-1",
    ]
    assert provisions(client, "outlet=civil-ge&min_sources=5&article=4") == [
        "us-russia-4-1",
        "us-russia-4-2",
    ]


def test_ordering_by_sources_descending_keeps_article_order_among_ties(client):
    found = results_of(client, "ordering=-sources&min_sources=3")
    assert [(row["slug"], row["source_count"]) for row in found] == [
        ("us-russia-4-1", 5),
        ("us-russia-4-2", 5),
        ("russia-nato-4", 4),
        ("russia-nato-6", 4),
        ("russia-nato-5", 3),
        ("us-russia-5-2", 3),
        ("us-russia-6", 3),
    ]


def test_ordering_by_several_keys(client):
    assert provisions(client, "ordering=-treaty,-article&article=4,5") == [
        "us-russia-5-1",
        "us-russia-5-2",
        "us-russia-5-3",
        "us-russia-4-1",
        "us-russia-4-2",
        "russia-nato-5",
        "russia-nato-4",
    ]


def test_an_empty_value_means_no_filter_on_that_field(client):
    assert provisions(client, "treaty=&region=") == ALL_RUSSIA_NATO + ALL_US_RUSSIA


def results_of(client, query):
    response = client.get(f"/api/provisions/?page_size=100&{query}")
    assert response.status_code == 200
    return response.json()["results"]
