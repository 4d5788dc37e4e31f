"""How the API shows outlets and articles, and the references to outlets, articles and
sentences that other records carry."""

from rest_framework import serializers

from articles.models import Article, Outlet
from core.links import ApiLinkField, SiteLinkField
from core.serializers import TabularSerializer

# --- References: a related record as its id or slug, name and API URL ---


class OutletRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    url = ApiLinkField("api:outlet-detail", "slug")


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = ApiLinkField("api:article-detail")
    title = serializers.CharField(read_only=True)
    source_url = serializers.CharField(
        source="url", read_only=True, help_text="Where the outlet published it; may be empty."
    )
    published = serializers.DateField(read_only=True, allow_null=True)
    outlet = OutletRefSerializer(read_only=True)


class SentenceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = ApiLinkField("api:sentence-detail")
    position = serializers.IntegerField(read_only=True, help_text="0-based, in the article.")
    text = serializers.CharField(read_only=True)
    start = serializers.IntegerField(read_only=True, help_text="Offset in the article's body.")
    end = serializers.IntegerField(read_only=True, help_text="Offset just past the sentence.")


# --- Outlets and articles ---


class OutletSerializer(TabularSerializer):
    url = ApiLinkField("api:outlet-detail", "slug")
    article_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Outlet
        fields = ["url", "slug", "name", "domain", "article_count"]
        read_only_fields = fields

    csv_columns = tuple((name, name) for name in Meta.fields)


class ArticleSerializer(TabularSerializer):
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
