"""Writes of the treaty data that touch several rows: keyword-only, atomic, validated."""

from django.core.exceptions import ValidationError
from django.db import transaction

from treaties.models import Provision

PROVISION_RELATIONS = ("bound_parties", "regions", "weapon_classes", "related")


@transaction.atomic
def update_provision(*, provision: Provision, **changes) -> Provision:
    """Change a provision's fields and its related parties, regions, weapon classes and
    parallel provisions (`related`); the treaty, article and paragraph name it and stay."""
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
