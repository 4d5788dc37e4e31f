"""Signing in and out, the lockout after repeated failures, and what editors may do."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse

from core.client_address import client_address
from core.editors import EDITORS_GROUP, ensure_editors_group, is_editor

pytestmark = pytest.mark.usefixtures("seeded")

PASSWORD = "a long and unguessable passphrase"


@pytest.fixture
def editor():
    user = get_user_model().objects.create_user("alice", password=PASSWORD, is_staff=True)
    user.groups.add(ensure_editors_group())
    return user


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_the_login_page_is_in_the_sites_style(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Sign in</h1>" in page
    assert 'class="site-header"' in page
    assert 'name="username"' in page
    assert 'type="password"' in page
    assert reverse("login") == "/accounts/login/"


def test_an_editor_signs_in_and_lands_on_the_start_page(client, editor):
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_signing_in_returns_to_the_page_that_asked_for_it(client, editor):
    response = client.post(
        reverse("login"),
        {"username": "alice", "password": PASSWORD, "next": "/provisions/us-russia-4-2/"},
    )
    assert response["Location"] == "/provisions/us-russia-4-2/"


def test_a_wrong_password_is_refused_with_a_message(client, editor):
    response = sign_in(client, "alice", "not the password")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_header_offers_sign_in_to_visitors_and_sign_out_to_editors(client, editor):
    page = client.get(reverse("home")).content.decode()
    assert 'href="/accounts/login/?next=/"' in page
    assert "Sign out" not in page

    client.force_login(editor)
    page = client.get(reverse("home")).content.decode()
    assert 'action="/accounts/logout/" method="post"' in page
    assert "Sign out (alice)" in page
    assert "Sign in</a>" not in page


def test_signing_out_is_a_post_that_ends_the_session(client, editor):
    client.force_login(editor)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "_auth_user_id" not in client.session


# --- The lockout (django-axes) ---


def test_the_lockout_is_configured_by_username_and_address_together():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_FAILURE_LIMIT == 5


def fail_until_locked(client, username="alice", **extra):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, username, "wrong", **extra)


def test_repeated_failures_lock_the_username_out_with_a_clear_message(client, editor):
    fail_until_locked(client)
    # Even the right password is refused while the lockout lasts.
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins" in page
    assert "Signing in as <strong>alice</strong> from this address is paused after 5 failed" in page
    assert "Try again in 30 minutes" in page
    assert 'class="site-header"' in page
    assert "_auth_user_id" not in client.session


def test_failures_below_the_limit_do_not_lock_out(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "alice", "wrong")
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_a_lockout_holds_one_username_from_one_address_only(client, editor):
    get_user_model().objects.create_user("bob", password=PASSWORD)
    fail_until_locked(client, REMOTE_ADDR="203.0.113.7")
    # Someone else at the same address, and the same editor elsewhere, still sign in.
    assert sign_in(client, "bob", PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 302
    client.logout()
    assert sign_in(client, "alice", PASSWORD, REMOTE_ADDR="198.51.100.2").status_code == 302


def test_the_admin_login_is_protected_by_the_same_lockout(client, editor):
    fail_until_locked(client)
    response = client.post(
        reverse("admin:login"), {"username": "alice", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()


def test_behind_proxies_the_address_is_the_one_the_trusted_proxy_saw(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    assert client_address(request) == "10.0.0.1"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # The left entry is whatever the client sent; only the proxy's own entry is trusted.
    assert client_address(request) == "203.0.113.7"


# --- Editors ---

EXPECTED_EDITOR_PERMISSIONS = {
    "treaties.view_party",
    "treaties.add_party",
    "treaties.change_party",
    "treaties.delete_party",
    "treaties.view_region",
    "treaties.add_region",
    "treaties.change_region",
    "treaties.delete_region",
    "treaties.view_weaponclass",
    "treaties.add_weaponclass",
    "treaties.change_weaponclass",
    "treaties.delete_weaponclass",
    "treaties.view_treaty",
    "treaties.change_treaty",
    "treaties.view_provision",
    "treaties.add_provision",
    "treaties.change_provision",
    "treaties.delete_provision",
    "articles.view_outlet",
    "articles.add_outlet",
    "articles.change_outlet",
    "articles.delete_outlet",
    "articles.view_article",
    "articles.change_article",
    "articles.view_sentence",
    "articles.change_sentence",
    "evidence.view_evidence",
    "evidence.add_evidence",
    "evidence.change_evidence",
    "evidence.delete_evidence",
}


def test_the_editors_group_has_exactly_the_permissions_editing_needs():
    group = ensure_editors_group()
    granted = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert granted == EXPECTED_EDITOR_PERMISSIONS


def test_ensuring_the_group_again_takes_back_a_permission_granted_by_hand():
    group = ensure_editors_group()
    group.permissions.add(Permission.objects.get(codename="delete_user"))
    assert ensure_editors_group().permissions.filter(codename="delete_user").exists() is False


def test_an_editor_may_edit_the_data_but_not_the_accounts(editor):
    editor = get_user_model().objects.get(pk=editor.pk)  # a fresh permission cache
    assert is_editor(editor)
    assert editor.has_perm("treaties.change_provision")
    assert editor.has_perm("evidence.delete_evidence")
    assert not editor.has_perm("treaties.delete_treaty")
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("authtoken.add_token")
    assert editor.groups.get().name == EDITORS_GROUP
