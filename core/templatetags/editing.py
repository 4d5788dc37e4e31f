"""`{% load editing %}`: whether to show editing controls to the person reading a page."""

from django import template

from core.editors import is_editor as user_is_editor

register = template.Library()


@register.filter
def is_editor(user) -> bool:
    """`{% if request.user|is_editor %}`: one query for a signed-in user, none otherwise."""
    return user_is_editor(user)
