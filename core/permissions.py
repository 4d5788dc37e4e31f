"""Who may do what through the API: anyone reads, only editors write."""

from rest_framework import permissions

from core.editors import is_editor


class IsEditorOrReadOnly(permissions.BasePermission):
    """Anyone may read; only members of the `editors` group (and superusers) may write."""

    message = "Only editors may change the data."

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or is_editor(request.user)
