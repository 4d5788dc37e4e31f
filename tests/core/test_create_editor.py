import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from core.editors import EDITORS_GROUP, is_editor


@pytest.mark.django_db
def test_create_editor_makes_a_staff_member_of_the_editors_group(monkeypatch):
    monkeypatch.setenv("PROVISO_EDITOR_PASSWORD", "a-sound-passphrase-42")
    call_command("create_editor", "ada", email="ada@example.org")
    user = get_user_model().objects.get(username="ada")
    assert user.is_staff
    assert not user.is_superuser
    assert user.groups.filter(name=EDITORS_GROUP).exists()
    assert user.check_password("a-sound-passphrase-42")
    assert is_editor(user)
    assert user.has_perm("evidence.change_evidence")
    assert user.has_perm("treaties.change_provision")
    assert not user.has_perm("auth.change_user")


@pytest.mark.django_db
def test_create_editor_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("PROVISO_EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_editor", "bob")
    assert not get_user_model().objects.filter(username="bob").exists()
