"""The one filter grammar of the site and the API: `?field=value`, comma lists for OR within a
field, AND across fields, `search=`, `ordering=`.

Every parameter is checked: an unknown parameter, a parameter given twice, a malformed value
or an unknown slug makes the whole request invalid (a 400 naming the parameter and the valid
ones), so a typo never returns a silently unfiltered list. An empty value (`?treaty=`, as an
HTML form sends an unused field) means no filter on that field.
"""

import re

import django_filters
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db.models import Q

from treaties.models import (
    PROVISION_SLUG,
    Measure,
    Party,
    Provision,
    Region,
    Treaty,
    WeaponClass,
)
from treaties.search import found_by_search

# Parameters a list accepts besides its filters: pagination and output format.
PASSTHROUGH_PARAMETERS = frozenset({"page", "page_size", "format"})
MAX_LIST_ITEMS = 50
MAX_SEARCH_LENGTH = 200
# Article numbers, paragraph numbers and row ids are checked against these bounds before any
# query, so that no backend ever sees an integer it cannot store.
MAX_ARTICLE_NUMBER = 10_000
MAX_ROW_ID = 2**53
ASCII_DIGITS = re.compile(r"^[0-9]{1,16}$")
# A provision slug as URLs, filters and request bodies accept it: `PROVISION_SLUG` with
# numbers short enough for every backend's small integers. Also valid as an ECMA regex, so
# the API schema can carry it.
PROVISION_SLUG_PATTERN = r"^[a-z][a-z-]*[a-z]-[0-9]{1,4}(?:-[0-9]{1,4})?$"


def provision_key(slug) -> tuple[str, int, int] | None:
    """(treaty slug, article, paragraph) that a provision slug names, or None if malformed."""
    if (
        not isinstance(slug, str)
        or len(slug) > 100
        or not re.fullmatch(PROVISION_SLUG_PATTERN, slug)
    ):
        return None
    match = PROVISION_SLUG.match(slug)
    return match["treaty"], int(match["article"]), int(match["paragraph"] or 0)


class FilterError(Exception):
    """A request's filter parameters are invalid; `errors` maps each bad parameter to why."""

    def __init__(self, errors: dict[str, list[str]], valid_parameters: list[str]):
        self.errors = errors
        self.valid_parameters = valid_parameters
        super().__init__(self.message)

    @property
    def message(self) -> str:
        problems = describe_errors(self.errors)
        return f"Invalid filter: {problems}. Valid parameters: {', '.join(self.valid_parameters)}."


def describe_errors(errors: dict[str, list[str]]) -> str:
    """`{"page": ["At most 100."]}` as "page: At most 100", for a one-line message."""
    return "; ".join(f"{name}: {' '.join(msgs).rstrip('.')}" for name, msgs in errors.items())


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
    # isdigit() alone would let through digits int() cannot read ("²").
    if not ASCII_DIGITS.match(item) or not 1 <= int(item) <= MAX_ARTICLE_NUMBER:
        raise ValidationError(f"{item!r} is not a positive whole number.")
    return int(item)


class IdListField(CommaListField):
    """Ids of existing rows of `model` ("app_label.Model" or a class), cleaned to the ids."""

    def __init__(self, *args, model, **kwargs):
        self._model = model
        super().__init__(*args, validate_item=self.check_id, **kwargs)

    @property
    def model(self):
        return apps.get_model(self._model) if isinstance(self._model, str) else self._model

    @staticmethod
    def check_id(item: str) -> int:
        if not ASCII_DIGITS.match(item) or not 1 <= int(item) <= MAX_ROW_ID:
            raise ValidationError(f"{item!r} is not an id (a positive whole number).")
        return int(item)

    def to_python(self, value):
        ids = super().to_python(value)
        if not ids:
            return []
        found = set(self.model.objects.filter(pk__in=ids).values_list("pk", flat=True))
        unknown = [str(pk) for pk in ids if pk not in found]
        if unknown:
            name = self.model._meta.verbose_name
            raise ValidationError(f"Unknown {name} id {', '.join(unknown)}.")
        return ids


class ProvisionSlugListField(CommaListField):
    """Provision slugs ("us-russia-4-2", "russia-nato-4"), cleaned to provision ids."""

    def to_python(self, value):
        slugs = super().to_python(value)
        if not slugs:
            return []
        wanted = {}
        for slug in slugs:
            key = provision_key(slug)
            if key is None:
                raise ValidationError(f"{slug!r} is not a provision slug such as us-russia-4-2.")
            wanted[slug] = key
        any_of = Q()
        for treaty, article, paragraph in wanted.values():
            any_of |= Q(treaty__slug=treaty, article=article, paragraph=paragraph)
        found = {
            (treaty, article, paragraph): pk
            for pk, treaty, article, paragraph in Provision.objects.filter(any_of).values_list(
                "pk", "treaty__slug", "article", "paragraph"
            )
        }
        unknown = [slug for slug, key in wanted.items() if key not in found]
        if unknown:
            raise ValidationError(f"Unknown provision {', '.join(map(repr, unknown))}.")
        return [found[wanted[slug]] for slug in slugs]


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField


class IdListFilter(django_filters.Filter):
    field_class = IdListField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)


