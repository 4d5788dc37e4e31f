import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seed corpus once per test session; each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        call_command("load_seeds", verbosity=0)


@pytest.fixture
def seeded(db):
    """The seed data (loaded once for the session) in a transaction of the test's own."""
    return None
