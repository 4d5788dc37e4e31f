"""Editors may create, update and delete evidence and update provisions; everyone else gets
a 401 or 403 on every write."""

import pytest
from django.test import Client

from articles.models import Sentence
from evidence.models import Evidence
from treaties.models import Provision

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def sentence():
    """A Civil.ge sentence about Georgia and Ukraine with no link to us-russia 1."""
    return Sentence.objects.filter(
        article__outlet__slug="civil-ge", text__contains="Georgia"
    ).first()


@pytest.fixture
def evidence():
    return Evidence.objects.filter(
        provision__treaty__slug="us-russia", provision__article=7
    ).first()


def write_requests(evidence_id):
    """Every write the API offers, with a valid body."""
    provision_body = {"summary": "A new summary of the provision, long enough.", "version": 1}
    evidence_body = {"status": "rejected"}
    return [
        ("post", "/api/evidence/", {"sentence": 1, "provision": "us-russia-1"}),
        ("put", f"/api/evidence/{evidence_id}/", {"sentence": 1, "provision": "us-russia-1"}),
        ("patch", f"/api/evidence/{evidence_id}/", evidence_body),
        ("delete", f"/api/evidence/{evidence_id}/", None),
        ("put", "/api/provisions/us-russia-7/", provision_body),
        ("patch", "/api/provisions/us-russia-7/", provision_body),
    ]


def send(client, method, url, body, **headers):
    return getattr(client, method)(url, body, content_type="application/json", headers=headers)


def test_anonymous_writes_are_401_with_a_token_challenge(client, evidence):
    for method, url, body in write_requests(evidence.pk):
        response = send(client, method, url, body)
        assert response.status_code == 401, (method, url)
        assert response["WWW-Authenticate"] == "Token"
        assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert Evidence.objects.filter(pk=evidence.pk, status="confirmed").exists()


def test_signed_in_non_editors_are_403_on_every_write(client, reader, evidence):
    client.force_login(reader)
    for method, url, body in write_requests(evidence.pk):
        response = send(client, method, url, body)
        assert response.status_code == 403, (method, url)
        assert response.json() == {"detail": "Only editors may change the data."}


def test_non_editor_tokens_are_403_on_every_write(client, reader_token, evidence):
    for method, url, body in write_requests(evidence.pk):
        response = send(client, method, url, body, Authorization=f"Token {reader_token}")
        assert response.status_code == 403, (method, url)


def test_an_invalid_token_is_401_even_for_a_read(client):
    response = client.get("/api/provisions/", headers={"Authorization": "Token not-a-token"})
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


@pytest.mark.parametrize(
    "url",
    ["/api/treaties/", "/api/parties/", "/api/sentences/", "/api/articles/", "/api/provisions/"],
)
def test_read_only_endpoints_refuse_writes(client, editor_token, url):
    assert client.post(url, {}, content_type="application/json").status_code == 401
    response = client.post(
        url, {}, content_type="application/json", headers={"Authorization": f"Token {editor_token}"}
    )
    assert response.status_code == 405


