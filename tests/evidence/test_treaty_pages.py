"""A draft article by article, and the two drafts side by side."""

import pytest
from django.urls import reverse

from treaties.models import Provision, Treaty

pytestmark = pytest.mark.usefixtures("seeded")


def test_a_draft_reads_article_by_article_with_every_provision(client, django_assert_num_queries):
    # treaty + parties + provisions (with counts) + their bound parties, regions, weapon
    # classes and related provisions.
    with django_assert_num_queries(7):
        response = client.get(reverse("treaty-detail", args=["us-russia"]))
    assert response.status_code == 200
    articles = response.context["articles"]
    assert [article.number for article in articles] == list(range(1, 9))
    assert [p.paragraph for p in articles[3].provisions] == [1, 2]
    assert [p.paragraph for p in articles[4].provisions] == [1, 2, 3]
    page = response.content.decode()
    for number in range(1, 9):
        assert f'id="article-{number}"' in page
    assert "Treaty between the United States of America and the Russian Federation" in page
    assert "https://mid.ru/ru/foreign_policy/rso/nato/1790819/?lang=en" in page


def test_each_provision_of_a_draft_shows_its_attributes_and_evidence_count(client):
    page = client.get(reverse("treaty-detail", args=["russia-nato"])).content.decode()
    assert "Paragraph 2: No exercises above brigade level along the Russia–NATO border" in page
    assert 'href="/provisions/?region=south-caucasus">South Caucasus</a>' in page
    assert 'href="/provisions/?baseline_date=1997-05-27">27 May 1997</a>' in page
    # Russia–NATO Art. 6: twelve sentences from four outlets.
    assert "12 evidence sentences</a> from 4 outlets" in page
    assert "Reported by no outlet" in page


def test_an_unknown_draft_is_a_404_page(client):
    response = client.get(reverse("treaty-detail", args=["us-china"]))
    assert response.status_code == 404
    assert "No draft has this address." in response.content.decode()


def test_the_comparison_aligns_the_parallel_provisions(client, django_assert_num_queries):
    # treaties + provisions + their bound parties, regions, weapon classes + related pairs.
    with django_assert_num_queries(6):
        response = client.get(reverse("comparison"))
    assert response.status_code == 200
    rows = {
        tuple(tuple(p.slug for p in cell.provisions) for cell in row.cells): section.measure
        for section in response.context["sections"]
        for row in section.rows
    }
    # Columns follow the treaties' order: Russia–NATO, then US–Russia.
    assert [t.slug for t in response.context["treaties"]] == ["russia-nato", "us-russia"]
    assert rows[(("russia-nato-5",), ("us-russia-6",))] == "deployment"  # missiles
    assert rows[(("russia-nato-4",), ("us-russia-5-1",))] == "deployment"  # forces
    assert rows[(("russia-nato-6",), ("us-russia-4-1",))] == "membership"  # enlargement
    assert rows[(("russia-nato-7-1",), ("us-russia-4-2",))] == "basing"
    assert rows[(("russia-nato-7-2",), ())] == "exercises"
    assert rows[((), ("us-russia-7",))] == "nuclear_posture"
    # Every provision appears exactly once.
    placed = [slug for row in rows for cell in row for slug in cell]
    assert sorted(placed) == sorted(p.slug for p in Provision.objects.with_labels())


def test_the_comparison_groups_rows_by_kind_of_obligation_in_a_fixed_order(client):
    response = client.get(reverse("comparison"))
    assert [s.measure for s in response.context["sections"]] == [
        "membership",
        "basing",
        "deployment",
        "exercises",
        "nuclear_posture",
        "consultation",
        "principle",
        "final_clause",
    ]
    page = response.content.decode()
    assert "No counterpart in the US–Russia draft" in page
    assert page.index('id="membership"') < page.index('id="deployment"')


def test_treaties_and_provisions_know_their_page_addresses():
    assert Treaty.objects.get(slug="russia-nato").get_absolute_url() == "/treaties/russia-nato/"
    provision = Provision.objects.get(slug="us-russia-4-2")
    assert provision.get_absolute_url() == "/provisions/us-russia-4-2/"
