"""Every role against every registry page and API endpoint."""

from __future__ import annotations

import pytest

from core.accounts.services import issue_token
from tests.conftest import client_for, in_city, login
from tests.core.people.conftest import OUTSIDER, STAF1

ROLES = ("asn", "supervisor", "opd_admin", "city_admin", "executive", "inspector")

# endpoint -> expected status per role, in ROLES order
MATRIX = {
    "/people/": (403, 200, 200, 200, 200, 200),
    "/people/{staf1}/": (200, 200, 200, 200, 200, 200),
    "/people/{outsider}/": (404, 404, 404, 200, 200, 200),
    "/people/import/": (403, 403, 403, 200, 403, 403),
    "/people/export/": (403, 403, 403, 200, 200, 200),
    "/people/activation-letters/": (403, 403, 200, 200, 403, 403),
    "/organisation/": (403, 403, 200, 200, 200, 200),
    "/organisation/positions/": (403, 403, 200, 200, 200, 200),
    "/audit/": (403, 403, 403, 403, 403, 200),
    "/accounts/me/": (200, 200, 200, 200, 200, 200),
    "/api/v1/me/": (200, 200, 200, 200, 200, 200),
    "/api/v1/employees/": (200, 200, 200, 200, 200, 200),
    "/api/v1/employees/{staf1}/": (200, 200, 200, 200, 200, 200),
    "/api/v1/employees/{outsider}/": (404, 404, 404, 200, 200, 200),
    "/api/v1/units/": (403, 403, 200, 200, 200, 200),
    "/api/v1/positions/": (403, 403, 200, 200, 200, 200),
}
CASES = [
    (f"{path} as {role}", path, role, codes[i])
    for path, codes in MATRIX.items()
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("_case", "path", "role", "expected"), CASES)
def test_role_matrix(_case, path, role, expected, registry):
    ids = registry["ids"]
    url = path.format(staf1=ids[STAF1], outsider=ids[OUTSIDER])
    client = login(registry["city"], registry["users"][role])
    assert client.get(url).status_code == expected


@pytest.mark.parametrize("path", [p for p in MATRIX if not p.startswith("/api/")])
def test_pages_send_strangers_to_sign_in(path, registry):
    url = path.format(staf1=1, outsider=1)
    response = client_for(registry["city"]).get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("path", [p for p in MATRIX if p.startswith("/api/")])
def test_api_refuses_strangers(path, registry):
    url = path.format(staf1=1, outsider=1)
    assert client_for(registry["city"]).get(url).status_code == 401


VISIBLE = {
    "asn": 1,  # own record
    "supervisor": 3,  # self and two staff
    "opd_admin": 5,  # Dinas Pendidikan
    "city_admin": 6,
    "executive": 6,
    "inspector": 6,
}


@pytest.mark.parametrize(("role", "count"), VISIBLE.items())
def test_api_lists_only_what_the_role_may_see(role, count, registry):
    with in_city(registry["city"]):
        token = issue_token(registry["users"][role])
    response = client_for(registry["city"]).get(
        "/api/v1/employees/", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert response.status_code == 200
    assert response.json()["count"] == count


def test_opd_admin_sees_only_own_opd_units(registry):
    client = login(registry["city"], registry["users"]["opd_admin"])
    paths = [u["path"] for u in client.get("/api/v1/units/").json()["results"]]
    assert paths == [
        "Dinas Pendidikan",
        "Dinas Pendidikan > Bidang SD",
        "Dinas Pendidikan > Subbagian Umum",
    ]


def test_employee_filters(registry):
    client = login(registry["city"], registry["users"]["city_admin"])
    body = client.get("/api/v1/employees/", {"asn_type": "PPPK"}).json()
    assert [e["nip"] for e in body["results"]] == ["199207082018012004"]
    body = client.get("/api/v1/employees/", {"q": "Hendra"}).json()
    assert [e["nip"] for e in body["results"]] == [OUTSIDER]


def test_surabaya_session_sees_nothing_in_jambi(registry, jambi):
    client = login(registry["city"], registry["users"]["city_admin"])
    jambi_client = client_for(jambi)
    jambi_client.cookies = client.cookies
    assert jambi_client.get("/people/").status_code == 302
