import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from rest_framework.authtoken.models import Token

from core.editors import ensure_editors_group


@pytest.fixture(autouse=True)
def fresh_throttle_history():
    """Throttles count requests in their cache; every test starts with none counted."""
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()


# No passwords: the tests sign in with force_login or a token, and hashing is slow.


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("ada")
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def reader(db):
    """Signed in, but not an editor."""
    return get_user_model().objects.create_user("bob")


@pytest.fixture
def editor_token(editor):
    return Token.objects.create(user=editor).key


@pytest.fixture
def reader_token(reader):
    return Token.objects.create(user=reader).key
