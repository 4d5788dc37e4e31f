"""Unknown parameters and malformed values are a 400 naming the bad parameter and the valid
ones: never a 500, never a silently unfiltered list."""

import pytest

pytestmark = pytest.mark.usefixtures("seeded")

PROVISION_PARAMETERS = [
    "article",
    "baseline_after",
    "baseline_before",
    "baseline_date",
    "format",
    "has_baseline",
    "measure",
    "min_sources",
    "ordering",
    "outlet",
    "page",
    "page_size",
    "party",
    "region",
    "search",
    "treaty",
    "weapon_class",
]


def bad_request(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "errors", "valid_parameters"}
    return body


def test_an_unknown_parameter_is_named_with_the_valid_ones(client):
    body = bad_request(client, "/api/provisions/?treaty=us-russia&contry=georgia")
    assert body["errors"] == {"contry": ["Unknown parameter."]}
    assert body["valid_parameters"] == PROVISION_PARAMETERS
    assert body["detail"].startswith("Invalid filter: contry: Unknown parameter.")
    assert "Valid parameters: article, baseline_after" in body["detail"]


def test_a_malformed_date_is_a_400(client):
    body = bad_request(client, "/api/provisions/?baseline_date=27-05-1997")
    assert body["errors"] == {"baseline_date": ["Enter a valid date."]}


def test_an_impossible_date_is_a_400(client):
    assert (
        "baseline_before"
        in bad_request(client, "/api/provisions/?baseline_before=1997-02-30")["errors"]
    )


def test_an_unknown_slug_is_a_400_not_an_empty_list(client):
    body = bad_request(client, "/api/provisions/?region=atlantis")
    assert body["errors"] == {"region": ["Unknown region 'atlantis'."]}


def test_every_unknown_slug_of_a_list_is_named(client):
    body = bad_request(client, "/api/provisions/?party=germany,narnia,oz")
    assert body["errors"] == {"party": ["Unknown party 'narnia', 'oz'."]}


def test_an_unknown_choice_is_a_400_naming_the_choices(client):
    body = bad_request(client, "/api/provisions/?measure=deployment,invasion")
    assert body["errors"]["measure"][0].startswith("'invasion' is not one of membership, basing")


def test_a_page_past_the_last_is_a_400_not_a_404(client):
    body = bad_request(client, "/api/provisions/?page=3")
    assert body["errors"] == {"page": ["There is no page 3; the last page is 1."]}
    assert body["valid_parameters"] == PROVISION_PARAMETERS


@pytest.mark.parametrize("page", ["0", "-1", "two", "1.5", "٣", "99999999999999999999"])
def test_a_page_that_is_not_a_positive_whole_number_is_a_400(client, page):
    assert "page" in bad_request(client, f"/api/provisions/?page={page}")["errors"]


def test_a_page_size_over_the_cap_is_a_400_not_silently_clamped(client):
    body = bad_request(client, "/api/provisions/?page_size=101")
    assert body["errors"] == {"page_size": ["At most 100."]}


@pytest.mark.parametrize(
    "query",
    [
        "search=mis%00siles",
        "region=georg%00ia",
        "baseline_date=1997-05-27%00",
        "page=1%00",
        "x%00y=1",
    ],
)
def test_nul_bytes_anywhere_are_a_400(client, query):
    body = bad_request(client, f"/api/provisions/?{query}")
    assert all("\x00" not in name for name in body["errors"])


def test_nul_bytes_in_sentence_and_evidence_searches_are_a_400(client):
    assert bad_request(client, "/api/sentences/?search=%00")["errors"] == {
        "search": ["NUL bytes are not allowed."]
    }
    assert "search" in bad_request(client, "/api/evidence/?search=nato%00")["errors"]


def test_a_parameter_given_twice_is_a_400(client):
    body = bad_request(client, "/api/provisions/?treaty=us-russia&treaty=russia-nato")
    assert body["errors"] == {"treaty": ["Given more than once; give one value, or a comma list."]}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("article=four", "article"),
        ("article=0", "article"),
        ("article=4,,5", "article"),
        ("has_baseline=maybe", "has_baseline"),
        ("min_sources=-1", "min_sources"),
        ("min_sources=2.5", "min_sources"),
        ("min_sources=20000", "min_sources"),
        ("ordering=title", "ordering"),
        ("search=" + "word " * 50, "search"),
        ("region=" + ",".join(["georgia"] * 51), "region"),
        ("treaty=not a slug", "treaty"),
    ],
)
def test_malformed_values_of_each_filter_are_a_400(client, query, parameter):
    assert parameter in bad_request(client, f"/api/provisions/?{query}")["errors"]


def test_an_unknown_format_is_a_400_naming_the_formats(client):
    body = bad_request(client, "/api/provisions/?format=xml")
    assert body["errors"] == {"format": ["'xml' is not one of json, csv."]}


def test_an_error_is_json_even_when_csv_was_asked_for(client):
    body = bad_request(client, "/api/provisions/?format=csv&region=atlantis")
    assert body["errors"] == {"region": ["Unknown region 'atlantis'."]}
    bad_request(client, "/api/provisions/?region=atlantis", Accept="text/csv")


def test_a_detail_url_accepts_only_format(client):
    body = bad_request(client, "/api/provisions/russia-nato-4/?evidence=confirmed")
    assert body["errors"] == {"evidence": ["Unknown parameter."]}
    assert body["valid_parameters"] == ["format"]


def test_csv_is_offered_for_lists_only(client):
    body = bad_request(client, "/api/provisions/russia-nato-4/?format=csv")
    assert body["errors"] == {"format": ["'csv' is not one of json."]}


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/sentences/?provision=us-russia-9", "provision"),
        ("/api/sentences/?provision=article-4", "provision"),
        ("/api/sentences/?article=999999", "article"),
        ("/api/sentences/?status=approved", "status"),
        ("/api/evidence/?relation=cites", "relation"),
        ("/api/evidence/?outlet=pravda", "outlet"),
        ("/api/evidence/?article=1x", "article"),
        ("/api/articles/?published_after=yesterday", "published_after"),
        ("/api/parties/?kind=empire", "kind"),
        ("/api/regions/?contains=atlantis", "contains"),
        ("/api/weapon-classes/?within=lasers", "within"),
        ("/api/treaties/?party=narnia", "party"),
        ("/api/outlets/?name=civil", "name"),
    ],
)
def test_every_list_checks_its_parameters(client, url, parameter):
    assert parameter in bad_request(client, url)["errors"]


def test_the_api_root_rejects_unknown_parameters(client):
    assert bad_request(client, "/api/?x=1")["errors"] == {"x": ["Unknown parameter."]}


@pytest.mark.parametrize(
    "url",
    [
        "/api/provisions/us-russia-9/",
        "/api/provisions/us-russia-99999/",
        "/api/provisions/not%00a-slug/",
        "/api/treaties/atlantis/",
        "/api/articles/0/",
        "/api/articles/99999999999999999999999/",
        "/api/sentences/abc/",
        "/api/evidence/999999/",
        "/api/no-such-endpoint/",
    ],
)
def test_unknown_records_and_urls_under_api_are_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_url_without_its_trailing_slash_still_redirects(client):
    response = client.get("/api/provisions?treaty=us-russia")
    assert response.status_code == 301
    assert response["Location"] == "/api/provisions/?treaty=us-russia"


def test_a_path_with_a_newline_is_a_json_404_too(client):
    response = client.get("/api/outlets/civil%0A-ge/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_write_to_an_unknown_url_is_a_json_404_not_a_csrf_page(client):
    response = client.patch("/api/provisions/%C3%BB/", {}, content_type="application/json")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
