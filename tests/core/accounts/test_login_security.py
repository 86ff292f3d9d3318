from __future__ import annotations

import base64
import re
from datetime import timedelta

import time_machine
from django.utils import timezone

from core.accounts.models import LoginThrottle
from core.accounts.roles import Role
from core.audit.models import AuditEvent
from tests.conftest import PASSWORD, client_for, in_city, login


def _attempt(city, username, password):
    return client_for(city).post("/accounts/login/", {"username": username, "password": password})


def test_five_failures_lock_the_nip_even_for_the_right_password(make_user, surabaya):
    user = make_user(surabaya, Role.ASN, "198609262015051001")
    for _ in range(5):
        assert _attempt(surabaya, user.username, "salah").status_code == 200
    response = _attempt(surabaya, user.username, PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in response.client.session
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert _attempt(surabaya, user.username, PASSWORD).status_code == 302


def test_lockout_is_per_city(make_user, surabaya, jambi):
    make_user(surabaya, Role.ASN, "198609262015051001")
    jambi_user = make_user(jambi, Role.ASN, "198609262015051001")
    for _ in range(5):
        _attempt(surabaya, "198609262015051001", "salah")
    assert _attempt(jambi, jambi_user.username, PASSWORD).status_code == 302
    with in_city(jambi):
        assert not LoginThrottle.objects.filter(failures__gt=0).exists()


def test_token_api_counts_failures_too(make_user, surabaya):
    user = make_user(surabaya, Role.ASN, "198609262015051001")
    client = client_for(surabaya)
    for _ in range(5):
        response = client.post(
            "/api/v1/auth/token/",
            {"nip": user.username, "password": "x"},
            content_type="application/json",
        )
        assert response.status_code == 400
    response = client.post(
        "/api/v1/auth/token/",
        {"nip": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_account_of_one_city_is_refused_in_another(make_user, surabaya, jambi):
    user = make_user(surabaya, Role.ASN, "198609262015051001")
    assert _attempt(jambi, user.username, PASSWORD).status_code == 200
    response = client_for(jambi).post(
        "/api/v1/auth/token/",
        {"nip": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 400
    surabaya_client = login(surabaya, user)
    # the Surabaya session cookie means nothing on the Jambi host
    jambi_client = client_for(jambi)
    jambi_client.cookies = surabaya_client.cookies
    assert jambi_client.get("/accounts/me/").status_code == 302


def test_admin_must_enrol_totp_before_the_session_starts(make_user, surabaya, enforce_two_factor):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin = make_user(surabaya, Role.CITY_ADMIN, "admin.bkpsdm")
    client = client_for(surabaya)
    response = client.post("/accounts/login/", {"username": admin.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/verify/"
    assert client.get("/accounts/me/").status_code == 302  # not signed in yet
    page = client.get("/accounts/login/verify/")
    assert b"<svg" in page.content
    secret = re.search(rb'data-testid="totp-secret">([A-Z2-7]+)<', page.content).group(1)
    assert client.get("/accounts/login/verify/").content.count(secret) == 1  # same secret
    with in_city(surabaya):
        assert not TOTPDevice.objects.filter(user=admin).exists()  # nothing written on GET
    assert client.post("/accounts/login/verify/", {"token": "000000"}).status_code == 200
    with in_city(surabaya):
        assert not TOTPDevice.objects.filter(user=admin).exists()
    key = base64.b32decode(secret + b"=" * (-len(secret) % 8))
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        response = client.post("/accounts/login/verify/", {"token": f"{totp(key):06d}"})
    assert response.status_code == 302
    assert client.get("/accounts/me/").status_code == 200
    with in_city(surabaya):
        assert TOTPDevice.objects.get(user=admin).confirmed
        assert AuditEvent.objects.filter(action="accounts.totp_enrolled").count() == 1


def test_replacing_an_authenticator_writes_only_on_the_confirming_post(
    make_user, surabaya, enforce_two_factor
):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user(surabaya, Role.ASN, "198609262015051009")
    with in_city(surabaya):
        old = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = client_for(surabaya)
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    code = f"{totp(old.bin_key):06d}"
    assert client.post("/accounts/login/verify/", {"token": code}).status_code == 302
    page = client.get("/accounts/me/two-factor/")
    assert page.status_code == 200
    with in_city(surabaya):
        assert list(TOTPDevice.objects.filter(user=user)) == [old]  # GET kept the old one
    secret = re.search(rb'data-testid="totp-secret">([A-Z2-7]+)<', page.content).group(1)
    key = base64.b32decode(secret + b"=" * (-len(secret) % 8))
    response = client.post("/accounts/me/two-factor/", {"token": f"{totp(key):06d}"})
    assert response.status_code == 302 and response["Location"] == "/accounts/me/"
    with in_city(surabaya):
        [device] = TOTPDevice.objects.filter(user=user)
        assert device.pk != old.pk and device.confirmed and device.bin_key == key


def test_admin_token_needs_an_otp(make_user, surabaya, enforce_two_factor):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin = make_user(surabaya, Role.OPD_ADMIN, "admin.opd")
    with in_city(surabaya):
        device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    client = client_for(surabaya)
    body = {"nip": admin.username, "password": PASSWORD}
    assert (
        client.post("/api/v1/auth/token/", body, content_type="application/json").status_code == 400
    )
    body["otp"] = f"{totp(device.bin_key):06d}"
    assert (
        client.post("/api/v1/auth/token/", body, content_type="application/json").status_code == 200
    )


def test_plain_asn_signs_in_without_second_factor(make_user, surabaya, enforce_two_factor):
    user = make_user(surabaya, Role.ASN, "198609262015051001")
    assert _attempt(surabaya, user.username, PASSWORD).status_code == 302


def test_adding_an_authenticator_says_whether_the_role_requires_it(make_user, surabaya):
    """An ASN adds one by choice: the page must not claim their role requires it."""
    asn = make_user(surabaya, Role.ASN, "199001012015011009")
    page = login(surabaya, asn).get("/accounts/me/two-factor/", HTTP_ACCEPT_LANGUAGE="id")
    body = page.content.decode()
    assert page.status_code == 200 and "untuk peran Anda sifatnya pilihan" in body
    assert "Peran Anda mewajibkan" not in body
