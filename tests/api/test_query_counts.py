"""Every list and detail runs a fixed number of queries, whatever the page size."""

import pytest

from articles.models import Article, Sentence
from evidence.models import Evidence

pytestmark = pytest.mark.usefixtures("seeded")

# (list URL, queries): the count, the page, and one query per prefetched relation.
LISTS = [
    ("/api/provisions/", 6),  # + bound parties, regions, weapon classes, related
    ("/api/treaties/", 4),  # + parties, provisions
    ("/api/parties/", 4),  # + members, member_of
    ("/api/regions/", 4),  # + members, member_of
    ("/api/weapon-classes/", 3),  # + children
    ("/api/outlets/", 2),
    ("/api/articles/", 2),
    ("/api/sentences/", 3),  # + evidence with their provisions
    ("/api/evidence/", 2),
]


@pytest.mark.parametrize(("url", "queries"), LISTS)
@pytest.mark.parametrize("page_size", [1, 100])
def test_a_list_runs_the_same_number_of_queries_for_any_page_size(
    client, django_assert_num_queries, url, queries, page_size
):
    with django_assert_num_queries(queries):
        response = client.get(f"{url}?page_size={page_size}")
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(page_size, response.json()["count"])


def test_each_filter_adds_at_most_its_own_lookup(client, django_assert_num_queries):
    # Three slug filters are checked against the database (one query each) before the list.
    with django_assert_num_queries(6 + 3):
        response = client.get(
            "/api/provisions/?page_size=100&region=georgia&party=germany&outlet=civil-ge"
        )
    assert response.status_code == 200
    with django_assert_num_queries(6 + 3):
        response = client.get(
            "/api/provisions/?page_size=1&region=georgia&party=germany&outlet=civil-ge"
        )
    assert response.status_code == 200


def _detail_urls():
    article = Article.objects.get(outlet__slug="civil-ge")
    return [
        ("/api/provisions/us-russia-4-1/", 6),  # + four relations and the evidence
        ("/api/treaties/us-russia/", 3),
        ("/api/parties/nato-members-1997/", 3),
        ("/api/regions/former-ussr/", 3),
        ("/api/weapon-classes/missiles/", 2),
        ("/api/outlets/civil-ge/", 1),
        (f"/api/articles/{article.pk}/", 3),  # + sentences, their evidence
        (f"/api/sentences/{Sentence.objects.filter(article=article).first().pk}/", 2),
        (f"/api/evidence/{Evidence.objects.filter(sentence__article=article).first().pk}/", 1),
    ]


def test_every_detail_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for url, queries in _detail_urls():
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200, url


def test_a_detail_with_many_related_rows_runs_no_more_queries(client, django_assert_num_queries):
    # us-russia 4(1) has twelve evidence sentences, russia-nato 7(2) two.
    for slug in ("us-russia-4-1", "russia-nato-7-2"):
        with django_assert_num_queries(6):
            assert client.get(f"/api/provisions/{slug}/").status_code == 200
