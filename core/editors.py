"""The `editors` group: people who may correct the data and annotate articles."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS_GROUP = "editors"


def editor_permissions() -> dict[tuple[str, str], tuple[str, ...]]:
    """What editors may do to each model, and nothing beyond (no users, groups or tokens):
    each app says it of its own models, as `editor_permissions` on its AppConfig,
    {model name: actions} with the actions among "view", "add", "change" and "delete".

    The admin's history pages need no permission of their own: with
    SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS off (the default), simple-history asks
    for the model's view or change permission.
    """
    return {
        (config.label, model): actions
        for config in apps.get_app_configs()
        for model, actions in getattr(config, "editor_permissions", {}).items()
    }


def editor_permission_names() -> set[str]:
    """The permissions of the group as "app_label.codename"."""
    return {
        f"{app_label}.{action}_{model}"
        for (app_label, model), actions in editor_permissions().items()
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
