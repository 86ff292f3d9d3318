"""Two worlds of accounts: a city's sessions and tokens are worth nothing elsewhere."""

import pytest

from core.accounts.models import ApiToken
from core.accounts.roles import Role
from core.accounts.rules import token_digest
from core.accounts.services import issue_token
from tests.conftest import client_for, in_city, in_public, login

NIP = "198609262015051001"


@pytest.fixture
def surabaya_asn(surabaya, make_user):
    return make_user(surabaya, Role.ASN, NIP, "Budi Santoso")


@pytest.fixture
def surabaya_token(surabaya, surabaya_asn):
    with in_city(surabaya):
        return issue_token(surabaya_asn)


def test_city_session_works_on_its_own_city(surabaya, surabaya_asn):
    client = login(surabaya, surabaya_asn)
    response = client.get("/")
    assert response.status_code == 200
    assert "Budi" in response.content.decode()


def test_city_session_is_refused_on_another_city(surabaya, jambi, surabaya_asn):
    client = login(surabaya, surabaya_asn)  # the test client sends its cookies to any host
    response = client.get("/", HTTP_HOST="jambi.localhost")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_city_session_is_refused_on_the_public_site(surabaya, surabaya_asn):
    client = login(surabaya, surabaya_asn)
    response = client.get("/console/", HTTP_HOST="localhost")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_same_nip_in_another_city_is_another_account(surabaya, jambi, surabaya_asn, make_user):
    make_user(jambi, Role.ASN, NIP, "Budi Jambi")
    client = login(surabaya, surabaya_asn)
    response = client.get("/", HTTP_HOST="jambi.localhost")
    assert response.status_code == 302


def test_city_credentials_do_not_sign_in_elsewhere(surabaya, jambi, surabaya_asn):
    for host in ("jambi.localhost", "localhost"):
        response = client_for(None, HTTP_HOST=host).post(
            "/accounts/login/", {"nip": NIP, "password": "Rahasia-Uji-2026"}
        )
        assert response.status_code == 200  # the form again, with an error
        assert "_auth_user_id" not in response.client.session


def test_city_token_works_on_its_own_city(surabaya, surabaya_token):
    response = client_for(surabaya).get(
        "/api/schema/", HTTP_AUTHORIZATION=f"Token {surabaya_token}"
    )
    assert response.status_code == 200


@pytest.mark.parametrize("host", ["jambi.localhost", "localhost"])
def test_city_token_is_refused_elsewhere(surabaya, jambi, surabaya_token, host):
    for path in ("/api/schema/", "/api/v1/cities/"):
        response = client_for(None, HTTP_HOST=host).get(
            path, HTTP_AUTHORIZATION=f"Token {surabaya_token}", HTTP_ACCEPT="application/json"
        )
        if response.status_code == 404:  # /api/v1/cities/ exists on the public site only
            continue
        assert response.status_code == 401
        assert response.json()["message"]


def test_platform_staff_session_is_refused_on_a_city(surabaya, operator):
    client = login(None, operator)
    assert client.get("/console/").status_code == 200
    response = client.get("/", HTTP_HOST="surabaya.localhost")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_platform_staff_token_is_refused_on_a_city(surabaya, operator):
    with in_public():
        key = issue_token(operator)
    assert (
        client_for(None).get("/api/v1/cities/", HTTP_AUTHORIZATION=f"Token {key}").status_code
        == 200
    )
    response = client_for(surabaya).get("/api/schema/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401


def test_token_endpoint_issues_a_token_for_this_host_only(surabaya, jambi, surabaya_asn):
    response = client_for(surabaya).post(
        "/api/v1/auth/token/", {"nip": NIP, "password": "Rahasia-Uji-2026"}
    )
    assert response.status_code == 200
    key = response.json()["token"]
    with in_city(surabaya):
        assert ApiToken.objects.filter(key_digest=token_digest(key), user__username=NIP).exists()
    refused = client_for(jambi).post(
        "/api/v1/auth/token/", {"nip": NIP, "password": "Rahasia-Uji-2026"}
    )
    assert refused.status_code == 400
    assert refused.json()["message"]


def test_session_cookies_are_host_only(surabaya, surabaya_asn):
    client = login(surabaya, surabaya_asn)
    cookie = client.cookies["sessionid"]
    assert cookie["domain"] == ""
    assert cookie["httponly"]
