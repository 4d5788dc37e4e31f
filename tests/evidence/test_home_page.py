import pytest
from django.urls import reverse

from treaties.models import Provision

pytestmark = pytest.mark.usefixtures("seeded")


def test_home_page_lists_both_drafts_and_every_provision(client, django_assert_num_queries):
    # treaties + provisions (with evidence counts) + their bound parties, regions and
    # weapon classes, any other treaties, outlets per treaty, the latest articles, and the
    # numbers of articles and outlets: ten queries whatever the number of provisions.
    with django_assert_num_queries(10):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "US–Russia" in page
    assert "Russia–NATO" in page
    for provision in Provision.objects.with_labels():
        assert provision.label in page
        assert provision.get_absolute_url() in page
    assert "27 May 1997" in page


def test_home_page_opens_on_the_three_research_questions(client):
    page = client.get(reverse("home")).content.decode()
    assert 'href="/provisions/?region=georgia"' in page
    assert 'href="/provisions/?weapon_class=intermediate-range-missiles"' in page
    assert 'href="/coverage/#unreported"' in page


def test_home_page_says_how_widely_each_draft_was_reported(client):
    response = client.get(reverse("home"))
    drafts = {draft.treaty.slug: draft for draft in response.context["drafts"]}
    assert response.context["other_treaties"] == []
    # US–Russia: 11 provisions, 6 reported (4(1), 4(2), 5(1), 5(2), 6, 7), 32 sentences.
    assert (drafts["us-russia"].provision_count, drafts["us-russia"].reported_count) == (11, 6)
    assert drafts["us-russia"].evidence_count == 32
    assert drafts["us-russia"].outlet_count == 5
    # Russia–NATO: 10 provisions, 5 reported (4, 5, 6, 7(1), 7(2)), 25 sentences.
    assert (drafts["russia-nato"].provision_count, drafts["russia-nato"].reported_count) == (10, 5)
    assert drafts["russia-nato"].evidence_count == 25


def test_home_page_lists_the_articles_read_with_their_outlets(client):
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.context["outlet_count"] == 5
    assert response.context["article_count"] == 5
    assert "The articles read: 5 from 5 outlets" in page
    for article in response.context["articles"]:
        assert article.get_absolute_url() in page
    assert "Moscow Draft Demands NATO, U.S. Deny Accession of Ex-Soviet Republics" in page
    assert "Civil.ge" in page
