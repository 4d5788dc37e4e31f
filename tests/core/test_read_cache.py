"""Facets and search results are kept by each process until the data they come from changes."""

import uuid

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from articles.models import Outlet
from core import read_cache
from evidence import facets, search
from evidence.models import Evidence
from evidence.selectors import provision_filters
from tests.factories import ArticleFactory, EvidenceFactory, OutletFactory, SentenceFactory
from treaties.models import Provision

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def kept_between_requests(monkeypatch):
    """What the server does outside a transaction: keep the facets between requests.

    Tests run inside a transaction, where nothing is kept; here it is, for this test only."""
    monkeypatch.setattr(read_cache, "may_reuse", lambda connection: True)
    facets.facet_cache.clear()
    search.search_cache.clear()
    yield
    facets.facet_cache.clear()
    search.search_cache.clear()


def checked(filters=None):
    query = QueryDict(mutable=True)
    query.update(filters or {})
    return provision_filters(query)


def outlet_facet(filters=None, *, filterset=None) -> dict[str, int]:
    state = facets.browse_state(filterset or checked(filters))
    facet = next(f for f in state.facets if f.name == "outlet")
    return {value.value: value.count for group in facet.groups for value in group.values}


def test_facets_are_read_again_for_every_request_inside_a_transaction(
    django_assert_num_queries,
):
    filterset = checked()
    outlet_facet(filterset=filterset)
    # Every facet, each counted by its own filter (see test_browse_pages): 13.
    with django_assert_num_queries(13):
        outlet_facet(filterset=filterset)


def test_a_kept_filter_state_costs_one_query_for_the_stamp(kept_between_requests):
    filterset = checked({"region": "georgia"})
    first = outlet_facet(filterset=filterset)
    with CaptureQueriesContext(connection) as queries:
        again = outlet_facet(filterset=filterset)
    assert again == first
    assert len(queries) == 1
    assert "historicalevidence" in queries[0]["sql"]


def test_another_filter_state_costs_the_same_fixed_queries(kept_between_requests):
    outlet_facet()
    filterset = checked({"region": "georgia"})
    # The stamp and the 13 facet queries: the facets of a state depend on that state.
    with CaptureQueriesContext(connection) as queries:
        outlet_facet(filterset=filterset)
    assert len(queries) == 14


def test_a_confirmed_evidence_sentence_shows_in_the_next_counts(kept_between_requests):
    provision = Provision.objects.get(treaty__slug="us-russia", article=4, paragraph=1)
    outlet = OutletFactory(slug="kept-facets-outlet", name="Kept Facets Outlet")
    article = ArticleFactory(outlet=outlet)
    evidence = EvidenceFactory(
        sentence=SentenceFactory(article=article),
        provision=provision,
        status=Evidence.Status.SUGGESTED,
    )
    assert "kept-facets-outlet" not in outlet_facet()

    evidence.status = Evidence.Status.CONFIRMED
    evidence.save()

    assert outlet_facet()["kept-facets-outlet"] == 1


def test_removed_evidence_leaves_the_next_counts(kept_between_requests):
    confirmed = Evidence.objects.filter(status=Evidence.Status.CONFIRMED)
    evidence = confirmed.select_related("sentence__article").first()
    outlet_id = evidence.sentence.article.outlet_id
    slug = Outlet.objects.get(pk=outlet_id).slug
    before = outlet_facet()[slug]
    # Every confirmed sentence of that outlet on that provision: one provision fewer.
    confirmed.filter(provision=evidence.provision, sentence__article__outlet=outlet_id).delete()
    assert outlet_facet().get(slug, 0) == before - 1


def test_a_renamed_outlet_shows_under_its_new_name(kept_between_requests):
    outlet = Outlet.objects.get(slug="civil-ge")
    outlet_facet()
    outlet.name = "Civil Georgia (renamed)"
    outlet.save()
    query = QueryDict(mutable=True)
    facet = next(
        f for f in facets.browse_state(provision_filters(query)).facets if f.name == "outlet"
    )
    labels = [value.label for group in facet.groups for value in group.values]
    assert "Civil Georgia (renamed)" in labels


def test_kept_values_expire_after_the_maximum_age(kept_between_requests, monkeypatch):
    outlet_facet()
    clock = read_cache.time.time() + read_cache.MAX_AGE_SECONDS + 1
    monkeypatch.setattr(read_cache.time, "time", lambda: clock)
    with CaptureQueriesContext(connection) as queries:
        outlet_facet()
    assert len(queries) > 1


def test_a_value_one_process_computed_is_read_by_the_others(kept_between_requests):
    key = ("test", uuid.uuid4().hex)
    one, other = (
        read_cache.CachedUntilChanged(facets._facet_sources, max_entries=8) for _ in range(2)
    )
    stamp = one.stamp()
    assert one.get(key, stamp, lambda: "computed once") == "computed once"
    # Another worker has nothing in its memory; it finds the value in the shared cache.
    assert other.get(key, stamp, lambda: pytest.fail("computed again")) == "computed once"
    # Once the data changes, the stamp does, and the value is computed anew.
    EvidenceFactory()
    assert other.get(key, other.stamp(), lambda: "recomputed") == "recomputed"


def searched(text: str) -> list[str]:
    found = Provision.objects.filter(search.found_by_search(text)).select_related("treaty")
    return sorted(provision.slug for provision in found)


def test_a_kept_search_costs_one_query_for_the_stamp(kept_between_requests):
    first = searched("bases")
    assert first
    with CaptureQueriesContext(connection) as queries:
        assert Provision.objects.filter(search.found_by_search("bases")).count() == len(first)
    # The stamp and the count; the search itself is not run again.
    assert len(queries) == 2


def test_a_search_finds_a_newly_confirmed_sentence(kept_between_requests):
    provision = Provision.objects.filter(treaty__slug="russia-nato").first()
    assert provision.slug not in searched("zeppelinwerft")
    article = ArticleFactory(body="The zeppelinwerft was mentioned once.")
    sentence = SentenceFactory(article=article, start=0, end=len(article.body))
    EvidenceFactory(sentence=sentence, provision=provision)
    assert provision.slug in searched("zeppelinwerft")


def test_inside_a_transaction_the_search_is_a_subquery_of_its_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert searched("bases")
