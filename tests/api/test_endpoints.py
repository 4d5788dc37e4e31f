"""Every endpoint, list and detail, shows the seed data with stable URLs."""

import pytest

from articles.models import Article, Sentence
from evidence.models import Evidence
from tests.api.helpers import results

pytestmark = pytest.mark.usefixtures("seeded")

BASE = "http://testserver/api"


def test_the_api_root_links_every_endpoint_the_schema_and_the_docs(client):
    response = client.get("/api/")
    assert response.status_code == 200
    assert response.json() == {
        "provisions": f"{BASE}/provisions/",
        "treaties": f"{BASE}/treaties/",
        "parties": f"{BASE}/parties/",
        "regions": f"{BASE}/regions/",
        "weapon-classes": f"{BASE}/weapon-classes/",
        "outlets": f"{BASE}/outlets/",
        "articles": f"{BASE}/articles/",
        "sentences": f"{BASE}/sentences/",
        "evidence": f"{BASE}/evidence/",
        "schema": f"{BASE}/schema/",
        "docs": f"{BASE}/docs/",
    }


def test_a_provision_in_the_list_carries_its_structured_data(client):
    rows = results(client.get("/api/provisions/?treaty=russia-nato&article=4"))
    assert rows == [
        {
            "url": f"{BASE}/provisions/russia-nato-4/",
            "html_url": rows[0]["html_url"],
            "slug": "russia-nato-4",
            "treaty": "russia-nato",
            "article": 4,
            "paragraph": 0,
            "label": "Russia–NATO Art. 4",
            "title": "No forces in other European states beyond those of 27 May 1997",
            "summary": rows[0]["summary"],
            "measure": "deployment",
            "bound_parties": [
                {
                    "slug": "nato-members-1997",
                    "name": "NATO members as of 27 May 1997",
                    "url": f"{BASE}/parties/nato-members-1997/",
                },
                {"slug": "russia", "name": "Russian Federation", "url": f"{BASE}/parties/russia/"},
            ],
            "regions": [
                {
                    "slug": "europe-other-states",
                    "name": "Territory of other states in Europe",
                    "url": f"{BASE}/regions/europe-other-states/",
                }
            ],
            "no_region": False,
            "weapon_classes": [
                {
                    "slug": "armed-forces",
                    "name": "Armed forces and armaments",
                    "url": f"{BASE}/weapon-classes/armed-forces/",
                }
            ],
            "baseline_date": "1997-05-27",
            "baseline_note": rows[0]["baseline_note"],
            "exceptions": rows[0]["exceptions"],
            "related": [
                {
                    "slug": "us-russia-5-1",
                    "label": "US–Russia Art. 5(1)",
                    "title": "No threatening deployments of forces outside national territory",
                    "url": f"{BASE}/provisions/us-russia-5-1/",
                }
            ],
            "evidence_counts": {"confirmed": 6, "suggested": 0, "rejected": 0},
            "source_count": 4,
        }
    ]
    assert "27 May 1997" in rows[0]["summary"]
    assert "Founding Act" in rows[0]["baseline_note"]
    assert rows[0]["exceptions"]
    # The site's provision page, once it exists; the API never depends on it.
    assert rows[0]["html_url"] is None or rows[0]["html_url"].startswith("http://testserver/")


def test_a_provision_detail_lists_its_evidence_with_sentence_article_and_outlet(client):
    response = client.get("/api/provisions/russia-nato-4/")
    assert response.status_code == 200
    provision = response.json()
    assert provision["slug"] == "russia-nato-4"
    assert len(provision["evidence"]) == 6
    assert {e["article"]["outlet"]["slug"] for e in provision["evidence"]} == {
        "associated-press",
        "detroit-news",
        "civil-ge",
        "brasov-romania-news",
    }
    first = provision["evidence"][0]
    sentence = Sentence.objects.select_related("article__outlet").get(pk=first["sentence"]["id"])
    assert first["sentence"] == {
        "id": sentence.pk,
        "url": f"{BASE}/sentences/{sentence.pk}/",
        "position": sentence.position,
        "text": sentence.text,
        "start": sentence.start,
        "end": sentence.end,
    }
    assert (
        sentence.article.body[first["sentence"]["start"] : first["sentence"]["end"]]
        == (first["sentence"]["text"])
    )
    assert first["article"] == {
        "id": sentence.article.pk,
        "url": f"{BASE}/articles/{sentence.article.pk}/",
        "title": sentence.article.title,
        "source_url": sentence.article.url,
        "published": sentence.article.published.isoformat(),
        "outlet": {
            "slug": sentence.article.outlet.slug,
            "name": sentence.article.outlet.name,
            "url": f"{BASE}/outlets/{sentence.article.outlet.slug}/",
        },
    }
    assert (first["relation"], first["status"]) == ("reports", "confirmed")
    assert "1997" in " ".join(e["sentence"]["text"] for e in provision["evidence"])


