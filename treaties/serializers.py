"""How the API shows the treaty data, and what editors may send to change a provision."""

from typing import Any, ClassVar

from rest_framework import serializers

from core.links import ApiLinkField, SiteLinkField
from core.serializers import Columns, TabularSerializer
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
    # Typed as Any: DRF's stubs give every field a `label` attribute, and this field of the
    # same name shadows it.
    label: Any = serializers.CharField(read_only=True, help_text="e.g. “US–Russia Art. 4(2)”.")

    class Meta:
        model = Provision
        fields = ["slug", "label", "title", "url"]


# --- Provisions ---


class ProvisionSerializer(TabularSerializer):
    url = ApiLinkField("api:provision-detail", "slug")
    html_url = SiteLinkField("provision-detail", "slug")
    slug = serializers.CharField(read_only=True, help_text="e.g. “us-russia-4-2”.")
    label: Any = serializers.CharField(read_only=True, help_text="e.g. “US–Russia Art. 4(2)”.")
    treaty: serializers.SlugRelatedField[Treaty] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    bound_parties = PartyRefSerializer(many=True, read_only=True)
    regions = RegionRefSerializer(many=True, read_only=True)
    weapon_classes = WeaponClassRefSerializer(many=True, read_only=True)
    related = ProvisionRefSerializer(many=True, read_only=True)

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
        ]
        read_only_fields = fields

    csv_columns: ClassVar[Columns] = (
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
    )


class ProvisionSlugField(serializers.SlugRelatedField):
    """A provision named by its slug ("us-russia-4-2") in a request body."""

    default_error_messages = {
        "does_not_exist": "Unknown provision {value!r}.",
        "invalid": "Give a provision slug such as us-russia-4-2.",
    }

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Provision.objects.with_labels())
        super().__init__(slug_field="slug", **kwargs)


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
        fields = ["version", *Provision.CONTENT_FIELDS, *Provision.RELATIONS]


class ProvisionConflictSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What happened and what to do: reload, reapply.")
    current_version = serializers.IntegerField(help_text="The provision's version now.")


# --- The vocabulary and the treaties ---


class PartySerializer(TabularSerializer):
    url = ApiLinkField("api:party-detail", "slug")
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)
    members = PartyRefSerializer(many=True, read_only=True)
    member_of = PartyRefSerializer(many=True, read_only=True)

    class Meta:
        model = Party
        fields = ["url", "slug", "name", "kind", "iso_code", "aliases", "members", "member_of"]
        read_only_fields = fields

    csv_columns = tuple((name, name) for name in Meta.fields)


class RegionSerializer(TabularSerializer):
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


class WeaponClassSerializer(TabularSerializer):
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


class TreatySerializer(TabularSerializer):
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
