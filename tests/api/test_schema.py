"""The OpenAPI schema describes every operation and parameter and validates with no warnings;
the interactive docs are served from this site's own static files."""

import re

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.usefixtures("seeded")

FILTER_PARAMETERS = {
    "/api/provisions/": {
        "treaty",
        "article",
        "party",
        "region",
        "weapon_class",
        "measure",
        "has_baseline",
        "baseline_date",
        "baseline_before",
        "baseline_after",
        "outlet",
        "min_sources",
        "search",
        "ordering",
    },
    "/api/sentences/": {"provision", "article", "outlet", "status", "relation", "search"},
    "/api/evidence/": {
        "provision",
        "article",
        "outlet",
        "status",
        "relation",
        "needs_review",
        "search",
    },
}


@pytest.fixture(scope="module")
def schema():
    # Generating the schema reads no data, and takes a while: once for the module.
    response = Client().get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    return yaml.safe_load(response.content)


def test_schema_generation_validates_with_no_warnings(tmp_path):
    # --fail-on-warn turns any warning into an error; --validate checks it against the
    # OpenAPI 3 specification.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.0.3")


def test_the_schema_has_every_operation(schema):
    operations = {
        (method.upper(), path) for path, item in schema["paths"].items() for method in item
    }
    reads = {
        ("GET", f"/api/{name}/{suffix}")
        for name in [
            "provisions",
            "treaties",
            "parties",
            "regions",
            "weapon-classes",
            "outlets",
            "articles",
            "sentences",
            "evidence",
        ]
        for suffix in [
            "",
            "{slug}/" if name not in {"articles", "sentences", "evidence"} else "{id}/",
        ]
    }
    writes = {
        ("POST", "/api/evidence/"),
        ("PUT", "/api/evidence/{id}/"),
        ("PATCH", "/api/evidence/{id}/"),
        ("DELETE", "/api/evidence/{id}/"),
        ("PUT", "/api/provisions/{slug}/"),
        ("PATCH", "/api/provisions/{slug}/"),
    }
    assert operations == reads | writes


@pytest.mark.parametrize("path", sorted(FILTER_PARAMETERS))
def test_every_filter_parameter_is_described(schema, path):
    parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
    assert set(parameters) == FILTER_PARAMETERS[path] | {"page", "page_size", "format"}
    for name, parameter in parameters.items():
        assert parameter["description"], name


def test_comma_list_filters_are_unexploded_arrays(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/provisions/"]["get"]["parameters"]}
    region = parameters["region"]
    assert (region["style"], region["explode"]) == ("form", False)
    assert region["schema"]["type"] == "array"
    assert parameters["measure"]["schema"]["items"]["enum"][:2] == ["membership", "basing"]
    assert parameters["page_size"]["schema"]["maximum"] == 100
    assert parameters["format"]["schema"]["enum"] == ["csv", "json"]


def test_every_operation_documents_its_errors(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"400", "401", "429"} <= codes, (method, path)
            if method != "get":
                assert "403" in codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            assert "Retry-After" in operation["responses"]["429"]["headers"]


def test_list_responses_offer_json_pages_and_csv(schema):
    content = schema["paths"]["/api/provisions/"]["get"]["responses"]["200"]["content"]
    assert content["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaginatedProvisionList"
    }
    assert content["text/csv"]["schema"]["type"] == "string"


def test_reads_need_no_credentials_and_writes_do(schema):
    assert {} in schema["paths"]["/api/provisions/"]["get"]["security"]
    assert {} not in schema["paths"]["/api/evidence/"]["post"]["security"]
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}


def test_the_schema_is_also_served_as_json(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Proviso API"


def test_the_docs_page_loads_swagger_ui_from_this_sites_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in assets
    # Swagger UI's initialising script comes from the docs view itself (?script=), as a file.
    assert "/api/docs/?script=" in assets
    for asset in assets:
        assert asset.startswith(("/static/", "/api/docs/?script=")), asset
    assert not re.search(r"https?://", page.replace("http://testserver", ""))
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_the_swagger_ui_assets_are_served_by_the_site(client):
    for asset in ["swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"]:
        response = client.get(f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}")
        assert response.status_code == 200, asset
        assert len(b"".join(response.streaming_content)) > 10_000, asset
