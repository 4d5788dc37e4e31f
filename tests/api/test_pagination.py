"""Lists come in pages with a total count and links that keep the filter."""

import pytest

pytestmark = pytest.mark.usefixtures("seeded")


def test_a_list_has_a_count_next_and_previous_links_that_keep_the_filter(client):
    first = client.get("/api/provisions/?treaty=us-russia&page_size=4").json()
    assert first["count"] == 11
    assert len(first["results"]) == 4
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/provisions/?page=2&page_size=4&treaty=us-russia"

    second = client.get(first["next"]).json()
    assert second["previous"] == "http://testserver/api/provisions/?page_size=4&treaty=us-russia"
    last = client.get(second["next"]).json()
    assert last["next"] is None
    assert last["previous"] == first["next"]
    assert [p["slug"] for p in last["results"]] == ["us-russia-6", "us-russia-7", "us-russia-8"]


def test_pages_of_a_sorted_list_never_overlap(client):
    seen = []
    url = "/api/provisions/?ordering=-sources&page_size=5"
    while url:
        page = client.get(url).json()
        seen += [p["slug"] for p in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 21


def test_the_default_page_size_is_25_and_the_cap_100(client):
    sentences = client.get("/api/sentences/").json()
    assert sentences["count"] == 158
    assert len(sentences["results"]) == 25
    assert len(client.get("/api/sentences/?page_size=100").json()["results"]) == 100
    assert client.get("/api/sentences/?page_size=101").status_code == 400


def test_the_first_page_of_an_empty_list_is_empty_not_an_error(client):
    response = client.get("/api/provisions/?baseline_after=2000-01-01")
    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}
