"""The one filter grammar of the site and the API: `?field=value`, comma lists for OR within a
field, AND across fields, `search=`, `ordering=`.

Every parameter is checked: an unknown parameter, a malformed value or an unknown slug makes
the whole request invalid (a 400 naming the parameter and the valid ones), so a typo never
returns a silently unfiltered list.
"""

import django_filters
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db.models import Q

from treaties.models import Measure, Party, Provision, Region, Treaty, WeaponClass

# Parameters a list accepts besides its filters: pagination and output format.
PASSTHROUGH_PARAMETERS = frozenset({"page", "page_size", "format"})
MAX_LIST_ITEMS = 50


class FilterError(Exception):
    """A request's filter parameters are invalid; `errors` maps each bad parameter to why."""

    def __init__(self, errors: dict[str, list[str]], valid_parameters: list[str]):
        self.errors = errors
        self.valid_parameters = valid_parameters
        super().__init__(self.message)

    @property
    def message(self) -> str:
        problems = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in self.errors.items())
        return f"Invalid filter: {problems}. Valid parameters: {', '.join(self.valid_parameters)}."


class CommaListField(forms.CharField):
    """A comma-separated list of values, each checked by `validate_item`."""

    def __init__(self, *args, validate_item=None, **kwargs):
        self.validate_item = validate_item
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return []
        items = [item.strip() for item in text.split(",")]
        if any(not item for item in items):
            raise ValidationError("Empty item in the comma list.")
        if len(items) > MAX_LIST_ITEMS:
            raise ValidationError(f"At most {MAX_LIST_ITEMS} values.")
        return [self.validate_item(item) if self.validate_item else item for item in items]


class SlugListField(CommaListField):
    """Slugs of existing rows of `model`, cleaned to the rows' primary keys.

    `model` may be an "app_label.Model" name, looked up when a value is cleaned: the
    `outlet` filter names `articles.Outlet` that way because `treaties` never imports
    `articles` (it reaches outlets through provision -> evidence -> sentence -> article).
    """

    def __init__(self, *args, model, **kwargs):
        self._model = model
        super().__init__(*args, **kwargs)

    @property
    def model(self):
        return apps.get_model(self._model) if isinstance(self._model, str) else self._model

    def to_python(self, value):
        slugs = super().to_python(value)
        for slug in slugs:
            validate_slug(slug)
        if not slugs:
            return []
        found = dict(self.model.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            name = self.model._meta.verbose_name
            raise ValidationError(f"Unknown {name} {', '.join(map(repr, unknown))}.")
        return [found[slug] for slug in slugs]


def _positive_int(item: str) -> int:
    if not item.isdigit() or int(item) < 1 or int(item) > 10_000:
        raise ValidationError(f"{item!r} is not a positive whole number.")
    return int(item)


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField


class IntListFilter(django_filters.Filter):
    field_class = CommaListField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, validate_item=_positive_int, **kwargs)


class ChoiceListField(CommaListField):
    def __init__(self, *args, choices, **kwargs):
        self.valid = [value for value, _ in choices]
        super().__init__(*args, validate_item=self.check_choice, **kwargs)

    def check_choice(self, item):
        if item not in self.valid:
            raise ValidationError(f"{item!r} is not one of {', '.join(self.valid)}.")
        return item


class ChoiceListFilter(django_filters.Filter):
    field_class = ChoiceListField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.Field):
    """`true`/`false` (also 1/0, yes/no); anything else is an error, not a silent no-filter."""

    values = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return self.values[str(value).lower()]
        except KeyError:
            raise ValidationError(f"{value!r} is not true or false.") from None


class StrictBooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet that rejects parameters it does not know and NUL bytes in any value."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.unknown = sorted(set(self.data) - set(self.filters) - PASSTHROUGH_PARAMETERS)

    @classmethod
    def valid_parameters(cls) -> list[str]:
        return sorted(set(cls.base_filters) | PASSTHROUGH_PARAMETERS)

    def is_valid(self):
        return super().is_valid() and not self.unknown and not self._nul_parameters()

    def _nul_parameters(self):
        return [name for name, values in self.data.lists() if any("\x00" in v for v in values)]

    def error_dict(self) -> dict[str, list[str]]:
        errors = {name: list(messages) for name, messages in self.form.errors.items()}
        for name in self.unknown:
            errors[name] = ["Unknown parameter."]
        for name in self._nul_parameters():
            errors[name] = ["NUL bytes are not allowed."]
        return errors

    def filtered(self):
        """The filtered queryset, or FilterError describing every bad parameter."""
        if not self.is_valid():
            raise FilterError(self.error_dict(), self.valid_parameters())
        return self.qs


class ProvisionFilter(StrictFilterSet):
    treaty = SlugListFilter(
        field_name="treaty", lookup_expr="in", model=Treaty, help_text="Treaty slugs."
    )
    article = IntListFilter(field_name="article", help_text="Article numbers.")
    party = SlugListFilter(
        method="filter_party",
        model=Party,
        help_text="Bound parties; a party also matches the groups it belongs to.",
    )
    region = SlugListFilter(
        method="filter_region",
        model=Region,
        help_text="Regions; a country also matches the groups and zones that contain it.",
    )
    weapon_class = SlugListFilter(
        method="filter_weapon_class",
        model=WeaponClass,
        help_text="Weapon classes; a class also matches its sub-classes.",
    )
    measure = ChoiceListFilter(
        field_name="measure", choices=Measure.choices, help_text="Kinds of obligation."
    )
    has_baseline = StrictBooleanFilter(
        method="filter_has_baseline", help_text="Whether the provision has a baseline date."
    )
    baseline_date = django_filters.DateFilter(field_name="baseline_date")
    baseline_before = django_filters.DateFilter(field_name="baseline_date", lookup_expr="lt")
    baseline_after = django_filters.DateFilter(field_name="baseline_date", lookup_expr="gt")
    outlet = SlugListFilter(
        method="filter_outlet",
        model="articles.Outlet",
        help_text="Outlets that reported the provision (confirmed evidence).",
    )
    min_sources = django_filters.NumberFilter(
        field_name="source_count",
        lookup_expr="gte",
        min_value=0,
        max_value=10_000,
        help_text="Least number of outlets with confirmed evidence.",
    )
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="Words to find in titles, summaries and evidence sentences.",
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("article", "article"),
            ("treaty__slug", "treaty"),
            ("baseline_date", "baseline_date"),
            ("source_count", "sources"),
            ("confirmed_count", "evidence"),
        ),
        help_text="Sort keys; prefix with - for descending.",
    )

    class Meta:
        model = Provision
        fields = []

    def filter_party(self, queryset, name, party_ids):
        if not party_ids:
            return queryset
        groups = Party.objects.filter(Q(pk__in=party_ids) | Q(members__in=party_ids))
        through = Provision.bound_parties.through.objects
        return queryset.filter(pk__in=through.filter(party__in=groups).values("provision_id"))

    def filter_region(self, queryset, name, region_ids):
        if not region_ids:
            return queryset
        through = Provision.regions.through.objects
        containing = Region.objects.containing(region_ids).values("pk")
        return queryset.filter(pk__in=through.filter(region__in=containing).values("provision_id"))

    def filter_weapon_class(self, queryset, name, class_ids):
        if not class_ids:
            return queryset
        through = Provision.weapon_classes.through.objects
        subtree = WeaponClass.objects.descendants_of(class_ids)
        return queryset.filter(
            pk__in=through.filter(weaponclass__in=subtree).values("provision_id")
        )

    def filter_has_baseline(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(baseline_date__isnull=not value)

    def filter_outlet(self, queryset, name, outlet_ids):
        if not outlet_ids:
            return queryset
        return queryset.filter(
            pk__in=Provision.objects.filter(
                evidence__status="confirmed", evidence__sentence__article__outlet__in=outlet_ids
            ).values("pk")
        )

    def filter_search(self, queryset, name, text):
        return queryset.search(text) if text.strip() else queryset
