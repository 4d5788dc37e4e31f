"""Load the curated treaty data (seeds/treaties.yaml): the vocabulary and both drafts.

The file is written and reviewed by people, so everything in it is keyed by readable names:
parties, regions, weapon classes and treaties by slug, provisions by references such as
"russia-nato 7(2)". Loading resolves those names to rows in a fixed order, so that every
reference points at something already saved:

1. parties, then the members of groups and alliances (members are parties too);
2. regions, then the members of groups and zones;
3. weapon classes, parents before children;
4. treaties (their proposer and parties are parties);
5. provisions (treaty, bound parties, regions, weapon classes);
6. `related` links, once every provision exists.

Rows are found by their natural key (slug; treaty + article + paragraph for provisions) and
updated in place, so loading twice is the same as loading once: a row is saved only when a
value differs, many-to-many sets are replaced with `.set()` (which writes only the
difference), and nothing is ever duplicated. Every object is `full_clean()`ed before it is
saved, so the model's own rules (choices, constraints, "no article 9 in an 8-article
treaty") apply to the seed data exactly as they do to an editor in the admin.

History: rows and links are written with history suspended, and each row the load created
or changed is recorded once at the end, with all its links (core.history). So the first
record of every row holds everything it was loaded with, parallel links on both sides.

Anything wrong with the file (bad YAML, a missing or unknown key, a reference to something
the file does not define) raises `SeedDataError` with a message that starts with the file's
name and names the entry, e.g. ``treaties.yaml: provisions[us-russia 4(2)]: regions:
unknown region 'atlantis'``. The load runs in one transaction: it succeeds whole or
changes nothing.

Rows that the file no longer mentions are left alone: an editor may have added them, and
evidence may point at them. Removing curated data is a deliberate act, not a side effect.

This module belongs to the `treaties` app and must not import `articles` (the evidence
loader in `articles` imports `parse_provision_ref` from here, never the other way round).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from core.history import history_suspended, record_version
from core.seeding import SeedDataError, read_yaml
from treaties.models import Party, Provision, Region, Treaty, WeaponClass


class ProvisionRefError(SeedDataError):
    """A provision reference is not of the form "treaty-slug article(paragraph)".

    A `SeedDataError` (hence a `ValueError`), so that a malformed reference in any seed
    file is reported like every other seed data problem.
    """


# ---------------------------------------------------------------------------------------
# Provision references: "us-russia 6", "russia-nato 7(2)"
# ---------------------------------------------------------------------------------------

_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_NUMBER = r"[1-9][0-9]*"  # no zero and no leading zeros: one spelling per provision
_PROVISION_REF = re.compile(
    rf"(?P<treaty>{_SLUG}) (?P<article>{_NUMBER})(?:\((?P<paragraph>{_NUMBER})\))?"
)
_REF_FORMAT = "'treaty-slug article' or 'treaty-slug article(paragraph)', e.g. 'russia-nato 7(2)'"


def parse_provision_ref(ref: str) -> tuple[str, int, int]:
    """Split "russia-nato 7(2)" into ("russia-nato", 7, 2); "us-russia 6" gives paragraph 0.

    Raises `ProvisionRefError` (a `ValueError`) for anything else. Only the canonical
    spelling is accepted (one space, no "(0)", no leading zeros), so that each provision
    has exactly one reference and references can be compared as text.
    """
    if not isinstance(ref, str):
        raise ProvisionRefError(f"provision reference {ref!r} is not text; expected {_REF_FORMAT}")
    match = _PROVISION_REF.fullmatch(ref.strip())
    if match is None:
        raise ProvisionRefError(f"malformed provision reference {ref!r}; expected {_REF_FORMAT}")
    return match["treaty"], int(match["article"]), int(match["paragraph"] or 0)


def format_provision_ref(treaty_slug: str, article: int, paragraph: int = 0) -> str:
    """The reverse of `parse_provision_ref`: ("russia-nato", 7, 2) gives "russia-nato 7(2)"."""
    number = f"{article}({paragraph})" if paragraph else f"{article}"
    ref = f"{treaty_slug} {number}"
    # Validate by parsing back: whatever this returns, parse_provision_ref accepts.
    if parse_provision_ref(ref) != (treaty_slug, article, paragraph):
        raise ProvisionRefError(
            f"cannot reference article {article!r}, paragraph {paragraph!r} of {treaty_slug!r}"
        )
    return ref


def provision_ref(provision: Provision) -> str:
    """The reference of a saved provision, e.g. "us-russia 4(2)"."""
    return format_provision_ref(provision.treaty.slug, provision.article, provision.paragraph)


# ---------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------

# The keys each kind of entry may have: (required, optional). An unknown key is an error,
# because a misspelt optional key ("regoins") would otherwise be dropped without a word.
_PARTY_KEYS = ({"slug", "name", "kind"}, {"iso_code", "members", "aliases"})
_REGION_KEYS = ({"slug", "name", "kind"}, {"iso_code", "members", "description", "aliases"})
_WEAPON_CLASS_KEYS = ({"slug", "name"}, {"parent", "aliases"})
_TREATY_KEYS = (
    {"slug", "title", "short_title", "proposer", "parties", "article_count", "source_url"},
    {"handed_over", "published", "status", "description"},
)
_PROVISION_KEYS = (
    {"ref", "title", "summary", "measure", "bound_parties"},
    {
        "regions",
        "no_region",
        "weapon_classes",
        "baseline_date",
        "baseline_note",
        "exceptions",
        "related",
    },
)
ModelT = TypeVar("ModelT", bound=models.Model)
_SECTIONS = ("parties", "regions", "weapon_classes", "treaties", "provisions")


@transaction.atomic
def load_treaty_data(path: Path) -> dict[str, int]:
    """Create or update the vocabulary and both drafts from the YAML file at `path`.

    Returns the number of rows the file describes per model, keyed by the model's plural
    name ({"parties": 34, "regions": 56, ...}); the same numbers on every run, since a
    second run only finds what the first one saved.
    """
    data = _read_yaml(Path(path))
    return _TreatyDataLoader(source=Path(path).name, data=data).load()


def _read_yaml(path: Path) -> dict:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise SeedDataError(
            f"{path.name}: expected a mapping with the sections {', '.join(_SECTIONS)}"
        )
    missing = [section for section in _SECTIONS if section not in data]
    unknown = sorted(set(data) - set(_SECTIONS), key=str)
    if missing or unknown:
        raise SeedDataError(
            f"{path.name}: expected the sections {', '.join(_SECTIONS)}"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; unknown: {', '.join(map(str, unknown))}" if unknown else "")
        )
    return data


class _TreatyDataLoader:
    """One load of one file: the rows saved so far, by the names the file uses for them.

    References are resolved only against what this file defines (not against whatever the
    database happens to hold), so the file is complete in itself and a typo is an error
    rather than a silent link to some other row.
    """

    def __init__(self, *, source: str, data: dict):
        self.source = source
        self.data = data
        self.parties: dict[str, Party] = {}
        self.regions: dict[str, Region] = {}
        self.weapon_classes: dict[str, WeaponClass] = {}
        self.treaties: dict[str, Treaty] = {}
        self.provisions: dict[tuple[str, int, int], Provision] = {}
        # The rows already in the database, read once per model rather than once per entry,
        # and the rows this load created (which cannot have any links yet).
        self._stored: dict[type[models.Model], dict[Any, Any]] = {}
        self._created: set[tuple[type[models.Model], int]] = set()
        # Every row this load created or changed, to be recorded once when it is done.
        self._changed: dict[tuple[type[models.Model], int], models.Model] = {}

    def load(self) -> dict[str, int]:
        self._load_parties(self._entries("parties", _PARTY_KEYS, key="slug"))
        self._load_regions(self._entries("regions", _REGION_KEYS, key="slug"))
        self._load_weapon_classes(self._entries("weapon_classes", _WEAPON_CLASS_KEYS, key="slug"))
        self._load_treaties(self._entries("treaties", _TREATY_KEYS, key="slug"))
        provisions = self._entries("provisions", _PROVISION_KEYS, key="ref")
        self._load_provisions(provisions)
        self._link_related(provisions)
        for key, instance in self._changed.items():
            record_version(instance, created=key in self._created)
        return {
            _plural(Party): len(self.parties),
            _plural(Region): len(self.regions),
            _plural(WeaponClass): len(self.weapon_classes),
            _plural(Treaty): len(self.treaties),
            _plural(Provision): len(self.provisions),
        }

    # --- the sections, in dependency order ---

    def _load_parties(self, entries: list[tuple[str, dict]]) -> None:
        for where, entry in entries:
            values = _pick(entry, "name", "kind", "iso_code", "aliases")
            self.parties[entry["slug"]] = self._upsert(
                Party, where, lookup={"slug": entry["slug"]}, values=values
            )
        # Members second: a group may list a state defined further down the file.
        for where, entry in entries:
            party = self.parties[entry["slug"]]
            members = self._resolve_all(self.parties, entry, "members", where, what="party")
            if members and party.kind == Party.Kind.STATE:
                raise self._error(
                    where, "members: a state has no members (only a group or alliance)"
                )
            self._set_links(party, "members", members)

    def _load_regions(self, entries: list[tuple[str, dict]]) -> None:
        for where, entry in entries:
            values = _pick(entry, "name", "kind", "iso_code", "description", "aliases")
            self.regions[entry["slug"]] = self._upsert(
                Region, where, lookup={"slug": entry["slug"]}, values=values
            )
        for where, entry in entries:
            region = self.regions[entry["slug"]]
            members = self._resolve_all(self.regions, entry, "members", where, what="region")
            if members and region.kind == Region.Kind.COUNTRY:
                raise self._error(where, "members: a country has no members (only a group or zone)")
            self._set_links(region, "members", members)

    def _load_weapon_classes(self, entries: list[tuple[str, dict]]) -> None:
        # Parents first, whatever order the file lists them in; a cycle is an error.
        by_slug = {entry["slug"]: (where, entry) for where, entry in entries}
        visiting: set[str] = set()

        def load(slug: str) -> WeaponClass:
            if slug in self.weapon_classes:
                return self.weapon_classes[slug]
            where, entry = by_slug[slug]
            if slug in visiting:
                raise self._error(where, "parent: the parents form a cycle")
            visiting.add(slug)
            parent = None
            if entry.get("parent") is not None:
                parent_slug = entry["parent"]
                if parent_slug not in by_slug:
                    raise self._unknown(where, "parent", "weapon class", parent_slug)
                parent = load(parent_slug)
            values = {**_pick(entry, "name", "aliases"), "parent": parent}
            self.weapon_classes[slug] = self._upsert(
                WeaponClass, where, lookup={"slug": slug}, values=values
            )
            return self.weapon_classes[slug]

        for slug in by_slug:
            load(slug)

    def _load_treaties(self, entries: list[tuple[str, dict]]) -> None:
        for where, entry in entries:
            values = {
                **_pick(
                    entry,
                    "title",
                    "short_title",
                    "article_count",
                    "handed_over",
                    "published",
                    "status",
                    "source_url",
                    "description",
                ),
                "proposer": self._resolve(
                    self.parties, entry["proposer"], where, "proposer", "party"
                ),
            }
            treaty = self._upsert(Treaty, where, lookup={"slug": entry["slug"]}, values=values)
            parties = self._resolve_all(self.parties, entry, "parties", where, what="party")
            self._set_links(treaty, "parties", parties)
            self.treaties[entry["slug"]] = treaty

    def _load_provisions(self, entries: list[tuple[str, dict]]) -> None:
        for where, entry in entries:
            treaty_slug, article, paragraph = self._parse_ref(entry["ref"], where, "ref")
            treaty = self._resolve(self.treaties, treaty_slug, where, "ref", "treaty")
            regions = self._resolve_all(self.regions, entry, "regions", where, what="region")
            no_region = entry.get("no_region", False)
            # The rule the data model cannot state for a many-to-many field: a provision
            # either restricts some region or says on purpose that it restricts none.
            if bool(regions) == bool(no_region):
                raise self._error(
                    where, "give either regions or `no_region: true`, exactly one of the two"
                )
            bound = self._resolve_all(self.parties, entry, "bound_parties", where, what="party")
            if not bound:
                raise self._error(where, "bound_parties: a provision binds at least one party")

            values = {
                **_pick(
                    entry,
                    "title",
                    "summary",
                    "measure",
                    "baseline_date",
                    "baseline_note",
                    "exceptions",
                ),
                "no_region": no_region,
            }
            lookup = {"treaty": treaty, "article": article, "paragraph": paragraph}
            provision = self._upsert(Provision, where, lookup=lookup, values=values)
            weapon_classes = self._resolve_all(
                self.weapon_classes, entry, "weapon_classes", where, what="weapon class"
            )
            self._set_links(provision, "bound_parties", bound)
            self._set_links(provision, "regions", regions)
            self._set_links(provision, "weapon_classes", weapon_classes)
            self.provisions[(treaty_slug, article, paragraph)] = provision

    def _link_related(self, entries: list[tuple[str, dict]]) -> None:
        # `related` is symmetrical in the model: setting A's links also sets B's. So the
        # file may list a pair on either side (or both), and we first gather every pair,
        # then give each provision the full set of its partners. Setting provision by
        # provision straight from the file would let B's shorter list undo A's link.
        partners: dict[tuple[str, int, int], set[tuple[str, int, int]]] = {
            key: set() for key in self.provisions
        }
        for where, entry in entries:
            key = self._parse_ref(entry["ref"], where, "ref")
            for ref in _string_list(entry, "related", where, self._error):
                other = self._parse_ref(ref, where, "related")
                if other not in self.provisions:
                    raise self._unknown(where, "related", "provision", ref)
                if other[0] == key[0]:
                    raise self._error(
                        where,
                        f"related: {ref!r} is in the same draft; `related` links a provision "
                        "to its parallel in the other draft",
                    )
                partners[key].add(other)
                partners[other].add(key)
        by_pk = {provision.pk: provision for provision in self.provisions.values()}
        for key, provision in self.provisions.items():
            related = [self.provisions[other] for other in sorted(partners[key])]
            # A link set from this side changes the partner too.
            for partner_pk in self._set_links(provision, "related", related):
                self._changed[(Provision, partner_pk)] = by_pk[partner_pk]

    # --- helpers ---

    def _entries(
        self, section: str, keys: tuple[set[str], set[str]], *, key: str
    ) -> list[tuple[str, dict]]:
        """The section's entries, each with the name error messages use for it.

        Checks the shape of every entry up front: required keys present, no unknown keys,
        no name used twice.
        """
        entries = self.data[section]
        if not isinstance(entries, list):
            raise SeedDataError(f"{self.source}: {section}: expected a list of entries")
        required, optional = keys
        named: list[tuple[str, dict]] = []
        seen: set[Any] = set()
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise SeedDataError(f"{self.source}: {section}[{index}]: expected a mapping")
            name = entry.get(key)
            where = f"{section}[{name if isinstance(name, str) else index}]"
            missing = sorted(required - set(entry))
            if missing:
                raise self._error(where, f"missing {', '.join(missing)}")
            unknown = sorted(set(entry) - required - optional, key=str)
            if unknown:
                raise self._error(
                    where,
                    f"unknown key {', '.join(map(repr, unknown))}; "
                    f"allowed: {', '.join(sorted(required | optional))}",
                )
            if not isinstance(name, str):
                raise self._error(where, f"{key}: expected text, not {name!r}")
            if key == "ref":
                name = self._parse_ref(name, where, "ref")
            if name in seen:
                raise self._error(where, f"{key}: {entry[key]!r} is listed twice")
            seen.add(name)
            named.append((where, entry))
        return named

    def _upsert(
        self,
        model: type[ModelT],
        where: str,
        *,
        lookup: dict[str, Any],
        values: dict[str, Any],
    ) -> ModelT:
        """Find the row by its natural key or start a new one; save it only if it changed.

        Like `update_or_create`, except that the object is `full_clean()`ed before saving
        and an unchanged row is not written at all (so a second load issues no UPDATEs).
        """
        instance = self._find(model, lookup) or model(**lookup)
        changed = adding = instance._state.adding
        for name, value in values.items():
            field = instance._meta.get_field(name)
            assert isinstance(field, models.Field)  # a concrete field, never a reverse relation
            if field.is_relation:
                # Compare ids, so that an unchanged foreign key costs no query.
                new_id = value.pk if value is not None else None
                if getattr(instance, field.attname) != new_id:
                    setattr(instance, name, value)
                    changed = True
                continue
            try:
                # Normalise first ("2021-12-15" as text and as a date are the same value),
                # so that comparing with the stored value says whether anything changed.
                value = field.to_python(value)
            except ValidationError as error:
                raise self._error(where, f"{name}: {' '.join(error.messages)}") from error
            if getattr(instance, name) != value:
                setattr(instance, name, value)
                changed = True
        if changed:
            try:
                instance.full_clean()
            except ValidationError as error:
                raise self._error(where, _describe(error)) from error
            with history_suspended(instance):
                instance.save()
            if adding:
                self._created.add((model, instance.pk))
            self._changed[(model, instance.pk)] = instance
        return instance

    def _find(self, model: type[ModelT], lookup: dict[str, Any]) -> ModelT | None:
        """The stored row with this natural key, if any (all rows are read on first use)."""
        if model not in self._stored:
            if model is Provision:
                self._stored[model] = {
                    (p.treaty_id, p.article, p.paragraph): p for p in Provision.objects.all()
                }
            else:
                self._stored[model] = model._default_manager.in_bulk(field_name="slug")
        if model is Provision:
            key = (lookup["treaty"].pk, lookup["article"], lookup["paragraph"])
        else:
            key = lookup["slug"]
        found = self._stored[model].get(key)
        return found if isinstance(found, model) else None

    def _set_links(self, instance: models.Model, name: str, objects: list) -> set[int]:
        """Make the many-to-many field hold exactly `objects`, writing only the difference;
        the ids of the members added or removed."""
        if not objects and (type(instance), instance.pk) in self._created:
            return set()  # a row created by this load has no links to clear: skip the query
        manager = getattr(instance, name)
        wanted = {member.pk for member in objects}
        held = set(manager.values_list("pk", flat=True))
        if wanted != held:
            with history_suspended(instance):
                manager.set(objects)
            self._changed[(type(instance), instance.pk)] = instance
        return wanted ^ held

    def _resolve(self, known: dict[str, Any], slug: Any, where: str, field: str, what: str):
        if not isinstance(slug, str) or slug not in known:
            raise self._unknown(where, field, what, slug)
        return known[slug]

    def _resolve_all(
        self, known: dict[str, Any], entry: dict, field: str, where: str, *, what: str
    ) -> list:
        return [
            self._resolve(known, slug, where, field, what)
            for slug in _string_list(entry, field, where, self._error)
        ]

    def _parse_ref(self, ref: Any, where: str, field: str) -> tuple[str, int, int]:
        try:
            return parse_provision_ref(ref)
        except ProvisionRefError as error:
            raise self._error(where, f"{field}: {error}") from error

    def _error(self, where: str, message: str) -> SeedDataError:
        return SeedDataError(f"{self.source}: {where}: {message}")

    def _unknown(self, where: str, field: str, what: str, name: Any) -> SeedDataError:
        return self._error(
            where, f"{field}: unknown {what} {name!r} (not defined in {self.source})"
        )


def _pick(entry: dict, *keys: str) -> dict[str, Any]:
    """The entry's values for `keys`, with an explicit empty value for each key it leaves out.

    Filling in the empty value (rather than skipping the key) means that deleting an
    optional line from the file clears that value on the next load instead of leaving a
    stale one behind.
    """
    return {key: entry[key] if key in entry else _EMPTY.get(key, "") for key in keys}


# What an optional key means when the file leaves it out (text fields default to "").
_EMPTY: dict[str, Any] = {
    "aliases": [],
    "handed_over": None,
    "published": None,
    "baseline_date": None,
    "no_region": False,
    "status": Treaty.Status.DRAFT,
}


def _string_list(entry: dict, field: str, where: str, error) -> list[str]:
    value = entry.get(field) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise error(where, f"{field}: expected a list of names, not {value!r}")
    return value


def _plural(model: type[models.Model]) -> str:
    return str(model._meta.verbose_name_plural)


def _describe(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


__all__ = [
    "ProvisionRefError",
    "SeedDataError",
    "format_provision_ref",
    "load_treaty_data",
    "parse_provision_ref",
    "provision_ref",
]
