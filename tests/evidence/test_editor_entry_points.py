"""The header offers the editing screens to editors only, and a refusal is a page of the site."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.evidence.editing_helpers import client_for, make_editor, make_reader

pytestmark = pytest.mark.usefixtures("seeded")


def test_editors_find_the_review_queue_and_the_import_form_in_the_header():
    page = client_for(make_editor(get_user_model())).get("/provisions/").content.decode()
    assert 'href="/editing/review/"' in page
    assert 'href="/editing/import/"' in page


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_nobody_else_sees_editing_links_in_the_header(who):
    client = Client() if who == "anonymous" else client_for(make_reader(get_user_model()))
    page = client.get("/provisions/").content.decode()
    assert "/editing/" not in page


def test_a_reader_refused_an_editing_page_gets_the_sites_403_page():
    response = client_for(make_reader(get_user_model())).get("/editing/review/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Not allowed</h1>" in page
    assert "Reading the provisions, the articles and the evidence needs no account." in page
