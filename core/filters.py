"""The one filter grammar of the site and the API: `?field=value`, comma lists for OR within a
field, AND across fields, `search=`, `ordering=`.

Every parameter is checked: an unknown parameter, a parameter given twice, a malformed value
or an unknown slug makes the whole request invalid (a 400 naming the parameter and the valid
ones), so a typo never returns a silently unfiltered list. An empty value (`?treaty=`, as an
HTML form sends an unused field) means no filter on that field.

A filter may also say what it means and what choosing among its values would give: a
`FacetedFilter` carries its legend, the phrase that summarises an active value ("restricting
Georgia") and the counts of its facet. `StrictFilterSet.facets()` computes every facet from
the filters themselves, so that a count is always what choosing that value would list.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Self

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db.models import Model, QuerySet
from django_filters.constants import EMPTY_VALUES

# Parameters a list accepts besides its filters: pagination and output format.
PASSTHROUGH_PARAMETERS = frozenset({"page", "page_size", "format"})
MAX_LIST_ITEMS = 50
MAX_SEARCH_LENGTH = 200
# Numbers in a comma list (article numbers) and row ids are checked against these bounds
# before any query, so that no backend ever sees an integer it cannot store.
MAX_LIST_NUMBER = 10_000
MAX_ROW_ID = 2**53
ASCII_DIGITS = re.compile(r"^[0-9]{1,16}$")
# A slug as URLs, filters and the API schema accept it (also a valid ECMA regex).
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


class FilterError(Exception):
    """A request's filter parameters are invalid; `errors` maps each bad parameter to why."""

    def __init__(self, errors: dict[str, list[str]], valid_parameters: list[str] | None):
        self.errors = errors
        self.valid_parameters = valid_parameters
        super().__init__(self.message)

    @property
    def message(self) -> str:
        valid = ", ".join(self.valid_parameters or [])
        return f"Invalid filter: {describe_errors(self.errors)}. Valid parameters: {valid}."


class ParameterError(FilterError):
    """A bad query parameter outside the filters (page, page_size, format, or any parameter of
    a detail URL). `valid_parameters` None means: those of the view that raised it."""

    def __init__(self, errors: dict[str, list[str]], valid_parameters: list[str] | None = None):
        super().__init__(errors, valid_parameters)

    @property
    def message(self) -> str:
        valid = (
            f" Valid parameters: {', '.join(self.valid_parameters)}."
            if self.valid_parameters
            else ""
        )
        return f"Invalid parameter: {describe_errors(self.errors)}.{valid}"


def describe_errors(errors: dict[str, list[str]]) -> str:
    """`{"page": ["At most 100."]}` as "page: At most 100", for a one-line message."""
    return "; ".join(f"{name}: {' '.join(msgs).rstrip('.')}" for name, msgs in errors.items())


def safe_name(name: str) -> str:
    """A parameter name fit to echo back (client input: never a NUL byte)."""
    return name.replace("\x00", "\\x00")


def join_words(parts: list[str], last: str = " or ") -> str:
    """ "a, b or c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + last + parts[-1]


# --- Fields: one parameter's text, checked and cleaned ---


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
    """Slugs of existing rows of `model`, cleaned to the rows themselves (in the order given),
    read in one query: what a filter, its phrase and its facet need of them."""

    def __init__(self, *args, model: type[Model], **kwargs):
        self.model = model
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        slugs = super().to_python(value)
        for slug in slugs:
            validate_slug(slug)
        if not slugs:
            return []
        found = {row.slug: row for row in self.model._default_manager.filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            name = self.model._meta.verbose_name
            raise ValidationError(f"Unknown {name} {', '.join(map(repr, unknown))}.")
        return list({found[slug].pk: found[slug] for slug in slugs}.values())


def _whole_number(item: str, maximum: int, what: str) -> int:
    # isdigit() alone would let through digits int() cannot read ("²").
    if not ASCII_DIGITS.match(item) or not 1 <= int(item) <= maximum:
        raise ValidationError(f"{item!r} is not {what}.")
    return int(item)


class IdListField(CommaListField):
    """Ids of existing rows of `model`, cleaned to the ids."""

    def __init__(self, *args, model: type[Model], **kwargs):
        self.model = model
        super().__init__(*args, validate_item=self.check_id, **kwargs)

    @staticmethod
    def check_id(item: str) -> int:
        return _whole_number(item, MAX_ROW_ID, "an id (a positive whole number)")

    def to_python(self, value):
        ids = super().to_python(value)
        if not ids:
            return []
        found = set(self.model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
        unknown = [str(pk) for pk in ids if pk not in found]
        if unknown:
            name = self.model._meta.verbose_name
            raise ValidationError(f"Unknown {name} id {', '.join(unknown)}.")
        return ids


class ChoiceListField(CommaListField):
    def __init__(self, *args, choices, **kwargs):
        self.valid = [value for value, _ in choices]
        super().__init__(*args, validate_item=self.check_choice, **kwargs)

    def check_choice(self, item):
        if item not in self.valid:
            raise ValidationError(f"{item!r} is not one of {', '.join(self.valid)}.")
        return item


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


class StrictIntegerField(forms.IntegerField):
    """A whole number in ASCII digits; forms.IntegerField alone also reads "3.0" and "٣"."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not ASCII_DIGITS.match(str(value).strip()):
            raise ValidationError(f"{value!r} is not a whole number.")
        return super().to_python(value)


