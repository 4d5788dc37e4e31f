"""Importing an article from the site: the same import as the command, with its errors shown
on the form and nothing half-written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.models import Article, Outlet, Sentence
from evidence.models import Evidence
from tests.evidence.editing_helpers import client_for

pytestmark = pytest.mark.usefixtures("seeded")

IMPORT = reverse("import-article")
TEXT = (
    "Allies answer Moscow\n\n"
    "NATO allies said on Monday that the alliance would not give up its open door. "
    "Ukraine and Georgia may still join one day, the secretary-general said. "
    "Russia wants a written promise that no bases are set up in former Soviet states.\n"
)


def upload(content: bytes, name="allies.txt"):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def form_data(**changes):
    data = {
        "outlet": "",
        "new_outlet": "",
        "title": "",
        "url": "",
        "published": "",
        "language": "en",
        "note": "",
        "text": "",
    }
    data.update(changes)
    return data


def stored():
    return (
        Outlet.objects.count(),
        Article.objects.count(),
        Sentence.objects.count(),
        Evidence.objects.count(),
    )


# Who may import


def test_anonymous_visitors_are_sent_to_sign_in():
    for response in (Client().get(IMPORT), Client().post(IMPORT, form_data(text=TEXT))):
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={IMPORT}"
    assert not Article.objects.filter(title="Allies answer Moscow").exists()


def test_signed_in_readers_who_are_not_editors_are_refused(reader):
    client = client_for(reader)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, form_data(text=TEXT)).status_code == 403
    assert not Article.objects.filter(title="Allies answer Moscow").exists()


def test_the_import_needs_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(IMPORT, form_data(text=TEXT)).status_code == 403


def test_the_form_states_the_size_limit(editor, settings):
    settings.PROVISO_MAX_ARTICLE_BYTES = 1_500_000
    page = client_for(editor).get(IMPORT).content.decode()
    assert "at most 1,500,000 bytes" in page
    assert 'enctype="multipart/form-data"' in page


# Success


def test_an_uploaded_file_is_imported_and_opens_for_annotation(editor):
    outlet = Outlet.objects.get(slug="civil-ge")
    response = client_for(editor).post(
        IMPORT,
        form_data(
            file=upload(TEXT.encode()),
            outlet=outlet.pk,
            url="https://civil.ge/archives/999",
            published="2021-12-20",
            note="Sent by a reader.",
        ),
    )
    article = Article.objects.get(title="Allies answer Moscow")
    assert response.status_code == 302
    assert response["Location"] == reverse("annotate-article", args=[article.pk])
    assert article.outlet == outlet
    assert article.source_name == "allies.txt"
    assert str(article.published) == "2021-12-20"
    assert article.note == "Sent by a reader."
    assert article.sentences.count() == 3
    page = client_for(editor).get(response["Location"])
    assert page.status_code == 200


def test_the_success_is_announced_on_the_annotation_view(editor):
    client = client_for(editor)
    response = client.post(IMPORT, form_data(text=TEXT, new_outlet="Kyiv Post"), follow=True)
    assert response.redirect_chain[-1][0].endswith("/annotate/")
    messages = [str(message) for message in response.context["messages"]]
    assert messages[0].startswith("Imported “Allies answer Moscow”: 3 sentences")


def test_pasted_text_for_a_new_outlet_creates_the_outlet(editor):
    client_for(editor).post(IMPORT, form_data(text=TEXT, new_outlet="Kyiv Post"))
    article = Article.objects.get(title="Allies answer Moscow")
    assert article.outlet.name == "Kyiv Post"
    assert article.outlet.slug == "kyiv-post"
    assert article.source_name == ""


def test_without_an_outlet_the_urls_domain_names_it(editor):
    client_for(editor).post(IMPORT, form_data(text=TEXT, url="https://www.detroitnews.com/x"))
    article = Article.objects.get(title="Allies answer Moscow")
    assert article.outlet.slug == "detroit-news"


# Errors, shown on the form, with nothing written


def post_and_refuse(editor, data, status=400):
    before = stored()
    response = client_for(editor).post(IMPORT, data)
    assert response.status_code == status
    assert stored() == before
    return response.content.decode()


def test_a_file_that_is_not_utf8_is_refused(editor):
    page = post_and_refuse(editor, form_data(file=upload("Café crème".encode("latin-1"))))
    assert "not UTF-8: byte 0xe9 at offset 3" in page


def test_an_empty_text_is_refused(editor):
    page = post_and_refuse(editor, form_data(file=upload(b"  \n\n \n")))
    assert "This text cannot be imported: empty file" in page


def test_an_oversized_upload_is_refused_naming_the_limit(editor, settings):
    settings.PROVISO_MAX_ARTICLE_BYTES = 100
    page = post_and_refuse(editor, form_data(file=upload(TEXT.encode())))
    assert f"The text is {len(TEXT.encode()):,} bytes; the limit is 100 bytes." in page


def test_oversized_pasted_text_is_refused_naming_the_limit(editor, settings):
    settings.PROVISO_MAX_ARTICLE_BYTES = 100
    page = post_and_refuse(editor, form_data(text=TEXT))
    assert "the limit is 100 bytes." in page


def test_the_same_text_again_names_and_links_the_existing_article(editor):
    existing = Article.objects.get(source_name="001_5fe37ef5f4ed5af7.txt")
    with open(f"seeds/{existing.source_name}", "rb") as seed:
        raw = seed.read()
    page = post_and_refuse(editor, form_data(file=upload(raw), outlet=existing.outlet.pk))
    assert "This text is already imported" in page
    assert f'<a href="{reverse("annotate-article", args=[existing.pk])}">' in page
    assert existing.title in page


def test_a_malformed_date_is_refused(editor):
    page = post_and_refuse(editor, form_data(text=TEXT, published="20 December"))
    assert "Give the date as YYYY-MM-DD." in page


def test_a_malformed_url_is_refused(editor):
    page = post_and_refuse(editor, form_data(text=TEXT, url="ftp://example.org/x"))
    assert "malformed URL" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, "Choose a text file or paste the article’s text."),
        ({"text": TEXT, "file": "file"}, "Give a file or pasted text, not both."),
        (
            {"text": TEXT, "outlet": "outlet", "new_outlet": "Kyiv Post"},
            "Choose an existing outlet or name a new one, not both.",
        ),
        ({"text": TEXT, "language": "English please"}, "Give a language code"),
    ],
)
def test_contradictory_or_missing_fields_are_refused(editor, changes, message):
    if changes.get("file") == "file":
        changes["file"] = upload(TEXT.encode())
    if changes.get("outlet") == "outlet":
        changes["outlet"] = Outlet.objects.first().pk
    page = post_and_refuse(editor, form_data(**changes))
    assert message in page


def test_a_failure_late_in_the_import_leaves_nothing_behind(editor, monkeypatch):
    """The outlet and the article are written before the sentences; a failure there rolls
    them back too."""
    from dataclasses import replace

    from articles import ingest
    from articles.segmentation import split_sentences

    def misaligned(body):
        spans = split_sentences(body)
        spans[-1] = replace(spans[-1], text=spans[-1].text.upper())
        return spans

    monkeypatch.setattr(ingest, "split_sentences", misaligned)
    page = post_and_refuse(editor, form_data(text=TEXT, new_outlet="Kyiv Post"))
    assert "segmentation error" in page
    assert not Outlet.objects.filter(name="Kyiv Post").exists()


def test_a_new_text_at_a_known_address_becomes_the_next_version(editor):
    client = client_for(editor)
    url = "https://civil.ge/archives/999"
    client.post(IMPORT, form_data(text=TEXT, url=url))
    changed = TEXT.replace("on Monday", "on Tuesday")
    response = client.post(IMPORT, form_data(text=changed, url=url), follow=True)
    latest = Article.objects.get(url=url, version=2)
    assert response.redirect_chain[-1][0] == reverse("annotate-article", args=[latest.pk])
    messages = [str(message) for message in response.context["messages"]]
    assert messages[-1].startswith("Imported “Allies answer Moscow” as version 2: 3 sentences")
