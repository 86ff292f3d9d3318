"""Schemathesis against each host's own OpenAPI schema, in process (WSGI), per operation.

Every operation of the city API (as a city administrator) and of the public API (as a
platform operator) gets a bounded number of generated requests; no request may end in
a server error, and documented responses must match their schema. A failure here is a
real bug in the operation it names.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from core.accounts.roles import Role
from core.accounts.services import issue_token
from tests.conftest import in_city, in_public

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES = settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def wsgi_app(db):
    """The project's WSGI handler, on the test's own connection and transaction."""
    # Like Django's test client: a finished request must not close the connection that
    # holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def city_headers(surabaya, make_user) -> dict:
    admin = make_user(surabaya, Role.CITY_ADMIN, "admin-sby", "Ani Admin")
    with in_city(surabaya):
        key = issue_token(admin)
    return {"Host": "surabaya.localhost", "Authorization": f"Token {key}"}


@pytest.fixture
def public_headers(operator) -> dict:
    with in_public():
        key = issue_token(operator)
    return {"Host": "localhost", "Authorization": f"Token {key}"}


def run_schemathesis(app, headers: dict) -> list[str]:
    """Every operation of the host's schema, a bounded number of examples each.

    Returns one line per failing operation: "<METHOD /path>: <what went wrong>".
    (A plain loop over the operations rather than `schemathesis.pytest.from_fixture`,
    whose lazy loading does not work with pytest 9.)
    """
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app, headers=headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the schema lists no operation"
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @EXAMPLES
        def exercise(case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            exercise()
        except (Exception, BaseExceptionGroup) as exc:  # collected: the report names them all
            failures.append(f"{operation.label}: {_summary(exc)}")
    return failures


def _summary(exc: BaseException) -> str:
    """The first lines of each failure schemathesis found, without the long reports."""
    parts = getattr(exc, "exceptions", None) or [exc]
    lines = []
    for part in parts:
        text = [line.strip() for line in str(part).splitlines() if line.strip()]
        lines.append(f"{type(part).__name__}: " + " | ".join(text[:2]))
    return "; ".join(lines)


def test_city_api_has_no_server_errors_and_matches_its_schema(wsgi_app, city_headers):
    failures = run_schemathesis(wsgi_app, city_headers)
    assert not failures, "\n".join(failures)


def test_public_api_has_no_server_errors_and_matches_its_schema(wsgi_app, public_headers):
    failures = run_schemathesis(wsgi_app, public_headers)
    assert not failures, "\n".join(failures)