# --- Filters: a parameter, the rows it selects, and (for some) their item schema ---


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField
    # The schema of one item of the comma list, for the API's documentation.
    item_schema = {"type": "string", "pattern": SLUG_PATTERN}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)


class IdListFilter(django_filters.Filter):
    field_class = IdListField
    item_schema = {"type": "integer", "minimum": 1}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)


class IntListFilter(django_filters.Filter):
    field_class = CommaListField
    item_schema = {"type": "integer", "minimum": 1, "maximum": MAX_LIST_NUMBER}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, validate_item=self.check_number, **kwargs)

    @staticmethod
    def check_number(item: str) -> int:
        return _whole_number(item, MAX_LIST_NUMBER, "a positive whole number")


class ChoiceListFilter(django_filters.Filter):
    field_class = ChoiceListField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)

    @property
    def item_schema(self) -> dict:
        return {"type": "string", "enum": [value for value, _ in self.extra["choices"]]}


class StrictBooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


class StrictIntegerFilter(django_filters.Filter):
    field_class = StrictIntegerField


# --- Facets: what choosing each value of a filter would list ---


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    depth: int = 0


@dataclass
class FacetGroup:
    heading: str
    values: list[FacetValue]
    # Long lists (countries) scroll in a box of their own.
    long: bool = False
    # Values left out of a very long list (they find fewer rows than those shown).
    hidden: int = 0


@dataclass
class Facet:
    name: str
    legend: str
    groups: list[FacetGroup]
    multiple: bool = True
    help: str = ""
    # For single-choice facets: the "any" option's count (no filter on this facet).
    any_count: int = 0
    # Where the codebook explains the facet's values.
    codebook: str = ""
    # How many values the facet knows, shown or not (the "M" of "N of M").
    offered: int = 0

    @property
    def has_values(self) -> bool:
        return any(group.values for group in self.groups)

    @property
    def selected_count(self) -> int:
        return sum(value.selected for group in self.groups for value in group.values)


# A facet shows at most this many values of one list: those that find the most rows.
FACET_VALUES_SHOWN = 40


def facet_group(heading: str, values: list[FacetValue], *, long: bool = False) -> FacetGroup:
    """The values that would find something, and the selected ones whatever their count;
    of a long list, the FACET_VALUES_SHOWN that find the most, in their own order."""
    visible = [value for value in values if value.count or value.selected]
    shown = visible
    if len(visible) > FACET_VALUES_SHOWN:
        ranked = sorted(visible, key=lambda value: (not value.selected, -value.count))
        kept = {id(value) for value in ranked[:FACET_VALUES_SHOWN]}
        shown = [value for value in visible if id(value) in kept]
    return FacetGroup(heading, shown, long=long, hidden=len(visible) - len(shown))