def test_an_editor_with_a_token_creates_evidence(client, editor, editor_token, sentence):
    response = send(
        client,
        "post",
        "/api/evidence/",
        {"sentence": sentence.pk, "provision": "us-russia-1", "relation": "mentions"},
        Authorization=f"Token {editor_token}",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert response["Location"] == created["url"]
    assert created["provision"]["slug"] == "us-russia-1"
    assert created["sentence"]["text"] == sentence.text
    assert created["article"]["outlet"]["slug"] == "civil-ge"
    assert (created["relation"], created["status"]) == ("mentions", "suggested")
    evidence = Evidence.objects.get(pk=created["id"])
    assert evidence.created_by == editor
    counts = client.get("/api/provisions/us-russia-1/").json()["evidence_counts"]
    assert counts == {"confirmed": 0, "suggested": 1, "rejected": 0}


def test_the_same_sentence_cannot_be_linked_to_the_same_provision_twice(
    client, editor_token, evidence
):
    response = send(
        client,
        "post",
        "/api/evidence/",
        {"sentence": evidence.sentence_id, "provision": "us-russia-7"},
        Authorization=f"Token {editor_token}",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == {
        "non_field_errors": ["The fields sentence, provision must make a unique set."]
    }
    assert body["valid_parameters"] == [
        "sentence",
        "provision",
        "relation",
        "status",
        "score",
        "note",
        "needs_review",
    ]
    assert body["detail"].startswith("Invalid request body: non_field_errors:")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"sentence": 1, "provision": "us-russia-9"}, "provision"),
        ({"sentence": 1, "provision": "Article 4"}, "provision"),
        ({"sentence": 1, "provision": ["us-russia-1"]}, "provision"),
        ({"sentence": 10**30, "provision": "us-russia-1"}, "sentence"),
        ({"sentence": "one", "provision": "us-russia-1"}, "sentence"),
        ({"sentence": 1, "provision": "us-russia-1", "status": "approved"}, "status"),
        ({"sentence": 1, "provision": "us-russia-1", "score": -1}, "score"),
        ({"sentence": 1, "provision": "us-russia-1", "note": "a\x00b"}, "note"),
        ({"provision": "us-russia-1"}, "sentence"),
    ],
)
def test_invalid_evidence_is_a_400_naming_the_field(client, editor_token, body, field):
    response = send(client, "post", "/api/evidence/", body, Authorization=f"Token {editor_token}")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


def test_a_body_that_is_not_json_is_a_400_in_the_same_shape(client, editor_token):
    response = client.post(
        "/api/evidence/",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Token {editor_token}"},
    )
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors", "valid_parameters"}
    assert "body" in response.json()["errors"]


def test_an_editor_confirms_then_deletes_evidence(client, editor_token, evidence):
    auth = {"Authorization": f"Token {editor_token}"}
    response = send(
        client, "patch", f"/api/evidence/{evidence.pk}/", {"status": "rejected"}, **auth
    )
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    evidence.refresh_from_db()
    assert evidence.status == "rejected"

    response = send(
        client,
        "put",
        f"/api/evidence/{evidence.pk}/",
        {"sentence": evidence.sentence_id, "provision": "us-russia-6", "status": "confirmed"},
        **auth,
    )
    assert response.status_code == 400, "us-russia 6 already has this sentence"
    response = send(
        client,
        "put",
        f"/api/evidence/{evidence.pk}/",
        {"sentence": evidence.sentence_id, "provision": "us-russia-7", "note": "checked"},
        **auth,
    )
    assert response.status_code == 200
    # Fields a PUT leaves out keep their values.
    assert (response.json()["note"], response.json()["status"]) == ("checked", "rejected")

    response = send(client, "delete", f"/api/evidence/{evidence.pk}/", None, **auth)
    assert response.status_code == 204
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert client.get(f"/api/evidence/{evidence.pk}/").status_code == 404


def test_a_session_write_needs_the_csrf_token(editor, sentence):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    body = {"sentence": sentence.pk, "provision": "us-russia-1"}
    response = browser.post("/api/evidence/", body, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]

    browser.get("/admin/login/")  # a page with a form sets the CSRF cookie
    response = browser.post(
        "/api/evidence/",
        body,
        content_type="application/json",
        headers={"X-CSRFToken": browser.cookies["csrftoken"].value},
    )
    assert response.status_code == 201, response.content


