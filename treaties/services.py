"""Writes of the treaty data that touch several rows: keyword-only, atomic, validated."""

from django.core.exceptions import ValidationError
from django.db import transaction

from treaties.models import Provision

PROVISION_RELATIONS = ("bound_parties", "regions", "weapon_classes", "related")


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


@transaction.atomic
def update_provision(
    *, provision: Provision, expected_version: int | None = None, **changes
) -> Provision:
    """Change a provision's fields and its related parties, regions, weapon classes and
    parallel provisions (`related`); the treaty, article and paragraph name it and stay.

    `expected_version` is the version the editor's change is based on; when given, the edit
    is refused with ProvisionChanged if someone saved the provision since."""
    claim_next_version(provision=provision, expected_version=expected_version)
    relations = {name: list(changes.pop(name)) for name in PROVISION_RELATIONS if name in changes}
    for name, value in changes.items():
        setattr(provision, name, value)
    provision.full_clean()

    bound_parties = relations.get("bound_parties", provision.bound_parties.all())
    regions = relations.get("regions", provision.regions.all())
    related = relations.get("related", [])
    errors = {}
    if not bound_parties:
        errors["bound_parties"] = ["A provision binds at least one party."]
    if provision.no_region and regions:
        errors["regions"] = ["A provision marked as restricting no region has no regions."]
    elif not provision.no_region and not regions:
        errors["regions"] = ["Give the regions restricted, or mark it as restricting none."]
    if any(other.pk == provision.pk for other in related):
        errors["related"] = ["A provision is not parallel to itself."]
    elif any(other.treaty_id == provision.treaty_id for other in related):
        errors["related"] = ["Parallel provisions are in the other draft."]
    if errors:
        raise ValidationError(errors)

    provision.save()
    for name, values in relations.items():
        getattr(provision, name).set(values)
    return provision