def test_every_record_of_every_list_links_to_its_own_detail(client):
    for endpoint in [
        "provisions",
        "treaties",
        "parties",
        "regions",
        "weapon-classes",
        "outlets",
        "articles",
        "sentences",
        "evidence",
    ]:
        rows = results(client.get(f"/api/{endpoint}/?page_size=3"))
        assert rows, endpoint
        for row in rows:
            key = "slug" if "slug" in row else "id"
            assert row["url"] == f"{BASE}/{endpoint}/{row[key]}/"
            detail = client.get(row["url"])
            assert detail.status_code == 200, row["url"]
            assert detail.json()[key] == row[key]


def test_the_treaties_list_has_both_drafts_with_parties_and_provisions(client):
    rows = results(client.get("/api/treaties/"))
    assert [t["slug"] for t in rows] == ["russia-nato", "us-russia"]
    us_russia = rows[1]
    assert us_russia["short_title"] == "US–Russia"
    assert us_russia["proposer"]["slug"] == "russia"
    assert {p["slug"] for p in us_russia["parties"]} == {"united-states", "russia"}
    assert us_russia["article_count"] == 8
    assert (us_russia["handed_over"], us_russia["published"]) == ("2021-12-15", "2021-12-17")
    assert us_russia["status"] == "draft"
    assert [p["slug"] for p in us_russia["provisions"]][:5] == [
        "us-russia-1",
        "us-russia-2",
        "us-russia-3",
        "us-russia-4-1",
        "us-russia-4-2",
    ]


def test_treaties_can_be_filtered_by_party(client):
    rows = results(client.get("/api/treaties/?party=nato-member-states"))
    assert [t["slug"] for t in rows] == ["russia-nato"]


def test_a_party_shows_its_members_and_the_groups_it_belongs_to(client):
    group = client.get("/api/parties/nato-members-1997/").json()
    assert group["kind"] == "group"
    assert len(group["members"]) == 16
    assert "germany" in {m["slug"] for m in group["members"]}
    germany = client.get("/api/parties/germany/").json()
    assert (germany["kind"], germany["iso_code"]) == ("state", "DE")
    assert {g["slug"] for g in germany["member_of"]} == {
        "nato",
        "nato-member-states",
        "nato-members-1997",
    }


def test_parties_can_be_filtered_by_kind(client):
    rows = results(client.get("/api/parties/?kind=alliance,group"))
    assert [p["slug"] for p in rows] == ["nato", "nato-member-states", "nato-members-1997"]


def test_regions_that_contain_georgia_are_the_groups_with_it_as_a_member(client):
    rows = results(client.get("/api/regions/?contains=georgia&page_size=100"))
    assert {r["slug"] for r in rows} == {
        "georgia",
        "former-ussr",
        "former-ussr-outside-nato",
        "south-caucasus",
        "non-nato-states",
    }


def test_a_weapon_class_shows_its_parent_and_children(client):
    inf = client.get("/api/weapon-classes/intermediate-range-missiles/").json()
    assert inf["parent"]["slug"] == "missiles"
    assert [c["slug"] for c in inf["children"]] == ["ground-launched-intermediate-range-missiles"]
    rows = results(client.get("/api/weapon-classes/?within=missiles"))
    assert {w["slug"] for w in rows} == {
        "missiles",
        "intermediate-range-missiles",
        "ground-launched-intermediate-range-missiles",
        "shorter-range-missiles",
        "ground-launched-shorter-range-missiles",
    }


def test_outlets_list_the_five_seed_outlets_with_their_article_counts(client):
    rows = results(client.get("/api/outlets/"))
    assert {(o["slug"], o["article_count"]) for o in rows} == {
        ("associated-press", 1),
        ("brasov-romania-news", 1),
        ("civil-ge", 1),
        ("detroit-news", 1),
        ("top-channel", 1),
    }


def test_articles_are_newest_first_with_the_undated_one_last(client):
    rows = results(client.get("/api/articles/"))
    assert rows[0]["outlet"]["slug"] == "civil-ge"
    assert rows[0]["published"] == "2021-12-20"
    assert rows[-1]["outlet"]["slug"] == "brasov-romania-news"
    assert rows[-1]["published"] is None
    assert all(row["sentence_count"] > 0 for row in rows)


