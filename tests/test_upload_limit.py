"""One limit on request bodies, and no body read at all from strangers on editors' URLs."""

import io

import pytest
from django.conf import settings
from django.test import Client

from tests.evidence.editing_helpers import make_editor


class TrackedBody(io.BytesIO):
    """A request body that remembers whether anything read it."""

    was_read = False

    def read(self, *args):
        self.was_read = True
        return super().read(*args)

    def readline(self, *args):
        self.was_read = True
        return super().readline(*args)


def post(client, path, body: bytes):
    # With a CSRF cookie, Django's CSRF check (which runs before any view) reads the form
    # data to find the token it must match.
    client.cookies[settings.CSRF_COOKIE_NAME] = "k" * 32
    stream = TrackedBody(body)
    response = client.generic(
        "POST",
        path,
        body,
        content_type="application/x-www-form-urlencoded",
        **{"wsgi.input": stream},
    )
    return response, stream


def test_the_limit_is_one_setting_for_django_and_the_proxy():
    assert settings.PROVISO_MAX_UPLOAD_BYTES == 5_242_880
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.PROVISO_MAX_UPLOAD_BYTES
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == settings.PROVISO_MAX_UPLOAD_BYTES


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/editing/import/", "/editing/review/decide/", "/editing/links/1/confirm/"]
)
def test_an_anonymous_body_to_an_editors_url_is_sent_to_sign_in_unread(path):
    response, body = post(Client(enforce_csrf_checks=True), path, b"text=" + b"x" * 100_000)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"
    assert not body.was_read


@pytest.mark.django_db
def test_an_anonymous_htmx_body_sends_the_whole_page_to_sign_in_unread():
    client = Client(enforce_csrf_checks=True, headers={"HX-Request": "true"})
    client.defaults["HTTP_HX_CURRENT_URL"] = "http://testserver/articles/1/annotate/"
    response, body = post(client, "/editing/links/1/confirm/", b"relation=reports")
    assert response["HX-Redirect"] == "/accounts/login/?next=/articles/1/annotate/"
    assert not body.was_read


@pytest.mark.django_db
def test_a_body_over_the_limit_is_a_413_unread_even_for_an_editor(settings, django_user_model):
    settings.PROVISO_MAX_UPLOAD_BYTES = 1_000
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_editor(django_user_model))
    response, body = post(client, "/editing/import/", b"text=" + b"x" * 2_000)
    assert response.status_code == 413
    assert "limited to 1000 bytes" in response.content.decode()
    assert not body.was_read
