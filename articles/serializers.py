"""How the API shows outlets, articles, sentences and evidence, and what editors send to
record evidence."""

from rest_framework import serializers

from articles.models import Article, Evidence, Outlet, Sentence
from config.rest import ApiLinkField, SiteLinkField
from treaties.serializers import (
    ArticleRefSerializer,
    OutletRefSerializer,
    ProvisionRefSerializer,
    ProvisionSlugField,
    SentenceRefSerializer,
)


class OutletSerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:outlet-detail", "slug")
    article_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Outlet
        fields = ["url", "slug", "name", "domain", "article_count"]
        read_only_fields = fields

    csv_columns = tuple((name, name) for name in Meta.fields)


class SentenceEvidenceSerializer(serializers.ModelSerializer):
    """An evidence link as seen from its sentence: the provision it reports."""

    url = ApiLinkField("api:evidence-detail")
    provision = ProvisionRefSerializer(read_only=True)

    class Meta:
        model = Evidence
        fields = ["id", "url", "provision", "relation", "status", "needs_review"]
        read_only_fields = fields


class ArticleSentenceSerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:sentence-detail")
    evidence = SentenceEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Sentence
        fields = ["id", "url", "position", "text", "start", "end", "evidence"]
        read_only_fields = fields


class ArticleSerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:article-detail")
    html_url = SiteLinkField("article-detail", "pk")
    outlet = OutletRefSerializer(read_only=True)
    source_url = serializers.CharField(
        source="url", read_only=True, help_text="Where the outlet published it; may be empty."
    )
    sentence_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "html_url",
            "outlet",
            "title",
            "source_url",
            "published",
            "language",
            "version",
            "previous_version",
            "note",
            "sentence_count",
        ]
        read_only_fields = fields

    csv_columns = tuple((name, name) for name in Meta.fields if name != "html_url")


class ArticleDetailSerializer(ArticleSerializer):
    sentences = ArticleSentenceSerializer(
        many=True,
        read_only=True,
        help_text="The cleaned body, sentence by sentence, with offsets into it.",
    )

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "sentences"]
        read_only_fields = fields


class SentenceSerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:sentence-detail")
    article = ArticleRefSerializer(read_only=True)
    evidence = SentenceEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Sentence
        fields = ["id", "url", "article", "position", "text", "start", "end", "evidence"]
        read_only_fields = fields

    csv_columns = (
        ("id", "id"),
        ("url", "url"),
        ("article", "article.id"),
        ("article_title", "article.title"),
        ("outlet", "article.outlet"),
        ("published", "article.published"),
        ("position", "position"),
        ("start", "start"),
        ("end", "end"),
        ("text", "text"),
        ("provisions", "evidence.provision"),
    )


class EvidenceSerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:evidence-detail")
    provision = ProvisionRefSerializer(read_only=True)
    sentence = SentenceRefSerializer(read_only=True)
    article = ArticleRefSerializer(source="sentence.article", read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "url",
            "provision",
            "sentence",
            "article",
            "relation",
            "status",
            "score",
            "matched_terms",
            "needs_review",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    csv_columns = (
        ("id", "id"),
        ("url", "url"),
        ("provision", "provision"),
        ("provision_label", "provision.label"),
        ("relation", "relation"),
        ("status", "status"),
        ("score", "score"),
        ("matched_terms", "matched_terms"),
        ("needs_review", "needs_review"),
        ("sentence", "sentence.id"),
        ("sentence_text", "sentence.text"),
        ("start", "sentence.start"),
        ("end", "sentence.end"),
        ("article", "article.id"),
        ("article_title", "article.title"),
        ("outlet", "article.outlet"),
        ("published", "article.published"),
        ("source_url", "article.source_url"),
        ("note", "note"),
    )


class EvidenceWriteSerializer(serializers.ModelSerializer):
    """What an editor sends to record or change evidence: the sentence by id, the provision
    by slug."""

    provision = ProvisionSlugField()

    class Meta:
        model = Evidence
        fields = ["sentence", "provision", "relation", "status", "score", "note", "needs_review"]
        extra_kwargs = {"score": {"min_value": 0}}
