"""A provision's page: what it says, what it covers, and how the news reported it."""

import pytest
from django.urls import reverse

from articles.models import Sentence
from evidence.reading import SENTENCES_PER_OUTLET
from tests.factories import ArticleFactory, EvidenceFactory, ProvisionFactory, TreatyFactory

pytestmark = pytest.mark.usefixtures("seeded")


def url(slug):
    return reverse("provision-detail", args=[slug])


def test_a_provision_page_reads_in_a_fixed_number_of_queries(client, django_assert_num_queries):
    # provision + bound parties and their members + regions and their members + weapon
    # classes (with parents) + related, then the evidence quoted per outlet, those sentences
    # with their neighbours, and the number of outlets; then the latest corrections (six:
    # see tests/articles/test_history_pages.py).
    with django_assert_num_queries(16):
        response = client.get(url("us-russia-4-2"))
    assert response.status_code == 200


def test_every_attribute_links_to_the_provisions_sharing_it(client):
    page = client.get(url("us-russia-4-2")).content.decode()
    assert "US–Russia Art. 4(2): No US bases or military cooperation" in page
    assert 'href="/provisions/?treaty=us-russia">US–Russia</a>' in page
    assert 'href="/provisions/?party=united-states">United States</a>' in page
    assert (
        'href="/provisions/?region=former-ussr-outside-nato">Former-USSR states outside NATO'
        in page
    )
    assert (
        'href="/provisions/?weapon_class=military-bases">Military bases and infrastructure' in page
    )
    assert 'href="/provisions/?measure=basing">Military bases and cooperation</a>' in page
    # The region's eleven member countries, Georgia among them, are spelled out.
    assert "11 countries" in page
    assert "Georgia" in page


def test_the_page_links_the_parallel_provision_and_the_official_text(client):
    page = client.get(url("us-russia-4-2")).content.decode()
    assert 'href="/provisions/russia-nato-7-1/"' in page
    assert 'href="https://mid.ru/ru/foreign_policy/rso/nato/1790819/?lang=en"' in page
    assert 'href="/treaties/us-russia/#article-4"' in page


def test_a_baseline_shows_its_date_and_its_note(client):
    page = client.get(url("russia-nato-4")).content.decode()
    assert 'href="/provisions/?baseline_date=1997-05-27">27 May 1997</a>' in page
    assert "the day the NATO–Russia Founding Act was" in page
    # A weapon class names its parent class, itself a link.
    page = client.get(url("us-russia-6")).content.decode()
    assert 'a kind of <a href="/provisions/?weapon_class=intermediate-range-missiles">' in page


def test_a_baseline_without_a_calendar_date_still_shows_its_note(client):
    page = client.get(url("us-russia-7")).content.decode()
    assert "No calendar date" in page
    assert "the situation at the treaty&#x27;s entry into force is the reference" in page


def test_evidence_is_grouped_by_outlet_with_each_sentence_in_its_context(client):
    response = client.get(url("us-russia-4-2"))
    reports = response.context["reports"]
    assert [report.outlet.name for report in reports] == [
        "Associated Press",
        "Brasov-Romania News",
        "Civil.ge",
        "The Detroit News",
        "Top Channel",
    ]
    assert [len(report.sentences) for report in reports] == [1, 2, 1, 1, 3]
    page = response.content.decode()
    assert "reported by 5 of 5 outlets" in page
    assert "8 evidence sentences" in page

    civil = reports[2].sentences[0]
    assert civil.sentence.text.startswith("The proposed deal would also obligate the U.S.")
    neighbours = Sentence.objects.filter(
        article=civil.sentence.article,
        position__in=[civil.sentence.position - 1, civil.sentence.position + 1],
    ).order_by("position")
    assert [civil.before, civil.after] == [s.text for s in neighbours]
    assert civil.before in page
    assert civil.after in page
    anchor = f'href="/articles/{civil.sentence.article_id}/#s{civil.sentence.position}"'
    assert anchor in page
    assert 'id="outlet-civil-ge"' in page


def test_a_provision_no_outlet_reported_says_so(client):
    response = client.get(url("us-russia-1"))
    assert response.status_code == 200
    assert response.context["reports"] == []
    page = response.content.decode()
    assert "reported by no outlet" in page
    assert 'href="/coverage/#unreported"' in page


@pytest.mark.parametrize("slug", ["us-russia-99", "us-china-4", "not-a-slug", "us-russia-4-7"])
def test_a_missing_provision_is_a_404_page(client, slug):
    response = client.get(url(slug))
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Not found</h1>" in page
    assert "No provision has this address." in page


def test_each_outlet_quotes_its_first_sentences_and_counts_the_rest(client):
    body = " ".join(f"Sentence number {n} reports the draft." for n in range(8))
    article = ArticleFactory(body=body, published=None)
    sentences, start = [], 0
    for position, text in enumerate(body.split(" Sentence")):
        text = text if position == 0 else "Sentence" + text
        start = body.index(text, start)
        sentences.append(
            Sentence.objects.create(
                article=article, position=position, text=text, start=start, end=start + len(text)
            )
        )
    # A treaty slug ends in a letter, so that provision slugs can be read back.
    treaty = TreatyFactory(slug="test-draft", short_title="Test draft")
    provision = ProvisionFactory(treaty=treaty, title="A provision reported at length")
    for sentence in sentences[:7]:
        EvidenceFactory(sentence=sentence, provision=provision)

    response = client.get(provision.get_absolute_url())
    [report] = response.context["reports"]
    assert SENTENCES_PER_OUTLET == 5
    assert (report.total, len(report.sentences), report.more) == (7, 5, 2)
    assert [item.sentence.position for item in report.sentences] == [0, 1, 2, 3, 4]
    assert report.sentences[4].anchor == f"{article.get_absolute_url()}#s4"
    assert report.sentences[0].before is None
    assert report.sentences[0].after == sentences[1].text
    page = response.content.decode()
    assert f"2 more sentences from {article.outlet.name}" in page
    assert (
        f"/api/sentences/?provision={provision.slug}&amp;outlet={article.outlet.slug}"
        "&amp;status=confirmed"
    ) in page
