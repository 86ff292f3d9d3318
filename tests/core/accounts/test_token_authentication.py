"""API tokens: one query loads the account (and in a city, its employee record)."""

from __future__ import annotations

from rest_framework.authtoken.models import Token

from core.accounts.authentication import load_token
from core.accounts.roles import Role
from core.people.models import Employee
from tests.conftest import client_for, in_city


def test_a_city_token_loads_account_and_employee_in_one_query(
    surabaya, make_user, django_assert_num_queries
):
    user = make_user(surabaya, Role.ASN, "199001012020011001", "Budi Santoso")
    with in_city(surabaya):
        employee = Employee.objects.create(
            nip="199001012020011001", name="Budi Santoso", asn_type="PNS", user=user
        )
        key = Token.objects.create(user=user).key
        with django_assert_num_queries(1):
            loaded, token = load_token(key)
            assert loaded.employee.pk == employee.pk
            assert token.user is loaded and token.key == key
    assert loaded.pk == user.pk and loaded.get_full_name() == user.get_full_name()


def test_an_account_without_employee_record_has_none(surabaya, make_user):
    user = make_user(surabaya, Role.CITY_ADMIN, "admin.tanpa.pegawai", "Admin")
    with in_city(surabaya):
        key = Token.objects.create(user=user).key
        loaded, _ = load_token(key)
        assert not hasattr(loaded, "employee")


def test_a_platform_token_works_on_the_public_schema(db, operator):
    key = Token.objects.create(user=operator).key
    loaded, token = load_token(key)
    assert loaded.pk == operator.pk and token.key == key


def test_unknown_or_other_city_tokens_are_refused(surabaya, jambi, make_user):
    user = make_user(surabaya, Role.ASN, "199001012020011002", "Siti")
    with in_city(surabaya):
        key = Token.objects.create(user=user).key
    assert load_token("nope") == (None, None)
    response = client_for(jambi).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401
    assert client_for(surabaya).get(
        "/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}"
    ).status_code in (200, 403, 404)


def test_an_inactive_account_is_refused(surabaya, make_user):
    user = make_user(surabaya, Role.ASN, "199001012020011003", "Dewi")
    with in_city(surabaya):
        key = Token.objects.create(user=user).key
        type(user).objects.filter(pk=user.pk).update(is_active=False)
    response = client_for(surabaya).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401
