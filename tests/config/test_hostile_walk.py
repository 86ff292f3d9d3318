"""Every route of both URLconfs, and every operation of both OpenAPI schemas, with hostile
values, for every role: no response may be a 5xx.

The URL walk fills each route's parameters with values a hostile or clumsy client sends
(an id past bigint, a word where an id goes, a NUL, a lone surrogate, a very long
string), adds the query parameters pages and the API read (`year`, `month`, `opd`,
`employee`, `day`, `page`, `format`...) with the same kind of values, and sends GET and
POST (form and JSON bodies, one of them nested 100,000 deep). Schemathesis then sends
generated negative cases (values that break each operation's schema) to every
operation. A failure lists each route, role and request that answered 5xx.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from core.accounts.roles import Role
from core.accounts.services import issue_token
from tests.conftest import PASSWORD, client_for, in_city, in_public

HUGE = "9" * 25
LONG = "x" * 5000
# Values for a path segment: int converters only accept digits, the rest take anything.
INT_VALUES = (HUGE,)
TEXT_VALUES = ("abc", "%00", LONG, "..%2F..%2Fetc")
QUERY = (
    "?year=abc&month=-1&opd=%C2%B2&employee=1e9&day=2026-02-30&page="
    + HUGE
    + "&format=xlsx&q=%27%3B--&unit=abc&through=99&source=%ED%A0%80&status=zzz&ref=..%2F"
)
FORM = {
    "year": "abc",
    "month": "13",
    "id": HUGE,
    "volume": "1e309",
    "day": "2026-02-30",
    "name": "=HYPERLINK(1)",
    "file": "not a file",
    "decision": "x" * 300,
}
DEEP_JSON = "[" * 100_000
SKIP = {"/accounts/logout/"}  # would sign the persona out mid-walk


def _walk(patterns, prefix: str = "") -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(route regex text, [(name, converter kind)]) for every leaf pattern."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), []


def _as_converter(match: re.Match) -> str:
    """A regex group as the converter it behaves like: digits only is `int`."""
    name, regex = match.group(1), match.group(2)
    return f"<int:{name}>" if regex.startswith("[0-9]") else f"<str:{name}>"


_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def concrete_paths(urlconf: str, *, thorough: bool = True) -> list[str]:
    """One or more concrete paths per route, parameters filled with hostile values."""
    paths: list[str] = []
    for route, _ in _walk(get_resolver(urlconf).url_patterns):
        if "(?P" in route or "^" in route:
            route = re.sub(r"\(\?P<(\w+)>([^)]*)\)", _as_converter, route)
            route = route.replace("^", "").replace("$", "").replace("\\.", ".")
        params = list(_PARAM.finditer(route))
        if not params:
            paths.append("/" + route)
            continue
        kinds = {m.group("conv") or "str" for m in params}
        values = INT_VALUES if kinds == {"int"} else INT_VALUES + TEXT_VALUES
        if not thorough:  # one hostile value per route: an id past bigint, a word for text
            values = (HUGE,) if kinds == {"int"} else (HUGE, "abc")
        for value in values:

            def fill(match: re.Match, value: str = value) -> str:
                if (match.group("conv") or "str") == "int":
                    return value if value.isdigit() else "0"
                return value

            paths.append("/" + _PARAM.sub(fill, route))
    return sorted({p for p in paths if p not in SKIP and "(?" not in p})


def _requests(client: Client, path: str, *, thorough: bool = True) -> Iterator[tuple[str, int]]:
    yield f"GET {path}{QUERY[:40]}", client.get(path + QUERY).status_code
    if not thorough:  # the other roles: what they may read, with hostile parameters
        return
    yield f"GET {path}", client.get(path).status_code
    yield f"POST {path} form", client.post(path + QUERY, FORM).status_code
    if path.startswith("/api/"):
        body = json.dumps({**FORM, "levels": {"a": [1, {"b": None}]}, "entry": 10**30})
        yield (
            f"POST {path} json",
            client.post(path, body, content_type="application/json").status_code,
        )
        yield (
            f"POST {path} deep",
            client.post(path, DEEP_JSON, content_type="application/json").status_code,
        )


def _signed_in(city, user) -> Client:
    client = client_for(city)
    client.force_login(user)
    return client


def walk(clients: dict[str, Client], urlconf: str) -> list[str]:
    failures = []
    thorough, light = concrete_paths(urlconf), concrete_paths(urlconf, thorough=False)
    assert len(light) > 20, light
    for number, (role, client) in enumerate(clients.items()):
        # every value for the most powerful role (last), one hostile value for the others
        deep = number == len(clients) - 1
        for path in thorough if deep else light:
            for label, status in _requests(client, path, thorough=deep):
                if status >= 500:
                    failures.append(f"{role}: {label} -> {status}")
    return failures


@pytest.fixture
def city_clients(surabaya, make_user) -> dict[str, Client]:
    from core.organisation.models import OrgUnit
    from core.people.models import Employee

    personas = {
        "asn": make_user(surabaya, Role.ASN, "199001012015011001", "Ani Staf"),
        "opd_admin": make_user(surabaya, Role.OPD_ADMIN, "198001012005011002", "Budi OPD"),
        "executive": make_user(surabaya, Role.EXECUTIVE, "197001011995011003", "Dedi Sekda"),
        "inspector": make_user(surabaya, Role.INSPECTOR, "197101011996011004", "Eka Inspektur"),
        "city_admin": make_user(surabaya, Role.CITY_ADMIN, "admin-sby", "Citra Admin"),
    }
    with in_city(surabaya):
        unit = OrgUnit.objects.create(name="Dinas Pendidikan", kind="opd", path="Dinas Pendidikan")
        for username in ("asn", "opd_admin", "city_admin"):
            user = personas[username]
            Employee.objects.create(
                nip=user.username, name=user.full_name, asn_type="PNS", user=user
            )
        del unit
    clients = {"anonymous": client_for(surabaya)}
    with in_city(surabaya):
        clients.update({role: _signed_in(surabaya, user) for role, user in personas.items()})
    return clients


@pytest.fixture
def public_clients(db, operator, trainer) -> dict[str, Client]:
    with in_public():
        return {
            "anonymous": client_for(None),
            "trainer": _signed_in(None, trainer),
            "operator": _signed_in(None, operator),
        }


def test_every_city_route_survives_hostile_values_for_every_role(city_clients):
    failures = walk(city_clients, "config.urls_tenant")
    assert not failures, "\n".join(failures)


def test_every_public_route_survives_hostile_values_for_every_role(public_clients):
    failures = walk(public_clients, "config.urls_public")
    assert not failures, "\n".join(failures)


# ---------------------------------------------------------------- OpenAPI, negative cases
NEGATIVE = settings(
    max_examples=1,
    deadline=None,
    derandomize=True,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def wsgi_app(db):
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def negative_run(app, headers: dict) -> list[str]:
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app, headers=headers)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
        @NEGATIVE
        def exercise(case) -> None:
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        try:
            exercise()
        except Unsatisfiable:
            continue  # nothing in this operation can be made invalid (no parameters, no body)
        except (Exception, BaseExceptionGroup) as exc:  # collected: the report names them all
            first = str(exc).strip().splitlines()[:2]
            failures.append(f"{operation.label}: {type(exc).__name__}: {' | '.join(first)}")
    return failures


def test_city_api_negative_cases_never_answer_5xx(wsgi_app, surabaya, make_user):
    user = make_user(surabaya, Role.CITY_ADMIN, "walker", "Wawan Walker")
    with in_city(surabaya):
        key = issue_token(user)
    headers = {"Host": "surabaya.localhost", "Authorization": f"Token {key}"}
    failures = negative_run(wsgi_app, headers)
    assert not failures, "\n".join(failures)


def test_public_api_negative_cases_never_answer_5xx(wsgi_app, operator):
    with in_public():
        key = issue_token(operator)
    failures = negative_run(wsgi_app, {"Host": "localhost", "Authorization": f"Token {key}"})
    assert not failures, "\n".join(failures)


def test_the_walk_covers_every_route(db):
    paths = concrete_paths("config.urls_tenant")
    assert any(p.startswith("/api/v1/talent/skps/") for p in paths)
    assert any(HUGE in p for p in paths)
    assert any("%00" in p for p in paths)
    assert PASSWORD  # personas sign in with the suite's password when they need the form
