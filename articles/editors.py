"""The `editors` group: people who may correct the data and annotate articles."""

from django.contrib.auth.models import Group, Permission

EDITORS_GROUP = "editors"
# Editors maintain every model of the two domain apps, and nothing else (no user admin).
EDITABLE_APPS = ("treaties", "articles")


def ensure_editors_group() -> Group:
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=EDITABLE_APPS))
    return group


def is_editor(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists()
    )
