"""A suspended city answers reads and refuses every write, saying why."""

import pytest

from core.accounts.roles import Role
from core.accounts.services import issue_token
from tenants.rules import CityStatus
from tenants.services import Actor, change_city_status
from tests.conftest import PASSWORD, client_for, in_city, login


@pytest.fixture
def admin(jambi, make_user):
    return make_user(jambi, Role.CITY_ADMIN, "admin-jambi", "Ani Admin")


@pytest.fixture
def suspended(jambi, admin):
    change_city_status(jambi, CityStatus.SUSPENDED, actor=Actor(label="tests"), reason="Unpaid")
    return jambi


def test_reads_still_work(suspended, admin):
    client = login(suspended, admin)
    response = client.get("/")
    assert response.status_code == 200
    assert "badge-warn" in response.content.decode()  # the read-only badge


def test_page_write_is_refused_with_a_message(suspended, admin):
    client = login(suspended, admin)
    response = client.post("/organisation/", {"name": "Dinas Baru"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Kota Jambi" in body
    assert "<h1>" in body


def test_api_write_is_refused_with_a_json_message(suspended, admin):
    with in_city(suspended):
        key = issue_token(admin)
    response = client_for(suspended).post(
        "/api/v1/people/", {"nip": "1"}, HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert "Kota Jambi" in response.json()["message"]


def test_api_read_still_works(suspended, admin):
    with in_city(suspended):
        key = issue_token(admin)
    response = client_for(suspended).get("/api/schema/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200


def test_sign_in_and_out_still_work(suspended, admin):
    client = client_for(suspended)
    response = client.post("/accounts/login/", {"username": admin.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_language_can_still_be_switched(suspended):
    response = client_for(suspended).post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_reactivated_city_accepts_writes_again(suspended, admin):
    change_city_status(suspended, CityStatus.ACTIVE, actor=Actor(label="tests"), reason="Paid")
    client = login(suspended, admin)
    assert client.post("/").status_code == 405  # reaches the view, which only reads
