"""How the API shows the treaty data, and what editors may send to change a provision."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.rest import ApiLinkField, SiteLinkField
from treaties.filters import PROVISION_SLUG_PATTERN, provision_key
from treaties.models import Party, Provision, Region, Treaty, WeaponClass

# --- References: a related record as slug, name and API URL ---


class PartyRefSerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:party-detail", "slug")

    class Meta:
        model = Party
        fields = ["slug", "name", "url"]


class RegionRefSerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:region-detail", "slug")

    class Meta:
        model = Region
        fields = ["slug", "name", "url"]


class WeaponClassRefSerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:weaponclass-detail", "slug")

    class Meta:
        model = WeaponClass
        fields = ["slug", "name", "url"]


class ProvisionRefSerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:provision-detail", "slug")
    slug = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True, help_text="e.g. “US–Russia Art. 4(2)”.")

    class Meta:
        model = Provision
        fields = ["slug", "label", "title", "url"]


# --- How a provision's evidence is shown. Defined here by attribute paths, because
# `treaties` never imports `articles`; articles.serializers reuses these. ---


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


class ProvisionEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = ApiLinkField("api:evidence-detail")
    relation = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    sentence = SentenceRefSerializer(read_only=True)
    article = ArticleRefSerializer(source="sentence.article", read_only=True)


# --- Provisions ---


class EvidenceCountsSerializer(serializers.Serializer):
    confirmed = serializers.IntegerField(source="confirmed_count", read_only=True)
    suggested = serializers.IntegerField(source="suggested_count", read_only=True)
    rejected = serializers.IntegerField(source="rejected_count", read_only=True)


class ProvisionSerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:provision-detail", "slug")
    html_url = SiteLinkField("provision-detail", "slug")
    slug = serializers.CharField(read_only=True, help_text="e.g. “us-russia-4-2”.")
    label = serializers.CharField(read_only=True, help_text="e.g. “US–Russia Art. 4(2)”.")
    treaty = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    bound_parties = PartyRefSerializer(many=True, read_only=True)
    regions = RegionRefSerializer(many=True, read_only=True)
    weapon_classes = WeaponClassRefSerializer(many=True, read_only=True)
    related = ProvisionRefSerializer(many=True, read_only=True)
    evidence_counts = EvidenceCountsSerializer(
        source="*", read_only=True, help_text="Evidence sentences by status."
    )
    source_count = serializers.IntegerField(
        read_only=True, help_text="Outlets with confirmed evidence."
    )

    class Meta:
        model = Provision
        fields = [
            "url",
            "html_url",
            "slug",
            "treaty",
            "article",
            "paragraph",
            "label",
            "title",
            "summary",
            "measure",
            "bound_parties",
            "regions",
            "no_region",
            "weapon_classes",
            "baseline_date",
            "baseline_note",
            "exceptions",
            "related",
            "evidence_counts",
            "source_count",
        ]
        read_only_fields = fields

    csv_columns = (
        ("slug", "slug"),
        ("url", "url"),
        ("treaty", "treaty"),
        ("article", "article"),
        ("paragraph", "paragraph"),
        ("label", "label"),
        ("title", "title"),
        ("summary", "summary"),
        ("measure", "measure"),
        ("bound_parties", "bound_parties"),
        ("regions", "regions"),
        ("no_region", "no_region"),
        ("weapon_classes", "weapon_classes"),
        ("baseline_date", "baseline_date"),
        ("baseline_note", "baseline_note"),
        ("exceptions", "exceptions"),
        ("related", "related"),
        ("confirmed_evidence", "evidence_counts.confirmed"),
        ("suggested_evidence", "evidence_counts.suggested"),
        ("rejected_evidence", "evidence_counts.rejected"),
        ("source_count", "source_count"),
    )


class ProvisionDetailSerializer(ProvisionSerializer):
    evidence = ProvisionEvidenceSerializer(
        many=True,
        read_only=True,
        source="evidence_for_display",
        help_text="Every sentence linked to the provision, whatever its status.",
    )

    class Meta(ProvisionSerializer.Meta):
        fields = [*ProvisionSerializer.Meta.fields, "version", "evidence"]
        read_only_fields = fields


@extend_schema_field({"type": "string", "pattern": PROVISION_SLUG_PATTERN})
class ProvisionSlugField(serializers.RelatedField):
    """A provision named by its slug ("us-russia-4-2") in a request body."""

    default_error_messages = {
        "invalid": "Give a provision slug such as us-russia-4-2.",
        "does_not_exist": "Unknown provision {value!r}.",
    }

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Provision.objects.with_labels())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        key = provision_key(data)
        if key is None:
            self.fail("invalid")
        treaty, article, paragraph = key
        try:
            return self.get_queryset().get(
                treaty__slug=treaty, article=article, paragraph=paragraph
            )
        except Provision.DoesNotExist:
            self.fail("does_not_exist", value=data)

    def to_representation(self, value):
        return value.slug


class ProvisionUpdateSerializer(serializers.ModelSerializer):
    """What an editor may change; the treaty, article and paragraph name the provision."""

    bound_parties = serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=Party.objects.all(), allow_empty=False
    )
    regions = serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=Region.objects.all(), required=False
    )
    weapon_classes = serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=WeaponClass.objects.all(), required=False
    )
    related = ProvisionSlugField(many=True, required=False)
    version = serializers.IntegerField(
        min_value=1,
        write_only=True,
        help_text=(
            "The provision's `version` as you read it. If someone saved it since, the update "
            "is refused with 409 Conflict instead of overwriting their change."
        ),
    )

    def validate(self, attrs):
        # Required in a partial update too: an edit not based on a known version could undo
        # someone else's change without either editor noticing.
        if "version" not in attrs:
            raise serializers.ValidationError(
                {"version": ["Give the version of the provision your change is based on."]}
            )
        return attrs

    class Meta:
        model = Provision
        fields = [
            "version",
            "title",
            "summary",
            "measure",
            "bound_parties",
            "regions",
            "no_region",
            "weapon_classes",
            "baseline_date",
            "baseline_note",
            "exceptions",
            "related",
        ]


class ProvisionConflictSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What happened and what to do: reload, reapply.")
    current_version = serializers.IntegerField(help_text="The provision's version now.")


# --- The vocabulary and the treaties ---


class PartySerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:party-detail", "slug")
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)
    members = PartyRefSerializer(many=True, read_only=True)
    member_of = PartyRefSerializer(many=True, read_only=True)

    class Meta:
        model = Party
        fields = ["url", "slug", "name", "kind", "iso_code", "aliases", "members", "member_of"]
        read_only_fields = fields

    csv_columns = tuple((name, name) for name in Meta.fields)


class RegionSerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:region-detail", "slug")
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)
    members = RegionRefSerializer(many=True, read_only=True)
    member_of = RegionRefSerializer(many=True, read_only=True)

    class Meta:
        model = Region
        fields = [
            "url",
            "slug",
            "name",
            "kind",
            "iso_code",
            "description",
            "aliases",
            "members",
            "member_of",
        ]
        read_only_fields = fields

    csv_columns = tuple((name, name) for name in Meta.fields)


class WeaponClassSerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:weaponclass-detail", "slug")
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)
    parent = WeaponClassRefSerializer(read_only=True, allow_null=True)
    children = WeaponClassRefSerializer(many=True, read_only=True)
    provision_count = serializers.IntegerField(
        read_only=True, help_text="Provisions tagged with this class itself."
    )

    class Meta:
        model = WeaponClass
        fields = ["url", "slug", "name", "parent", "children", "aliases", "provision_count"]
        read_only_fields = fields

    csv_columns = tuple((name, name) for name in Meta.fields)


class TreatySerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:treaty-detail", "slug")
    html_url = SiteLinkField("treaty-detail", "slug")
    proposer = PartyRefSerializer(read_only=True)
    parties = PartyRefSerializer(many=True, read_only=True)
    provisions = ProvisionRefSerializer(many=True, read_only=True)

    class Meta:
        model = Treaty
        fields = [
            "url",
            "html_url",
            "slug",
            "short_title",
            "title",
            "proposer",
            "parties",
            "article_count",
            "handed_over",
            "published",
            "status",
            "source_url",
            "description",
            "provisions",
        ]
        read_only_fields = fields

    csv_columns = tuple((name, name) for name in Meta.fields if name != "html_url")
