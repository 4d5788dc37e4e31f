import pytest

from tests.evidence.editing_helpers import make_editor, make_reader


@pytest.fixture
def editor(django_user_model):
    """A member of the editors group."""
    return make_editor(django_user_model)


@pytest.fixture
def reader(django_user_model):
    """Signed in, but not an editor."""
    return make_reader(django_user_model)
