"""An article's reading view: the cleaned text with its evidence sentences marked."""

import pytest
from django.urls import reverse

from articles.models import Article
from evidence.models import Evidence

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def detroit_news():
    return Article.objects.get(source_name="001_5fe37ef5f4ed5af7.txt")


def test_an_article_reads_in_three_queries(client, detroit_news, django_assert_num_queries):
    # the article with its outlet and versions, its sentences, its confirmed evidence.
    with django_assert_num_queries(3):
        response = client.get(detroit_news.get_absolute_url())
    assert response.status_code == 200


def test_the_page_names_the_outlet_the_date_and_the_original_address(client, detroit_news):
    page = client.get(detroit_news.get_absolute_url()).content.decode()
    assert "<h1>Russia sets out tough demands for security pact with NATO</h1>" in page
    assert "The Detroit News" in page
    assert "17 December 2021" in page
    assert f'href="{detroit_news.url}"' in page
    assert detroit_news.url.startswith("https://www.detroitnews.com/")


def test_every_sentence_is_shown_with_its_anchor(client, detroit_news):
    page = client.get(detroit_news.get_absolute_url()).content.decode()
    for sentence in detroit_news.sentences.all():
        assert f'id="s{sentence.position}"' in page


def test_evidence_sentences_are_marked_and_labelled_by_provision(client, detroit_news):
    response = client.get(detroit_news.get_absolute_url())
    page = response.content.decode()
    evidence = Evidence.objects.filter(sentence__article=detroit_news, status="confirmed")
    marked = {item.sentence.position for item in evidence.select_related("sentence")}
    assert response.context["evidence_count"] == len(marked) == 9
    for position in marked:
        assert f'<span class="s evidence" id="s{position}">' in page
    # The sentence on intermediate-range missiles carries both missile articles' labels.
    missiles = evidence.get(provision__treaty__slug="us-russia", provision__article=6).sentence
    start = page.index(f'id="s{missiles.position}"')
    labels = page[start : page.index("</span></span>", start)]
    assert 'href="/provisions/russia-nato-5/"' in labels
    assert 'href="/provisions/us-russia-6/"' in labels


def test_an_undated_article_without_an_address_says_so(client):
    article = Article.objects.get(source_name="004_6edbba0f7de55dce.txt")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Undated" in page
    assert "No original address recorded" in page


def test_a_missing_article_is_a_404_page(client):
    response = client.get(reverse("article-detail", args=[987654]))
    assert response.status_code == 404
    assert "No article has this address." in response.content.decode()