class ProvisionSlugListFilter(django_filters.Filter):
    field_class = ProvisionSlugListField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)


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


class StrictIntegerField(forms.IntegerField):
    """A whole number in ASCII digits; forms.IntegerField alone also reads "3.0" and "٣"."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not ASCII_DIGITS.match(str(value).strip()):
            raise ValidationError(f"{value!r} is not a whole number.")
        return super().to_python(value)


class StrictIntegerFilter(django_filters.Filter):
    field_class = StrictIntegerField


def _lists(data):
    """(name, values) pairs of a QueryDict or of a plain dict of single values."""
    if hasattr(data, "lists"):
        return list(data.lists())
    return [(name, value if isinstance(value, list) else [value]) for name, value in data.items()]


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet that rejects parameters it does not know, parameters given more than once
    and NUL bytes in any value."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.unknown = sorted(set(self.data) - set(self.filters) - PASSTHROUGH_PARAMETERS)

    @classmethod
    def valid_parameters(cls) -> list[str]:
        return sorted(set(cls.base_filters) | PASSTHROUGH_PARAMETERS)

    def is_valid(self):
        return (
            super().is_valid()
            and not self.unknown
            and not self._nul_parameters()
            and not self._repeated_parameters()
        )

    def _nul_parameters(self):
        return [
            name
            for name, values in _lists(self.data)
            if "\x00" in name or any("\x00" in str(v) for v in values)
        ]

    def _repeated_parameters(self):
        return [name for name, values in _lists(self.data) if len(values) > 1]

    def error_dict(self) -> dict[str, list[str]]:
        errors = {name: list(messages) for name, messages in self.form.errors.items()}
        for name in self.unknown:
            errors[name] = ["Unknown parameter."]
        for name in self._repeated_parameters():
            errors[name] = ["Given more than once; give one value, or a comma list."]
        for name in self._nul_parameters():
            errors[name] = ["NUL bytes are not allowed."]
        # A parameter name is client input too: never echo a NUL byte back.
        return {name.replace("\x00", "\\x00"): messages for name, messages in errors.items()}

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
    baseline_date = django_filters.DateFilter(
        field_name="baseline_date", help_text="Baseline date (YYYY-MM-DD), exactly."
    )
    baseline_before = django_filters.DateFilter(
        field_name="baseline_date",
        lookup_expr="lt",
        help_text="Baseline date strictly before this date (YYYY-MM-DD).",
    )
    baseline_after = django_filters.DateFilter(
        field_name="baseline_date",
        lookup_expr="gt",
        help_text="Baseline date strictly after this date (YYYY-MM-DD).",
    )
    outlet = SlugListFilter(
        method="filter_outlet",
        model="articles.Outlet",
        help_text="Outlets that reported the provision (confirmed evidence).",
    )
    min_sources = StrictIntegerFilter(
        field_name="source_count",
        lookup_expr="gte",
        min_value=0,
        max_value=10_000,
        help_text="Least number of outlets with confirmed evidence.",
    )
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=MAX_SEARCH_LENGTH,
        help_text="Words to find in titles, summaries and confirmed evidence sentences; "
        "every word must match.",
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("article", "article"),
            ("treaty__slug", "treaty"),
            ("baseline_date", "baseline_date"),
            ("source_count", "sources"),
            ("confirmed_count", "evidence"),
        ),
        help_text="Sort keys, comma-separated; prefix with - for descending. "
        "Ties keep treaty, article and paragraph order.",
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
        if not text.strip():
            return queryset
        # A common word matches tens of thousands of sentences, which the search reads
        # whole: once (and kept), not for the page's count and again for its rows.
        return queryset.filter(found_by_search(text))


# The vocabulary lists: few rows, few filters, the same strict grammar.


class TreatyFilter(StrictFilterSet):
    party = SlugListFilter(
        field_name="parties", lookup_expr="in", model=Party, help_text="Parties to the treaty."
    )

    class Meta:
        model = Treaty
        fields = []

    def filter_queryset(self, queryset):
        # Joining the parties repeats a treaty once per matching party.
        return super().filter_queryset(queryset).distinct()


class PartyFilter(StrictFilterSet):
    kind = ChoiceListFilter(
        field_name="kind", choices=Party.Kind.choices, help_text="Kinds of party."
    )

    class Meta:
        model = Party
        fields = []


class RegionFilter(StrictFilterSet):
    kind = ChoiceListFilter(
        field_name="kind", choices=Region.Kind.choices, help_text="Kinds of region."
    )
    contains = SlugListFilter(
        method="filter_contains",
        model=Region,
        help_text="Regions that are, or contain, any of these regions.",
    )

    class Meta:
        model = Region
        fields = []

    def filter_contains(self, queryset, name, region_ids):
        if not region_ids:
            return queryset
        return queryset.filter(pk__in=Region.objects.containing(region_ids).values("pk"))


class WeaponClassFilter(StrictFilterSet):
    within = SlugListFilter(
        method="filter_within",
        model=WeaponClass,
        help_text="These weapon classes and every class below them.",
    )

    class Meta:
        model = WeaponClass
        fields = []

    def filter_within(self, queryset, name, class_ids):
        if not class_ids:
            return queryset
        return queryset.filter(pk__in=WeaponClass.objects.descendants_of(class_ids))