def test_articles_can_be_filtered_by_outlet_and_date(client):
    assert [a["outlet"]["slug"] for a in results(client.get("/api/articles/?outlet=civil-ge"))] == [
        "civil-ge"
    ]
    after = results(client.get("/api/articles/?published_after=2021-12-17"))
    assert [a["outlet"]["slug"] for a in after] == ["civil-ge"]


def test_an_article_detail_has_its_sentences_in_order_with_offsets_and_evidence(client):
    article = Article.objects.get(outlet__slug="civil-ge")
    detail = client.get(f"/api/articles/{article.pk}/").json()
    assert (
        detail["title"] == "Moscow Draft Demands NATO, U.S. Deny Accession of Ex-Soviet Republics"
    )
    sentences = detail["sentences"]
    assert len(sentences) == article.sentences.count() == detail["sentence_count"]
    assert [s["position"] for s in sentences] == list(range(len(sentences)))
    for sentence in sentences:
        assert article.body[sentence["start"] : sentence["end"]] == sentence["text"]
    reported = {e["provision"]["slug"] for s in sentences for e in s["evidence"]}
    assert {"us-russia-4-1", "us-russia-4-2", "us-russia-6", "us-russia-7"} <= reported


def test_sentences_can_be_filtered_by_the_provision_they_report(client):
    rows = results(client.get("/api/sentences/?provision=us-russia-7&page_size=100"))
    assert len(rows) == 2
    assert all("us-russia-7" in {e["provision"]["slug"] for e in row["evidence"]} for row in rows)
    assert {row["article"]["outlet"]["slug"] for row in rows} == {"civil-ge"}


def test_sentence_filters_on_provision_and_status_apply_to_the_same_evidence_link(client):
    # A Civil.ge sentence reports us-russia 6 and 7; reject only its link to 7.
    link = Evidence.objects.filter(provision__treaty__slug="us-russia", provision__article=7)
    link = link.filter(sentence__evidence__provision__article=6).get()
    link.status = Evidence.Status.REJECTED
    link.save()
    confirmed = results(
        client.get("/api/sentences/?provision=us-russia-7&status=confirmed&page_size=100")
    )
    rejected = results(client.get("/api/sentences/?provision=us-russia-7&status=rejected"))
    assert link.sentence_id not in {row["id"] for row in confirmed}
    assert [row["id"] for row in rejected] == [link.sentence_id]
    # Its confirmed link to us-russia 6 still finds it.
    still = results(client.get("/api/sentences/?provision=us-russia-6&status=confirmed"))
    assert link.sentence_id in {row["id"] for row in still}


def test_sentences_can_be_searched_and_filtered_by_outlet_and_article(client):
    # "Georgia" stems to itself, so substring and full-text search agree on it.
    article = Article.objects.get(outlet__slug="detroit-news")
    rows = results(client.get(f"/api/sentences/?article={article.pk}&search=Georgia"))
    assert len(rows) == 2
    assert all("Georgia" in row["text"] for row in rows)
    assert all(row["article"]["id"] == article.pk for row in rows)
    by_outlet = results(client.get("/api/sentences/?outlet=detroit-news&search=Georgia"))
    assert [row["id"] for row in by_outlet] == [row["id"] for row in rows]


def test_evidence_can_be_filtered_by_provision_outlet_status_and_relation(client):
    rows = results(
        client.get(
            # Top Channel did not report russia-nato 4; Civil.ge did.
            "/api/evidence/?provision=russia-nato-4&outlet=civil-ge,top-channel"
            "&status=confirmed&relation=reports"
        )
    )
    assert {(e["provision"]["slug"], e["article"]["outlet"]["slug"]) for e in rows} == {
        ("russia-nato-4", "civil-ge")
    }
    assert results(client.get("/api/evidence/?status=suggested")) == []


def test_evidence_search_looks_in_the_sentence(client):
    rows = results(client.get("/api/evidence/?search=Georgia&provision=us-russia-4-2"))
    assert rows
    assert all("georgia" in e["sentence"]["text"].lower() for e in rows)
    assert {e["provision"]["slug"] for e in rows} == {"us-russia-4-2"}


def test_evidence_by_article_lists_that_articles_links(client):
    article = Article.objects.get(outlet__slug="top-channel")
    rows = results(client.get(f"/api/evidence/?article={article.pk}&page_size=100"))
    assert len(rows) == Evidence.objects.filter(sentence__article=article).count() == 8
