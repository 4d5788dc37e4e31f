"""Record URLs in API responses are built from a path template per view, and are exactly
what `reverse()` gives."""

import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from core.links import LinkTemplates, request_origin


@pytest.mark.parametrize(
    ("view_name", "kwarg", "values"),
    [
        ("api:provision-detail", "slug", ["us-russia-4-1", "russia-nato-7-2", "us-russia-1"]),
        ("api:sentence-detail", "pk", [1, 7, 12345]),
        ("api:party-detail", "slug", ["germany", "nato-members-1997", "G_7"]),
        ("provision-detail", None, ["us-russia-4-1", "russia-nato-7"]),
    ],
)
def test_a_templated_path_is_the_reversed_path(view_name, kwarg, values):
    templates = LinkTemplates()
    for value in values:
        expected = (
            reverse(view_name, kwargs={kwarg: value}) if kwarg else reverse(view_name, args=[value])
        )
        assert templates.path(view_name, value, kwarg) == expected


def test_a_value_that_is_not_plain_goes_through_reverse_and_its_checks():
    templates = LinkTemplates()
    templates.path("article-detail", 1)
    with pytest.raises(NoReverseMatch):
        templates.path("article-detail", "1/2")


def test_a_value_found_elsewhere_in_its_path_makes_no_template():
    templates = LinkTemplates()
    # "api" is also the path's first segment: the template waits for another value.
    assert templates.path("api:party-detail", "api", "slug") == "/api/parties/api/"
    assert templates.path("api:party-detail", "nato", "slug") == "/api/parties/nato/"
    assert templates.path("api:party-detail", "germany", "slug") == "/api/parties/germany/"


def test_the_origin_is_worked_out_once_per_request():
    request = RequestFactory().get("/api/provisions/", HTTP_HOST="testserver")
    assert request_origin(request) == "http://testserver"
    request.META["HTTP_HOST"] = "elsewhere"
    assert request_origin(request) == "http://testserver"


@pytest.mark.usefixtures("seeded")
def test_a_listed_provision_links_its_api_and_site_urls(client):
    record = client.get("/api/provisions/?treaty=us-russia&article=4").json()["results"][0]
    assert record["url"] == f"http://testserver/api/provisions/{record['slug']}/"
    assert record["html_url"] == f"http://testserver/provisions/{record['slug']}/"
    party = record["bound_parties"][0]
    assert party["url"] == f"http://testserver/api/parties/{party['slug']}/"
