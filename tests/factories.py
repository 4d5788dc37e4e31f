"""Factories for tests that need their own small world rather than the seed data."""

import hashlib

import factory

from articles.models import Article, Outlet, Sentence
from evidence.models import Evidence
from treaties.models import Measure, Party, Provision, Region, Treaty, WeaponClass


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"party-{n}")
    name = factory.Sequence(lambda n: f"Party {n}")
    kind = Party.Kind.STATE


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"region-{n}")
    name = factory.Sequence(lambda n: f"Region {n}")
    kind = Region.Kind.COUNTRY


class WeaponClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeaponClass
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"weapon-{n}")
    name = factory.Sequence(lambda n: f"Weapon class {n}")


class TreatyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Treaty
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"treaty-{n}")
    title = factory.Sequence(lambda n: f"Treaty number {n}")
    short_title = factory.Sequence(lambda n: f"T{n}")
    proposer = factory.SubFactory(PartyFactory)
    article_count = 9
    source_url = "https://example.org/treaty"


class ProvisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provision

    treaty = factory.SubFactory(TreatyFactory)
    article = factory.Sequence(lambda n: n % 9 + 1)
    paragraph = factory.Sequence(lambda n: n // 9)
    title = factory.Sequence(lambda n: f"Provision {n}")
    summary = "The parties shall refrain from something."
    measure = Measure.PRINCIPLE


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"outlet-{n}")
    name = factory.Sequence(lambda n: f"Outlet {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    outlet = factory.SubFactory(OutletFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    body = factory.Sequence(lambda n: f"Sentence one of article {n}. Sentence two.")
    raw = factory.SelfAttribute("body")
    content_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.body.encode()).hexdigest())


class SentenceFactory(factory.django.DjangoModelFactory):
    """The article's first sentence-sized slice, so that offsets always hold."""

    class Meta:
        model = Sentence

    article = factory.SubFactory(ArticleFactory)
    position = 0
    start = 0
    end = factory.LazyAttribute(lambda o: o.article.body.index(".") + 1)
    text = factory.LazyAttribute(lambda o: o.article.body[o.start : o.end])


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    sentence = factory.SubFactory(SentenceFactory)
    provision = factory.SubFactory(ProvisionFactory)
    relation = Evidence.Relation.REPORTS
    status = Evidence.Status.CONFIRMED
