"""How the API shows provisions with their reporting, articles with their sentences and links,
sentences and evidence, and what editors send to record evidence."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from articles.models import Sentence
from articles.serializers import (
    ArticleRefSerializer,
    ArticleSerializer,
    SentenceRefSerializer,
)
from core.links import ApiLinkField
from core.serializers import TabularSerializer
from evidence.models import Evidence
from treaties.serializers import ProvisionRefSerializer, ProvisionSerializer, ProvisionSlugField

# --- Provisions with how they were reported ---


class EvidenceCountsSerializer(serializers.Serializer):
    confirmed = serializers.IntegerField(source="confirmed_count", read_only=True)
    suggested = serializers.IntegerField(source="suggested_count", read_only=True)
    rejected = serializers.IntegerField(source="rejected_count", read_only=True)


# The API calls it "Provision": the provisions it serves are always shown with their reporting.
@extend_schema_serializer(component_name="Provision")
class ReportedProvisionSerializer(ProvisionSerializer):
    evidence_counts = EvidenceCountsSerializer(
        source="*", read_only=True, help_text="Evidence sentences by status."
    )
    source_count = serializers.IntegerField(
        read_only=True, help_text="Outlets with confirmed evidence."
    )

    class Meta(ProvisionSerializer.Meta):
        fields = [*ProvisionSerializer.Meta.fields, "evidence_counts", "source_count"]
        read_only_fields = fields

    csv_columns = (
        *ProvisionSerializer.csv_columns,
        ("confirmed_evidence", "evidence_counts.confirmed"),
        ("suggested_evidence", "evidence_counts.suggested"),
        ("rejected_evidence", "evidence_counts.rejected"),
        ("source_count", "source_count"),
    )


class ProvisionEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = ApiLinkField("api:evidence-detail")
    relation = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    sentence = SentenceRefSerializer(read_only=True)
    article = ArticleRefSerializer(source="sentence.article", read_only=True)


@extend_schema_serializer(component_name="ProvisionDetail")
class ProvisionDetailSerializer(ReportedProvisionSerializer):
    evidence = ProvisionEvidenceSerializer(
        many=True,
        read_only=True,
        source="evidence_for_display",
        help_text="Every sentence linked to the provision, whatever its status.",
    )

    class Meta(ReportedProvisionSerializer.Meta):
        fields = [*ReportedProvisionSerializer.Meta.fields, "version", "evidence"]
        read_only_fields = fields


# --- Articles, sentences and evidence ---


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


class ArticleDetailSerializer(ArticleSerializer):
    sentences = ArticleSentenceSerializer(
        many=True,
        read_only=True,
        help_text="The cleaned body, sentence by sentence, with offsets into it.",
    )

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "sentences"]
        read_only_fields = fields


class SentenceSerializer(TabularSerializer):
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


class EvidenceSerializer(TabularSerializer):
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
