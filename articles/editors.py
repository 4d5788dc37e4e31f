"""The `editors` group: people who may correct the data and annotate articles."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS_GROUP = "editors"

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
# What editors may do to each model of the two domain apps, and nothing beyond them (no
# users, groups or tokens). The vocabulary, the provisions and the evidence links are
# theirs to maintain. The two drafts are fixed: editors correct their details but neither
# add nor remove one. Articles arrive through the importer, which keeps each body and its
# sentences consistent, so editors correct an article's metadata only, and change a sentence
# only to edit its evidence links in the admin (its own fields are read-only).
# The admin's history pages need no permission of their own: with
# SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS off (the default), simple-history asks
# for the model's view or change permission.
EDITOR_PERMISSIONS = {
    ("treaties", "party"): (VIEW, ADD, CHANGE, DELETE),
    ("treaties", "region"): (VIEW, ADD, CHANGE, DELETE),
    ("treaties", "weaponclass"): (VIEW, ADD, CHANGE, DELETE),
    ("treaties", "treaty"): (VIEW, CHANGE),
    ("treaties", "provision"): (VIEW, ADD, CHANGE, DELETE),
    ("articles", "outlet"): (VIEW, ADD, CHANGE, DELETE),
    ("articles", "article"): (VIEW, CHANGE),
    ("articles", "sentence"): (VIEW, CHANGE),
    ("articles", "evidence"): (VIEW, ADD, CHANGE, DELETE),
}


def editor_permission_names() -> set[str]:
    """The permissions of the group as "app_label.codename"."""
    return {
        f"{app_label}.{action}_{model}"
        for (app_label, model), actions in EDITOR_PERMISSIONS.items()
        for action in actions
    }


def ensure_editors_group() -> Group:
    """The group, with exactly the permissions above (those it had beyond them are removed)."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    wanted = Q(pk__in=[])
    for name in editor_permission_names():
        app_label, codename = name.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(Permission.objects.filter(wanted))
    return group


def is_editor(user) -> bool:
    if not user.is_authenticated:
        return False
    # Remembered on the user object, which lives as long as the request: the permission
    # check, the page and its header all ask, and only the first asks the database.
    if not hasattr(user, "_is_proviso_editor"):
        user._is_proviso_editor = (
            user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists()
        )
    return user._is_proviso_editor