def test_an_editor_updates_a_provision_and_its_relations(client, editor_token):
    response = send(
        client,
        "patch",
        "/api/provisions/us-russia-7/",
        {
            "summary": "Nuclear weapons stay on national territory, and those abroad come home.",
            "weapon_classes": ["nuclear-weapons", "missiles"],
            "related": ["russia-nato-5"],
            "version": 1,
        },
        Authorization=f"Token {editor_token}",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2
    assert body["summary"].startswith("Nuclear weapons stay")
    assert [w["slug"] for w in body["weapon_classes"]] == ["missiles", "nuclear-weapons"]
    assert [r["slug"] for r in body["related"]] == ["russia-nato-5"]
    assert "evidence" in body
    # `related` runs both ways.
    related_back = client.get("/api/provisions/russia-nato-5/").json()["related"]
    assert {r["slug"] for r in related_back} == {"us-russia-6", "us-russia-7"}
    provision = Provision.objects.get(slug="us-russia-7")
    assert provision.treaty.slug == "us-russia"
    assert provision.article == 7


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"no_region": True}, "regions"),
        ({"regions": []}, "regions"),
        ({"related": ["us-russia-6"]}, "related"),
        ({"related": ["us-russia-7"]}, "related"),
        ({"bound_parties": []}, "bound_parties"),
        ({"bound_parties": ["narnia"]}, "bound_parties"),
        ({"measure": "invasion"}, "measure"),
        ({"baseline_date": "27 May 1997"}, "baseline_date"),
        ({"title": ""}, "title"),
    ],
)
def test_an_inconsistent_provision_update_is_a_400_and_changes_nothing(
    client, editor_token, body, field
):
    before = client.get("/api/provisions/us-russia-7/").json()
    response = send(
        client,
        "patch",
        "/api/provisions/us-russia-7/",
        {**body, "version": before["version"]},
        Authorization=f"Token {editor_token}",
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert client.get("/api/provisions/us-russia-7/").json() == before


def test_a_full_provision_update_needs_the_required_fields(client, editor_token):
    response = send(
        client,
        "put",
        "/api/provisions/us-russia-7/",
        {"summary": "Only a summary.", "version": 1},
        Authorization=f"Token {editor_token}",
    )
    assert response.status_code == 400
    assert {"title", "measure", "bound_parties"} <= set(response.json()["errors"])


def test_updating_an_unknown_provision_is_a_404(client, editor_token):
    response = send(
        client, "patch", "/api/provisions/us-russia-9/", {}, Authorization=f"Token {editor_token}"
    )
    assert response.status_code == 404


def test_a_write_with_an_unknown_query_parameter_is_a_400(client, editor_token, evidence):
    response = send(
        client,
        "patch",
        f"/api/evidence/{evidence.pk}/?dry_run=1",
        {"status": "rejected"},
        Authorization=f"Token {editor_token}",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"dry_run": ["Unknown parameter."]}


def test_an_update_without_the_version_it_is_based_on_is_a_400(client, editor_token):
    response = send(
        client,
        "patch",
        "/api/provisions/us-russia-7/",
        {"summary": "A change that does not say which version it saw."},
        Authorization=f"Token {editor_token}",
    )
    assert response.status_code == 400
    assert "version" in response.json()["errors"]


def test_two_editors_changing_the_same_provision_do_not_lose_a_change(client, editor_token):
    """The second editor read version 1 too; their update is refused with 409 rather than
    silently overwriting the first editor's summary."""
    auth = {"Authorization": f"Token {editor_token}"}
    url = "/api/provisions/us-russia-7/"
    read_by_both = client.get(url).json()["version"]

    first = send(client, "patch", url, {"summary": "First editor's summary.", "version": 1}, **auth)
    assert first.status_code == 200
    second = send(
        client, "patch", url, {"title": "Second editor's title", "version": read_by_both}, **auth
    )

    assert second.status_code == 409
    assert second.json()["current_version"] == 2
    assert "changed by someone else" in second.json()["detail"]
    now = client.get(url).json()
    assert (now["summary"], now["version"]) == ("First editor's summary.", 2)
    assert now["title"] != "Second editor's title"

    # Having reloaded, the second editor applies the change on top of the first.
    again = send(client, "patch", url, {"title": "Second editor's title", "version": 2}, **auth)
    assert again.status_code == 200
    assert (again.json()["summary"], again.json()["version"]) == ("First editor's summary.", 3)


def test_an_editor_clears_the_review_flag_of_evidence_whose_source_changed(
    client, editor_token, evidence
):
    evidence.needs_review = True
    evidence.save()
    response = send(
        client,
        "patch",
        f"/api/evidence/{evidence.pk}/",
        {"needs_review": False},
        Authorization=f"Token {editor_token}",
    )
    assert response.status_code == 200, response.content
    assert response.json()["needs_review"] is False
    evidence.refresh_from_db()
    assert evidence.needs_review is False
