"""The curated treaty data says what the fact sheet says (shared/facts/draft-treaties.md)."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from treaties.models import Party, Provision, Region, Treaty, WeaponClass
from treaties.seeding import load_treaty_data, parse_provision_ref

TREATY_FILE = Path(settings.BASE_DIR) / "seeds" / "treaties.yaml"

US_RUSSIA = ["1", "2", "3", "4(1)", "4(2)", "5(1)", "5(2)", "5(3)", "6", "7", "8"]
RUSSIA_NATO = ["1", "2", "3", "4", "5", "6", "7(1)", "7(2)", "8", "9"]
ALL_REFS = [f"us-russia {n}" for n in US_RUSSIA] + [f"russia-nato {n}" for n in RUSSIA_NATO]

BOTH = {"united-states", "russia"}
ALL_RUSSIA_NATO = {"russia", "nato-member-states"}
BOUND_PARTIES = {
    **{f"us-russia {n}": BOTH for n in US_RUSSIA},
    "us-russia 4(1)": {"united-states"},
    "us-russia 4(2)": {"united-states"},
    **{f"russia-nato {n}": ALL_RUSSIA_NATO for n in RUSSIA_NATO},
    "russia-nato 4": {"russia", "nato-members-1997"},
    "russia-nato 6": {"nato-member-states"},
    "russia-nato 7(1)": {"nato-member-states"},
}

NATO_1997 = {
    "belgium",
    "canada",
    "denmark",
    "france",
    "germany",
    "greece",
    "iceland",
    "italy",
    "luxembourg",
    "netherlands",
    "norway",
    "portugal",
    "spain",
    "turkey",
    "united-kingdom",
    "united-states",
}
NATO_2021 = NATO_1997 | {
    "czech-republic",
    "hungary",
    "poland",
    "bulgaria",
    "estonia",
    "latvia",
    "lithuania",
    "romania",
    "slovakia",
    "slovenia",
    "albania",
    "croatia",
    "montenegro",
    "north-macedonia",
}
FORMER_USSR = {
    "armenia",
    "azerbaijan",
    "belarus",
    "estonia",
    "georgia",
    "kazakhstan",
    "kyrgyzstan",
    "latvia",
    "lithuania",
    "moldova",
    "russia",
    "tajikistan",
    "turkmenistan",
    "ukraine",
    "uzbekistan",
}

# Parallel provisions of the two drafts.
RELATED_PAIRS = {
    ("us-russia 1", "russia-nato 1"),
    ("us-russia 4(1)", "russia-nato 6"),
    ("us-russia 4(2)", "russia-nato 7(1)"),
    ("us-russia 5(1)", "russia-nato 4"),
    ("us-russia 5(3)", "russia-nato 3"),
    ("us-russia 6", "russia-nato 5"),
    ("us-russia 8", "russia-nato 9"),
}


@pytest.fixture
def treaty_data(db):
    return load_treaty_data(TREATY_FILE)


pytestmark = pytest.mark.usefixtures("treaty_data")


def provision(ref):
    treaty, article, paragraph = parse_provision_ref(ref)
    return Provision.objects.select_related("treaty").get(
        treaty__slug=treaty, article=article, paragraph=paragraph
    )


def ref_of(p):
    number = f"{p.article}({p.paragraph})" if p.paragraph else str(p.article)
    return f"{p.treaty.slug} {number}"


def slugs(queryset):
    return set(queryset.values_list("slug", flat=True))


def with_descendants(slug):
    """The weapon class and every class below it, as a filter "including children" sees it."""
    found = {slug}
    frontier = {slug}
    while frontier:
        frontier = slugs(WeaponClass.objects.filter(parent__slug__in=frontier)) - found
        found |= frontier
    return found


# --- the two drafts ---


@pytest.mark.parametrize(("slug", "articles"), [("us-russia", 8), ("russia-nato", 9)])
def test_each_draft_has_its_articles_and_every_one_of_them_has_a_provision(slug, articles):
    treaty = Treaty.objects.get(slug=slug)
    assert treaty.article_count == articles
    numbers = set(treaty.provisions.values_list("article", flat=True))
    assert numbers == set(range(1, articles + 1))


def test_the_provisions_are_exactly_the_rows_of_the_fact_sheet():
    loaded = {ref_of(p) for p in Provision.objects.select_related("treaty")}
    assert loaded == set(ALL_REFS)
    assert Provision.objects.filter(treaty__slug="us-russia").count() == 11
    assert Provision.objects.filter(treaty__slug="russia-nato").count() == 10


def test_both_drafts_were_proposed_by_russia_handed_over_and_published_in_december_2021():
    for treaty in Treaty.objects.all():
        assert treaty.proposer.slug == "russia"
        assert treaty.handed_over == datetime.date(2021, 12, 15)
        assert treaty.published == datetime.date(2021, 12, 17)
        assert treaty.status == Treaty.Status.DRAFT
        assert treaty.source_url.startswith("https://mid.ru/")
        assert treaty.description


def test_the_drafts_have_their_short_titles_titles_and_parties():
    us_russia = Treaty.objects.get(slug="us-russia")
    russia_nato = Treaty.objects.get(slug="russia-nato")
    assert us_russia.short_title == "US–Russia"
    assert russia_nato.short_title == "Russia–NATO"
    assert us_russia.title.startswith("Treaty between the United States of America and the Russian")
    assert russia_nato.title.startswith(
        "Agreement on measures to ensure the security of the Russian"
    )
    assert slugs(us_russia.parties) == {"united-states", "russia"}
    assert slugs(russia_nato.parties) == {"russia", "nato-member-states"}
    assert russia_nato.source_url == "https://mid.ru/ru/foreign_policy/rso/nato/1790818/?lang=en"


def test_a_provision_label_reads_like_a_citation():
    assert provision("us-russia 4(2)").label == "US–Russia Art. 4(2)"
    assert provision("us-russia 6").label == "US–Russia Art. 6"
    assert provision("russia-nato 7(2)").label == "Russia–NATO Art. 7(2)"
    assert provision("russia-nato 4").label == "Russia–NATO Art. 4"


def test_every_provision_has_a_title_and_a_summary_of_its_own():
    summaries = list(Provision.objects.values_list("summary", flat=True))
    assert all(len(summary) > 40 for summary in summaries)
    assert len(set(summaries)) == len(summaries)
    assert all(Provision.objects.values_list("title", flat=True))


# --- who is bound ---


def test_each_provision_binds_the_parties_the_fact_sheet_names():
    loaded = {
        ref_of(p): {party.slug for party in p.bound_parties.all()}
        for p in Provision.objects.select_related("treaty").prefetch_related("bound_parties")
    }
    assert loaded == BOUND_PARTIES


def test_us_russia_article_4_binds_only_the_united_states():
    assert slugs(provision("us-russia 4(1)").bound_parties) == {"united-states"}
    assert slugs(provision("us-russia 4(2)").bound_parties) == {"united-states"}


def test_nato_members_1997_has_exactly_the_16_members_of_that_day():
    group = Party.objects.get(slug="nato-members-1997")
    assert group.kind == Party.Kind.GROUP
    assert group.name == "NATO members as of 27 May 1997"
    assert slugs(group.members) == NATO_1997


def test_nato_member_states_are_the_30_of_december_2021_each_a_state_with_an_iso_code():
    for slug in ("nato-member-states", "nato"):
        assert slugs(Party.objects.get(slug=slug).members) == NATO_2021
    members = Party.objects.get(slug="nato-member-states").members.all()
    assert len(members) == 30
    for member in members:
        assert member.kind == Party.Kind.STATE
        assert len(member.iso_code) == 2


def test_the_main_parties_have_their_codes_and_news_names():
    united_states = Party.objects.get(slug="united-states")
    russia = Party.objects.get(slug="russia")
    nato = Party.objects.get(slug="nato")
    assert (united_states.kind, united_states.iso_code) == ("state", "US")
    assert (russia.kind, russia.iso_code) == ("state", "RU")
    assert (nato.kind, nato.iso_code) == ("alliance", "")
    assert {"Washington", "U.S."} <= set(united_states.aliases)
    assert {"Moscow", "Kremlin"} <= set(russia.aliases)
    assert "North Atlantic Treaty Organization" in nato.aliases


def test_every_state_party_is_also_a_country_region_with_the_same_iso_code():
    countries = dict(Region.objects.filter(kind="country").values_list("slug", "iso_code"))
    for party in Party.objects.filter(kind=Party.Kind.STATE):
        assert countries.get(party.slug) == party.iso_code, party.slug


# --- baselines ---


def test_russia_nato_article_4_has_the_1997_baseline():
    article_4 = provision("russia-nato 4")
    assert article_4.baseline_date == datetime.date(1997, 5, 27)
    assert "Founding Act" in article_4.baseline_note
    assert article_4.exceptions


def test_no_other_provision_has_the_1997_baseline_and_no_us_russia_provision_has_any():
    with_1997 = Provision.objects.filter(baseline_date=datetime.date(1997, 5, 27))
    assert [ref_of(p) for p in with_1997.select_related("treaty")] == ["russia-nato 4"]
    assert not Provision.objects.filter(
        treaty__slug="us-russia", baseline_date__isnull=False
    ).exists()


def test_us_russia_article_7_has_a_baseline_note_but_no_baseline_date():
    article_7 = provision("us-russia 7")
    assert article_7.baseline_date is None
    assert "entry into force" in article_7.baseline_note


# --- weapons and forces ---


@pytest.mark.parametrize("ref", ["us-russia 6", "russia-nato 5"])
def test_both_missile_articles_carry_the_intermediate_and_shorter_range_classes(ref):
    classes = slugs(provision(ref).weapon_classes)
    assert classes & with_descendants("intermediate-range-missiles")
    assert classes & with_descendants("shorter-range-missiles")


def test_a_filter_on_intermediate_range_missiles_with_children_finds_both_missile_articles():
    found = Provision.objects.filter(
        weapon_classes__slug__in=with_descendants("intermediate-range-missiles")
    ).distinct()
    assert {ref_of(p) for p in found.select_related("treaty")} == {
        "us-russia 6",
        "russia-nato 5",
    }


def test_the_weapon_classes_form_the_expected_tree():
    parent = dict(WeaponClass.objects.values_list("slug", "parent__slug"))
    assert parent["ground-launched-intermediate-range-missiles"] == "intermediate-range-missiles"
    assert parent["intermediate-range-missiles"] == "missiles"
    assert parent["ground-launched-shorter-range-missiles"] == "shorter-range-missiles"
    assert parent["shorter-range-missiles"] == "missiles"
    assert parent["heavy-bombers"] == "military-aircraft"
    assert parent["surface-warships"] == "warships"
    assert parent["missiles"] is None
    assert parent["nuclear-weapons"] is None


def test_us_russia_article_7_carries_nuclear_weapons():
    assert "nuclear-weapons" in slugs(provision("us-russia 7").weapon_classes)


def test_us_russia_article_5_2_carries_heavy_bombers_and_surface_warships():
    assert slugs(provision("us-russia 5(2)").weapon_classes) == {
        "heavy-bombers",
        "surface-warships",
    }


def test_a_filter_on_exercises_finds_the_brigade_level_ban():
    found = Provision.objects.filter(
        weapon_classes__slug__in=with_descendants("military-exercises")
    ).distinct()
    assert "russia-nato 7(2)" in {ref_of(p) for p in found.select_related("treaty")}


# --- regions ---


def test_every_provision_has_regions_or_says_it_has_none_never_both():
    for p in Provision.objects.select_related("treaty").prefetch_related("regions"):
        assert bool(p.regions.all()) != p.no_region, ref_of(p)


def test_the_final_clauses_are_the_last_articles_and_restrict_no_region():
    final_clauses = Provision.objects.filter(measure="final_clause").select_related("treaty")
    assert {ref_of(p) for p in final_clauses} == {"us-russia 8", "russia-nato 8", "russia-nato 9"}
    assert all(p.no_region for p in final_clauses)


def test_each_provision_has_the_measure_of_what_it_obliges():
    measures = {ref_of(p): p.measure for p in Provision.objects.select_related("treaty")}
    assert measures["us-russia 4(1)"] == measures["russia-nato 6"] == "membership"
    assert measures["us-russia 4(2)"] == "basing"
    assert measures["us-russia 6"] == measures["russia-nato 5"] == "deployment"
    assert measures["russia-nato 4"] == "deployment"
    assert measures["us-russia 7"] == "nuclear_posture"
    assert measures["russia-nato 7(1)"] == measures["russia-nato 7(2)"] == "exercises"
    assert measures["russia-nato 2"] == "consultation"
    assert measures["us-russia 1"] == measures["russia-nato 1"] == "principle"


def test_the_former_ussr_has_15_states_and_11_of_them_were_outside_nato_in_2021():
    former_ussr = Region.objects.get(slug="former-ussr")
    outside = slugs(Region.objects.get(slug="former-ussr-outside-nato").members)
    assert slugs(former_ussr.members) == FORMER_USSR
    assert outside == FORMER_USSR - {"estonia", "latvia", "lithuania", "russia"}
    assert len(outside) == 11
    assert {"georgia", "ukraine"} <= outside
    assert "estonia" not in outside


def test_the_south_caucasus_and_central_asia_have_their_members():
    assert slugs(Region.objects.get(slug="south-caucasus").members) == {
        "armenia",
        "azerbaijan",
        "georgia",
    }
    assert slugs(Region.objects.get(slug="central-asia").members) == {
        "kazakhstan",
        "kyrgyzstan",
        "tajikistan",
        "turkmenistan",
        "uzbekistan",
    }


def test_georgia_is_in_the_south_caucasus_and_among_the_former_ussr_states_outside_nato():
    georgia = Region.objects.get(slug="georgia")
    containing = slugs(Region.objects.filter(pk__in=Region.objects.reaching([georgia])))
    assert {"georgia", "south-caucasus", "former-ussr-outside-nato"} <= containing


def test_a_filter_by_georgia_finds_the_provisions_of_the_regions_that_contain_it():
    georgia = Region.objects.get(slug="georgia")
    found = Provision.objects.filter(regions__in=Region.objects.reaching([georgia])).distinct()
    refs = {ref_of(p) for p in found.select_related("treaty")}
    assert {"us-russia 4(1)", "us-russia 4(2)", "russia-nato 7(1)"} <= refs


def test_every_country_has_an_iso_code_and_groups_and_zones_have_none():
    for region in Region.objects.all():
        if region.kind == Region.Kind.COUNTRY:
            assert len(region.iso_code) == 2, region.slug
            assert not region.members.exists(), region.slug
        else:
            assert region.iso_code == "", region.slug
            assert region.description, region.slug


def test_the_provisions_restrict_the_regions_the_fact_sheet_names():
    assert slugs(provision("us-russia 4(1)").regions) == {"former-ussr"}
    assert slugs(provision("us-russia 4(2)").regions) == {"former-ussr-outside-nato"}
    assert slugs(provision("us-russia 3").regions) == {"third-state-territory"}
    assert slugs(provision("us-russia 5(2)").regions) == {"striking-range"}
    assert "outside-national-territory" in slugs(provision("us-russia 6").regions)
    assert slugs(provision("russia-nato 4").regions) == {"europe-other-states"}
    assert {"baltic-sea", "black-sea-region"} <= slugs(provision("russia-nato 3").regions)
    assert "ukraine" in slugs(provision("russia-nato 6").regions)
    assert slugs(provision("russia-nato 7(1)").regions) == {
        "ukraine",
        "eastern-europe",
        "south-caucasus",
        "central-asia",
    }
    assert slugs(provision("russia-nato 7(2)").regions) == {"russia-nato-border-zone"}


# --- parallels between the drafts ---


def test_related_provisions_are_the_parallel_pairs_and_each_link_runs_both_ways():
    pairs = set()
    for p in Provision.objects.select_related("treaty").prefetch_related("related__treaty"):
        for other in p.related.all():
            assert p in other.related.all(), f"{ref_of(p)} → {ref_of(other)} but not back"
            assert other.treaty_id != p.treaty_id
            pairs.add(tuple(sorted((ref_of(p), ref_of(other)), reverse=True)))
    assert pairs == RELATED_PAIRS
