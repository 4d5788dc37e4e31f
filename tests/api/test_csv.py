"""Every list as CSV: the same filter, every row, streamed, safe to open in a spreadsheet."""

import csv
import io

import pytest

from core.csv_export import CSVRenderer, neutralise
from evidence.models import Evidence
from tests.factories import EvidenceFactory, SentenceFactory
from treaties.models import Provision

pytestmark = pytest.mark.usefixtures("seeded")


def read_csv(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_provisions_as_csv_follow_the_same_filter(client):
    response = client.get("/api/provisions/?format=csv&weapon_class=intermediate-range-missiles")
    assert response["Content-Disposition"] == 'attachment; filename="proviso-provisions.csv"'
    rows = read_csv(response)
    assert [row["slug"] for row in rows] == ["russia-nato-5", "us-russia-6"]
    us_russia_6 = rows[1]
    assert us_russia_6["url"] == "http://testserver/api/provisions/us-russia-6/"
    assert us_russia_6["label"] == "US–Russia Art. 6"
    assert us_russia_6["treaty"] == "us-russia"
    assert us_russia_6["bound_parties"] == "russia;united-states"
    assert us_russia_6["related"] == "russia-nato-5"
    assert us_russia_6["confirmed_evidence"] == "3"
    assert us_russia_6["source_count"] == "3"
    assert us_russia_6["no_region"] == "false"
    assert "ground-launched-intermediate-range-missiles" in us_russia_6["weapon_classes"].split(";")


def test_the_csv_header_is_there_even_when_nothing_matches(client):
    response = client.get("/api/provisions/?format=csv&baseline_after=2000-01-01")
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("slug,url,treaty,article,paragraph,label,title,summary,measure,")
    assert text.count("\r\n") == 1


def test_accept_text_csv_gives_the_same_csv_as_format_csv(client):
    by_header = read_csv(
        client.get("/api/provisions/?region=georgia", headers={"Accept": "text/csv"})
    )
    by_parameter = read_csv(client.get("/api/provisions/?region=georgia&format=csv"))
    assert by_header == by_parameter
    assert len(by_header) == 4


def test_csv_has_every_row_not_one_page(client):
    rows = read_csv(client.get("/api/sentences/?format=csv&page_size=5&page=2"))
    assert len(rows) == 158
    assert rows[0]["position"] == "0"


def test_every_list_has_a_csv_twin(client):
    expected = {
        "treaties": 2,
        "parties": 34,
        "regions": 56,
        "weapon-classes": 15,
        "outlets": 5,
        "articles": 5,
        "sentences": 158,
        "evidence": 57,
    }
    for endpoint, count in expected.items():
        response = client.get(f"/api/{endpoint}/?format=csv")
        assert response["Content-Disposition"] == f'attachment; filename="proviso-{endpoint}.csv"'
        assert len(read_csv(response)) == count, endpoint


def test_evidence_csv_has_flat_columns_for_sentence_article_and_outlet(client):
    rows = read_csv(client.get("/api/evidence/?format=csv&provision=us-russia-7"))
    assert len(rows) == 2
    row = rows[0]
    evidence = Evidence.objects.select_related("sentence__article__outlet").get(pk=row["id"])
    assert row["provision"] == "us-russia-7"
    assert row["provision_label"] == "US–Russia Art. 7"
    assert row["sentence_text"] == evidence.sentence.text
    assert (row["start"], row["end"]) == (str(evidence.sentence.start), str(evidence.sentence.end))
    assert row["outlet"] == "civil-ge"
    assert row["published"] == "2021-12-20"
    assert row["status"] == "confirmed"


def test_sentence_csv_lists_the_provisions_each_sentence_reports(client):
    rows = read_csv(client.get("/api/sentences/?format=csv&provision=us-russia-7"))
    assert {row["provisions"] for row in rows} == {"us-russia-6;us-russia-7", "us-russia-7"}


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_that_a_spreadsheet_would_run_as_a_formula_are_neutralised(client, trigger):
    formula = f'{trigger}HYPERLINK("http://evil.example","click")'
    provision = Provision.objects.get(slug="us-russia-8")
    provision.title = formula
    provision.save()
    rows = read_csv(client.get("/api/provisions/?format=csv&article=8&treaty=us-russia"))
    assert rows[0]["title"] == "'" + formula


def test_a_sentence_that_starts_like_a_formula_is_neutralised_in_sentence_and_evidence_csv(client):
    sentence = SentenceFactory(article__body="=1+1 is what the draft says. Then more.")
    EvidenceFactory(sentence=sentence, provision=Provision.objects.get(slug="us-russia-1"))
    sentences = read_csv(client.get(f"/api/sentences/?format=csv&article={sentence.article_id}"))
    assert sentences[0]["text"] == "'=1+1 is what the draft says."
    evidence = read_csv(client.get(f"/api/evidence/?format=csv&article={sentence.article_id}"))
    assert evidence[0]["sentence_text"] == "'=1+1 is what the draft says."


def test_neutralise_leaves_ordinary_values_alone():
    assert neutralise("Russia–NATO Art. 4") == "Russia–NATO Art. 4"
    assert neutralise("-1") == "'-1"
    assert neutralise(3) == 3
    assert neutralise(None) == ""
    assert neutralise(True) == "true"


def test_csv_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    # Provisions and their four prefetches, once per chunk of 500 rows.
    with django_assert_num_queries(5):
        response = client.get("/api/provisions/?format=csv")
        rows = read_csv(response)
    assert len(rows) == 21


def test_the_csv_renderer_writes_flat_records_and_neutralises_them():
    body = CSVRenderer().render([{"slug": "a", "note": "=SUM(A1)"}, {"slug": "b", "note": None}])
    assert body.decode() == "slug,note\r\na,'=SUM(A1)\r\nb,\r\n"
