"""Schemathesis generates requests for every operation of the schema, valid and invalid, and
checks that none gives a 5xx and every response matches what the schema documents."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# Loaded when the tests are collected: serving the schema reads no data. (Schemathesis'
# lazy `from_fixture` loader does not run under pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def connection_kept_open():
    """Schemathesis calls the WSGI application itself, not through Django's test client; like
    that client, keep Django from closing the test's database connection (and with it the
    test's transaction) at the start and end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(settings):
    # Hundreds of requests from one client address; test_throttling covers the limits.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
    }


# Per operation: the coverage phase (boundary values and invalid inputs for every parameter,
# a few hundred requests for the provision list) and then ten random examples; about 25
# seconds for the whole API.
@pytest.mark.usefixtures("seeded", "connection_kept_open", "unthrottled")
@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_gives_a_server_error_or_an_undocumented_response(case):
    case.call_and_validate(checks=CHECKS)
