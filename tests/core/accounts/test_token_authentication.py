"""API tokens: one per device, sliding expiry, revoked with the password, by the owner
and on deactivation; one query loads the account (and in a city, its employee)."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine
from django.utils import timezone

from core.accounts import services
from core.accounts.models import ApiToken
from core.accounts.roles import Role
from core.accounts.token_lookup import load_token
from core.actors import Actor
from core.people.models import Employee
from tests.conftest import PASSWORD, client_for, in_city, login

NIP = "199001012020011001"


def _token(city, nip=NIP, password=PASSWORD, **extra):
    return client_for(city).post(
        "/api/v1/auth/token/",
        {"nip": nip, "password": password, **extra},
        content_type="application/json",
    )


def _me(city, key):
    return client_for(city).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")


def test_a_city_token_loads_account_and_employee_in_one_query(
    surabaya, make_user, django_assert_num_queries
):
    user = make_user(surabaya, Role.ASN, NIP, "Budi Santoso")
    with in_city(surabaya):
        employee = Employee.objects.create(nip=NIP, name="Budi Santoso", asn_type="PNS", user=user)
        key = services.issue_token(user)
        with django_assert_num_queries(1):
            loaded, token = load_token(key)
            assert loaded.employee.pk == employee.pk
            assert token.user is loaded and token.device == "API"
    assert loaded.pk == user.pk and loaded.get_full_name() == user.get_full_name()


def test_only_a_digest_of_the_key_is_stored(surabaya, make_user):
    user = make_user(surabaya, Role.ASN, NIP, "Budi")
    key = _token(surabaya).json()["token"]
    with in_city(surabaya):
        stored = ApiToken.objects.get(user=user)
    assert key not in stored.key_digest and len(stored.key_digest) == 64


def test_an_account_without_employee_record_has_none(surabaya, make_user):
    user = make_user(surabaya, Role.CITY_ADMIN, "admin.tanpa.pegawai", "Admin")
    with in_city(surabaya):
        loaded, _ = load_token(services.issue_token(user))
        assert not hasattr(loaded, "employee")


def test_a_platform_token_works_on_the_public_schema(db, operator):
    key = services.issue_token(operator)
    loaded, token = load_token(key)
    assert loaded.pk == operator.pk and token.user_id == operator.pk


def test_unknown_or_other_city_tokens_are_refused(surabaya, jambi, make_user):
    user = make_user(surabaya, Role.ASN, "199001012020011002", "Siti")
    with in_city(surabaya):
        key = services.issue_token(user)
    assert load_token("nope") == (None, None)
    assert _me(jambi, key).status_code == 401
    assert _me(surabaya, key).status_code == 200


def test_signing_in_again_on_a_device_gives_a_new_key_and_ends_the_old(surabaya, make_user):
    make_user(surabaya, Role.ASN, NIP, "Budi")
    first = _token(surabaya, device="HP Budi").json()["token"]
    second = _token(surabaya, device="HP Budi").json()["token"]
    laptop = _token(surabaya, device="Laptop kantor").json()["token"]
    assert first != second
    assert _me(surabaya, first).status_code == 401
    assert _me(surabaya, second).status_code == 200 and _me(surabaya, laptop).status_code == 200
    with in_city(surabaya):
        assert sorted(ApiToken.objects.values_list("device", flat=True)) == [
            "HP Budi",
            "Laptop kantor",
        ]


def test_the_device_defaults_to_the_user_agent(surabaya, make_user):
    make_user(surabaya, Role.ASN, NIP, "Budi")
    client_for(surabaya, HTTP_USER_AGENT="SinergiApp/2.1 (Android 13)").post(
        "/api/v1/auth/token/", {"nip": NIP, "password": PASSWORD}, content_type="application/json"
    )
    with in_city(surabaya):
        assert ApiToken.objects.get().device == "SinergiApp/2.1 (Android 13)"


def test_a_token_expires_after_the_idle_period_and_use_slides_it(surabaya, make_user):
    make_user(surabaya, Role.ASN, NIP, "Budi")
    key = _token(surabaya).json()["token"]
    start = timezone.now()
    with time_machine.travel(start + timedelta(days=29)):
        assert _me(surabaya, key).status_code == 200  # used: 30 more days from here
    with time_machine.travel(start + timedelta(days=58)):
        assert _me(surabaya, key).status_code == 200
    with time_machine.travel(start + timedelta(days=89)):
        assert _me(surabaya, key).status_code == 401
    with in_city(surabaya):
        assert not ApiToken.objects.exists()


def test_the_city_sets_the_idle_period(surabaya, make_user):
    admin = make_user(surabaya, Role.CITY_ADMIN, "admin.bkpsdm", "Admin")
    make_user(surabaya, Role.ASN, NIP, "Budi")
    response = login(surabaya, admin).post("/accounts/me/token-policy/", {"token_idle_days": 2})
    assert response.status_code == 302
    key = _token(surabaya).json()["token"]
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert _me(surabaya, key).status_code == 401


def test_only_the_city_admin_sets_the_idle_period_and_within_bounds(surabaya, make_user):
    asn = make_user(surabaya, Role.ASN, NIP, "Budi")
    admin = make_user(surabaya, Role.CITY_ADMIN, "admin.bkpsdm", "Admin")
    assert (
        login(surabaya, asn)
        .post("/accounts/me/token-policy/", {"token_idle_days": 400})
        .status_code
        == 403
    )
    login(surabaya, admin).post("/accounts/me/token-policy/", {"token_idle_days": 0})
    with in_city(surabaya):
        assert services.token_idle_days() == 30


def test_a_password_change_ends_every_token(surabaya, make_user):
    user = make_user(surabaya, Role.ASN, NIP, "Budi")
    key = _token(surabaya).json()["token"]
    response = login(surabaya, user).post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Kata-Sandi-Baru-99",
            "new_password2": "Kata-Sandi-Baru-99",
        },
    )
    assert response.status_code == 302
    assert _me(surabaya, key).status_code == 401
    with in_city(surabaya):
        assert not ApiToken.objects.exists()


def test_a_password_set_any_other_way_also_ends_the_token(surabaya, make_user):
    user = make_user(surabaya, Role.ASN, NIP, "Budi")
    key = _token(surabaya).json()["token"]
    with in_city(surabaya):
        user.set_password("Lewat-Jalan-Lain-1")
        user.save(update_fields=["password"])
    assert _me(surabaya, key).status_code == 401


def test_a_password_reset_ends_every_token(surabaya, make_user):
    import re

    from django.core import mail

    make_user(surabaya, Role.ASN, NIP, "Budi", email="budi@example.id")
    key = _token(surabaya).json()["token"]
    client = client_for(surabaya)
    client.post("/accounts/password/reset/", {"email": "budi@example.id"})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Kata-Sandi-Baru-99", "new_password2": "Kata-Sandi-Baru-99"},
    )
    assert _me(surabaya, key).status_code == 401


def test_switching_the_account_off_ends_its_tokens(surabaya, make_user):
    from core.people.services import change_status

    user = make_user(surabaya, Role.ASN, NIP, "Budi")
    with in_city(surabaya):
        employee = Employee.objects.create(nip=NIP, name="Budi", asn_type="PNS", user=user)
    key = _token(surabaya).json()["token"]
    with in_city(surabaya):
        change_status(employee, "retired", on=date(2026, 12, 1), actor=Actor.system("tests"))
        assert not ApiToken.objects.filter(user=user).exists()
        type(user).objects.filter(pk=user.pk).update(is_active=True)  # back on: still no token
    assert _me(surabaya, key).status_code == 401


def test_an_inactive_account_is_refused(surabaya, make_user):
    user = make_user(surabaya, Role.ASN, "199001012020011003", "Dewi")
    with in_city(surabaya):
        key = services.issue_token(user)
        type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert _me(surabaya, key).status_code == 401


def test_the_owner_lists_and_revokes_tokens_on_akun_saya(surabaya, make_user):
    user = make_user(surabaya, Role.ASN, NIP, "Budi")
    key = _token(surabaya, device="HP lama").json()["token"]
    client = login(surabaya, user)
    page = client.get("/accounts/me/")
    assert "HP lama" in page.content.decode()
    with in_city(surabaya):
        token_id = ApiToken.objects.get().pk
    assert client.post(f"/accounts/me/tokens/{token_id}/revoke/").status_code == 302
    assert _me(surabaya, key).status_code == 401
    assert "HP lama" not in client.get("/accounts/me/").content.decode()


def test_nobody_revokes_someone_elses_token(surabaya, make_user):
    make_user(surabaya, Role.ASN, NIP, "Budi")
    other = make_user(surabaya, Role.ASN, "199001012020011004", "Rina")
    key = _token(surabaya).json()["token"]
    with in_city(surabaya):
        token_id = ApiToken.objects.get().pk
    login(surabaya, other).post(f"/accounts/me/tokens/{token_id}/revoke/")
    other_key = services_issue(surabaya, other)
    response = client_for(surabaya).delete(
        f"/api/v1/me/tokens/{token_id}/", HTTP_AUTHORIZATION=f"Token {other_key}"
    )
    assert response.status_code == 404
    assert _me(surabaya, key).status_code == 200


def test_the_api_lists_and_revokes_own_tokens(surabaya, make_user):
    make_user(surabaya, Role.ASN, NIP, "Budi")
    phone = _token(surabaya, device="HP").json()["token"]
    _token(surabaya, device="Laptop")
    listing = client_for(surabaya).get("/api/v1/me/tokens/", HTTP_AUTHORIZATION=f"Token {phone}")
    rows = {row["device"]: row for row in listing.json()}
    assert set(rows) == {"HP", "Laptop"} and rows["HP"]["current"] is True
    response = client_for(surabaya).delete(
        f"/api/v1/me/tokens/{rows['Laptop']['id']}/", HTTP_AUTHORIZATION=f"Token {phone}"
    )
    assert response.status_code == 204
    with in_city(surabaya):
        assert list(ApiToken.objects.values_list("device", flat=True)) == ["HP"]


def services_issue(city, user) -> str:
    with in_city(city):
        return services.issue_token(user, device="other")


def test_a_live_token_costs_one_query_and_a_touch_three(
    surabaya, make_user, django_assert_num_queries
):
    user = make_user(surabaya, Role.ASN, NIP, "Budi")
    with in_city(surabaya):
        key = services.issue_token(user)
        with django_assert_num_queries(1):  # load only: last use was just written
            assert services.authenticate_token(key)[0].pk == user.pk
        later = timezone.now() + timedelta(minutes=6)
        # load, the city's idle days, the slide
        with time_machine.travel(later), django_assert_num_queries(3):
            assert services.authenticate_token(key) is not None
