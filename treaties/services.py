"""Writes of the treaty data that touch several rows: keyword-only, atomic, validated.

Every write of a provision leaves exactly one history record on it, holding its fields and
all its attributes as the write left them, and one on each provision whose parallel link it
added or removed (a parallel link is one link seen from both sides; see core.history).
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import attribute, editor_of, history_suspended, record_version
from treaties.models import Provision


class ProvisionChanged(Exception):
    """Someone saved the provision after the version an edit was based on: applying the edit
    would silently undo their change, so it is refused."""

    def __init__(self, provision: Provision, expected_version: int, current_version: int):
        self.provision = provision
        self.expected_version = expected_version
        self.current_version = current_version
        super().__init__(
            f"{provision.label} was changed by someone else since version {expected_version} "
            f"(it is now at version {current_version}); reload it and apply your change again."
        )


def claim_next_version(*, provision: Provision, expected_version: int | None) -> None:
    """Lock the provision's row for this transaction and move it to the next version, or raise
    ProvisionChanged if it is no longer at `expected_version` (None: whatever it is now).
    Must run inside the transaction that saves the edit."""
    current = Provision.objects.select_for_update().values_list("version", flat=True)
    current_version = current.get(pk=provision.pk)
    if expected_version is not None and current_version != expected_version:
        raise ProvisionChanged(provision, expected_version, current_version)
    provision.version = current_version + 1


def validate_provision_links(
    provision: Provision,
    *,
    bound_parties: Iterable,
    regions: Iterable,
    related: Iterable,
) -> None:
    """The rules a provision's attributes follow that the database cannot state for
    many-to-many fields; ValidationError keyed by attribute."""
    related = list(related)
    errors = {}
    if not list(bound_parties):
        errors["bound_parties"] = ["A provision binds at least one party."]
    has_regions = bool(list(regions))
    if provision.no_region and has_regions:
        errors["regions"] = ["A provision marked as restricting no region has no regions."]
    elif not provision.no_region and not has_regions:
        errors["regions"] = ["Give the regions restricted, or mark it as restricting none."]
    if provision.pk is not None and any(other.pk == provision.pk for other in related):
        errors["related"] = ["A provision is not parallel to itself."]
    elif any(other.treaty_id == provision.treaty_id for other in related):
        errors["related"] = ["Parallel provisions are in the other draft."]
    if errors:
        raise ValidationError(errors)


def record_edit(provision: Provision, *, created: bool, partners_before: set[int]) -> None:
    """Record the provision as the edit left it, and every provision whose parallel link to
    it the edit added or removed: the link is theirs as much as this provision's."""
    record_version(provision, created=created)
    partners_after = set(provision.related.values_list("pk", flat=True))
    changed = Provision.objects.filter(pk__in=partners_before ^ partners_after)
    for partner in changed.with_labels():
        attribute(
            partner,
            editor=editor_of(provision),
            reason=f"Parallel link changed on {provision.label}",
        )
        record_version(partner)


@transaction.atomic
def update_provision(
    *, provision: Provision, expected_version: int | None = None, **changes
) -> Provision:
    """Change a provision's fields and its related parties, regions, weapon classes and
    parallel provisions (`related`); the treaty, article and paragraph name it and stay.

    `expected_version` is the version the editor's change is based on; when given, the edit
    is refused with ProvisionChanged if someone saved the provision since."""
    claim_next_version(provision=provision, expected_version=expected_version)
    relations = {name: list(changes.pop(name)) for name in Provision.RELATIONS if name in changes}
    for name, value in changes.items():
        setattr(provision, name, value)
    provision.full_clean()
    validate_provision_links(
        provision,
        bound_parties=relations.get("bound_parties", provision.bound_parties.all()),
        regions=relations.get("regions", provision.regions.all()),
        related=relations.get("related", []),
    )
    partners_before = set(provision.related.values_list("pk", flat=True))
    with history_suspended(provision):
        provision.save()
        for name, values in relations.items():
            getattr(provision, name).set(values)
    record_edit(provision, created=False, partners_before=partners_before)
    return provision


@transaction.atomic
def create_provision(*, provision: Provision, **relations) -> Provision:
    """Save a new provision with its attributes; its first history record holds them all."""
    provision.full_clean()
    validate_provision_links(
        provision,
        bound_parties=relations.get("bound_parties", []),
        regions=relations.get("regions", []),
        related=relations.get("related", []),
    )
    with history_suspended(provision):
        provision.save()
        for name, values in relations.items():
            getattr(provision, name).set(values)
    record_edit(provision, created=True, partners_before=set())
    return provision