class FacetedFilter:
    """A filter that can say what an active value means and count what each of its values
    would find. Mixed into a django-filter Filter; `legend` heads its facet.

    `phrase(value)` reads the cleaned value ("restricting Georgia"); `facet(base, value)`
    gets the rows that every other active filter selects (a queryset, not yet run) and the
    filter's own cleaned value, and returns its Facet, or None for a filter shown only in
    the summary.
    """

    legend = ""

    def phrase(self, value) -> str:
        return f"{self.legend.lower()}: {value}"

    def facet(self, base: QuerySet, value) -> Facet | None:
        return None


def _lists(data) -> list[tuple[str, list]]:
    """(name, values) pairs of a QueryDict or of a plain dict of single values."""
    if hasattr(data, "lists"):
        return list(data.lists())
    return [(name, value if isinstance(value, list) else [value]) for name, value in data.items()]


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet that rejects parameters it does not know, parameters given more than once
    and NUL bytes in any value; validated once, it also summarises and facets itself."""

    # Parameters that select no rows (they order or present them).
    not_filters = frozenset({"ordering"})
    # Parameters accepted besides the filters: an API list's pages and formats. A site page
    # passes its own (only `page`): `page_size` or `format` there is a mistake to report.
    passthrough = PASSTHROUGH_PARAMETERS

    def __init__(self, data=None, *args, passthrough=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        if passthrough is not None:
            self.passthrough = frozenset(passthrough)
        self.unknown = sorted(set(self.data) - set(self.filters) - self.passthrough)

    @classmethod
    def valid_parameters(cls) -> list[str]:
        """The parameters of the class's lists, as the API documents them."""
        return sorted(set(cls.base_filters) | cls.passthrough)

    def accepted_parameters(self) -> list[str]:
        """The parameters this filter set accepts, its own pass-through ones included."""
        return sorted(set(self.filters) | self.passthrough)

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
        errors = {
            name: [str(message) for message in messages]
            for name, messages in self.form.errors.items()
        }
        for name in self.unknown:
            errors[name] = ["Unknown parameter."]
        for name in self._repeated_parameters():
            errors[name] = ["Given more than once; give one value, or a comma list."]
        for name in self._nul_parameters():
            errors[name] = ["NUL bytes are not allowed."]
        return {safe_name(name): messages for name, messages in errors.items()}

    def check(self) -> Self:
        """The filter set itself, or FilterError describing every bad parameter."""
        if not self.is_valid():
            raise FilterError(self.error_dict(), self.accepted_parameters())
        return self

    def filtered(self) -> QuerySet:
        """The filtered queryset, or FilterError describing every bad parameter."""
        return self.check().qs

    def active(self) -> dict[str, Any]:
        """The cleaned value of every parameter that selects rows, in the filters' order."""
        cleaned = self.check().form.cleaned_data
        return {
            name: cleaned[name]
            for name in self.filters
            if name not in self.not_filters and cleaned.get(name) not in EMPTY_VALUES
        }

    def phrases(self) -> list[tuple[str, str]]:
        """(parameter, phrase) of every active filter: "restricting Georgia"."""
        phrases = []
        for name, value in self.active().items():
            filter_ = self.filters[name]
            if isinstance(filter_, FacetedFilter):
                phrases.append((name, filter_.phrase(value)))
        return phrases

    def selecting(self, queryset: QuerySet, *, without: Iterable[str] = ()) -> QuerySet:
        """`queryset` narrowed by every active filter but those named in `without`: each
        filter's own condition, as a query not yet run."""
        for name, value in self.active().items():
            if name not in without:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facets(self, queryset: QuerySet) -> list[Facet]:
        """Each faceted filter's facet over the rows of `queryset` that every other active
        filter selects ("disjunctive" faceting: values within a facet are alternatives, so
        a facet with a selection still shows what choosing another value would give)."""
        active = self.active()
        facets = []
        for name, filter_ in self.filters.items():
            if not isinstance(filter_, FacetedFilter):
                continue
            facet = filter_.facet(self.selecting(queryset, without=[name]), active.get(name))
            if facet is not None:
                facets.append(facet)
        return facets


def summarize(count: int, phrases: list[str], *, noun: tuple[str, str], everything: str) -> str:
    """ "4 provisions restricting Georgia, about missiles"; `everything` (with {count} and
    {noun}) when no filter is active."""
    word = noun[0] if count == 1 else noun[1]
    if not phrases:
        return everything.format(count=count, noun=word)
    return f"{count} {word} " + join_words(phrases, ", ")
