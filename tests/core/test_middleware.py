"""A database that goes away mid-request gives a 503, and the app recovers when it returns."""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def database_down():
    """Every query fails as if the server had gone; undone before the test's rollback."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", refuse)
        patch.setattr(CursorWrapper, "executemany", refuse)
        yield patch


def test_healthz_reports_a_working_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_down(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_a_page_is_a_503_page_not_a_traceback_when_the_database_is_down(client, database_down):
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Temporarily unavailable" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_a_json_client_gets_a_json_503(client, database_down):
    client.raise_request_exception = False
    response = client.get("/", headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert response.json() == {"detail": "The database is unavailable; try again shortly."}


def test_the_site_answers_again_once_the_database_is_back(client, database_down):
    client.raise_request_exception = False
    assert client.get("/").status_code == 503
    database_down.undo()
    assert client.get("/").status_code == 200


@pytest.fixture
def signed_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("carol"))
    return client


def test_a_signed_in_client_gets_a_503_not_a_500_for_an_unknown_url(signed_in, database_down):
    client = signed_in
    client.raise_request_exception = False
    # The 404 page shows who is signed in: rendering it reads the session and the user,
    # outside any view.
    response = client.get("/no-such-page/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Temporarily unavailable" in response.content.decode()


def test_the_healthz_503_says_when_to_retry(client, database_down):
    assert client.get("/healthz")["Retry-After"] == "5"
