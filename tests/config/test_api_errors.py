"""API conventions: every error is JSON with a human `message`."""

import pytest

from core.accounts.roles import Role
from core.accounts.services import issue_token
from tests.conftest import PASSWORD, client_for, in_public


@pytest.fixture
def operator_token(operator):
    with in_public():
        return issue_token(operator)


@pytest.fixture
def trainer_token(trainer):
    with in_public():
        return issue_token(trainer)


def test_unauthenticated_request_gets_401_json(db):
    response = client_for(None).get("/api/v1/cities/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"]


def test_bad_token_gets_401_json(db):
    response = client_for(None).get("/api/v1/cities/", HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401
    assert response.json()["message"]


def test_unknown_object_gets_404_json(db, operator_token):
    response = client_for(None).get(
        "/api/v1/cities/atlantis/", HTTP_AUTHORIZATION=f"Token {operator_token}"
    )
    assert response.status_code == 404
    assert response.json()["message"]


@pytest.mark.parametrize("host", ["localhost", "surabaya.localhost"])
def test_unknown_api_path_gets_404_json(db, host):
    response = client_for(None, HTTP_HOST=host).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"]


def test_unknown_page_gets_the_html_404_page(surabaya):
    response = client_for(surabaya).get("/no-such-page/")
    assert response.status_code == 404
    assert "<html" in response.content.decode()


def test_wrong_role_gets_403_json(db, make_user):
    asn = make_user(None, Role.ASN, "not-staff")
    with in_public():
        key = issue_token(asn)
    response = client_for(None).get("/api/v1/cities/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 403
    assert response.json()["message"]


def test_method_not_allowed_gets_405_json(db, operator_token):
    response = client_for(None).delete(
        "/api/v1/cities/surabaya/", HTTP_AUTHORIZATION=f"Token {operator_token}"
    )
    assert response.status_code == 405
    assert response.json()["message"]


def test_validation_error_names_the_field(db):
    response = client_for(None).post("/api/v1/auth/token/", {"nip": "operator"})
    assert response.status_code == 400
    body = response.json()
    assert body["message"].startswith("password:")
    assert "password" in body["errors"]


def test_wrong_password_gets_400_with_message(db, operator):
    response = client_for(None).post(
        "/api/v1/auth/token/", {"nip": "operator", "password": "wrong"}
    )
    assert response.status_code == 400
    assert response.json()["message"]
    assert "errors" in response.json()


def test_token_then_list_cities(db, operator):
    token = (
        client_for(None)
        .post("/api/v1/auth/token/", {"nip": "operator", "password": PASSWORD})
        .json()["token"]
    )
    response = client_for(None).get("/api/v1/cities/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    slugs = {city["slug"] for city in response.json()["results"]}
    assert {"surabaya", "jambi"} <= slugs


def test_trainer_reads_their_pilot_cities_only(db, trainer, trainer_token, jambi):
    read = lambda: client_for(None).get(  # noqa: E731
        "/api/v1/cities/jambi/", HTTP_AUTHORIZATION=f"Token {trainer_token}"
    )
    assert read().status_code == 404  # a real city: as absent as on the console
    from tenants.models import City, CityStatusChange

    City.objects.filter(pk=jambi.pk).update(is_pilot=True)
    CityStatusChange.objects.create(
        city=jambi, from_status="", to_status="pilot", actor=trainer, actor_label="trainer"
    )
    response = read()
    assert response.status_code == 200
    assert response.json()["domains"] == ["jambi.localhost"]


@pytest.mark.parametrize("host", ["localhost", "surabaya.localhost"])
def test_schema_and_docs_are_served(db, operator_token, host, make_user, surabaya):
    if host == "localhost":
        key = operator_token
    else:
        from tests.conftest import in_city

        admin = make_user(surabaya, Role.CITY_ADMIN, "admin-sby")
        with in_city(surabaya):
            key = issue_token(admin)
    client = client_for(None, HTTP_HOST=host)
    schema = client.get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Token {key}")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    assert "/api/v1/auth/token/" in schema.json()["paths"]
    docs = client.get("/api/docs/", HTTP_AUTHORIZATION=f"Token {key}")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def test_each_host_documents_its_own_api(db, operator_token, make_user, surabaya):
    from tests.conftest import in_city

    public = client_for(None).get(
        "/api/schema/?format=json", HTTP_AUTHORIZATION=f"Token {operator_token}"
    )
    admin = make_user(surabaya, Role.CITY_ADMIN, "admin-sby")
    with in_city(surabaya):
        key = issue_token(admin)
    city = client_for(surabaya).get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Token {key}")
    public_paths, city_paths = set(public.json()["paths"]), set(city.json()["paths"])
    assert "/api/v1/cities/" in public_paths
    assert "/api/v1/cities/" not in city_paths
    assert public_paths & city_paths == {"/api/v1/auth/token/"}


@pytest.mark.parametrize(
    ("refusal", "message", "errors"),
    [
        (
            "Kemitraan ini sudah berakhir.",
            "Kemitraan ini sudah berakhir.",
            {"non_field_errors": ["Kemitraan ini sudah berakhir."]},
        ),
        (
            {"city_b": ["Kota yang sama."]},
            "city_b: Kota yang sama.",
            {"city_b": ["Kota yang sama."]},
        ),
    ],
)
def test_a_services_refusal_is_a_400_with_its_sentence(refusal, message, errors):
    from django.core.exceptions import ValidationError

    from config.api import json_exception_handler

    response = json_exception_handler(ValidationError(refusal), {"view": None, "request": None})
    assert response is not None and response.status_code == 400
    assert response.data == {"message": message, "errors": errors}
