from __future__ import annotations

import json
from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone

from core.accounts import services
from core.accounts.models import ActivationCode, User
from core.actors import Actor
from tests.conftest import client_for, in_city
from tests.core.people.conftest import KABID, STAF1

NEW_PASSWORD = "Kinerja-Baru-2026!"


def _code_for(city, nip: str) -> str:
    with in_city(city):
        user = User.objects.get(username=nip)
        return services.issue_activation_codes([user], actor=Actor.system("tests"))[user.pk]


def test_imported_account_cannot_sign_in_before_activation(imported_people):
    response = client_for(imported_people).post(
        "/accounts/login/", {"username": STAF1, "password": "anything-at-all"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in response.client.session


def test_activates_with_code_then_signs_in(imported_people):
    code = _code_for(imported_people, STAF1)
    client = client_for(imported_people)
    response = client.post(
        "/accounts/activate/",
        {
            "nip": STAF1,
            "code": code.lower().replace("-", " "),
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    with in_city(imported_people):
        user = User.objects.get(username=STAF1)
        assert user.is_active and user.activated_at is not None
        stored = ActivationCode.objects.get(user=user)
        assert stored.used_at is not None and code not in stored.code_hash
    response = client.post("/accounts/login/", {"username": STAF1, "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_code_works_only_once(imported_people):
    code = _code_for(imported_people, STAF1)
    with in_city(imported_people):
        services.activate_account(STAF1, code, NEW_PASSWORD)
        try:
            services.activate_account(STAF1, code, "Lain-Sekali-2026!")
            raised = False
        except services.ActivationRefused:
            raised = True
        assert raised
        assert User.objects.get(username=STAF1).check_password(NEW_PASSWORD)


def test_expired_code_is_refused(imported_people):
    code = _code_for(imported_people, STAF1)
    with time_machine.travel(timezone.now() + timedelta(days=31)), in_city(imported_people):
        response = client_for(imported_people).post(
            "/api/v1/auth/activate/",
            {
                "nip": STAF1,
                "code": code,
                "password": NEW_PASSWORD,
            },
            content_type="application/json",
        )
        assert response.status_code == 400
        assert not User.objects.get(username=STAF1).is_active


def test_code_of_another_person_is_refused(imported_people):
    code = _code_for(imported_people, KABID)
    response = client_for(imported_people).post(
        "/api/v1/auth/activate/",
        {
            "nip": STAF1,
            "code": code,
            "password": NEW_PASSWORD,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    with in_city(imported_people):
        assert not User.objects.get(username=STAF1).is_active


def test_weak_password_keeps_the_code_usable(imported_people):
    code = _code_for(imported_people, STAF1)
    client = client_for(imported_people)
    response = client.post(
        "/api/v1/auth/activate/",
        {
            "nip": STAF1,
            "code": code,
            "password": "12345",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "password" in response.json()["errors"]
    response = client.post(
        "/api/v1/auth/activate/",
        {
            "nip": STAF1,
            "code": code,
            "password": NEW_PASSWORD,
        },
        content_type="application/json",
    )
    assert response.status_code == 200


def test_api_activation_then_token_and_me(imported_people):
    code = _code_for(imported_people, STAF1)
    client = client_for(imported_people)
    assert (
        client.post(
            "/api/v1/auth/activate/",
            {"nip": STAF1, "code": code, "password": NEW_PASSWORD},
            content_type="application/json",
        ).status_code
        == 200
    )
    response = client.post(
        "/api/v1/auth/token/",
        {"nip": STAF1, "password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    me = client_for(imported_people).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200
    body = me.json()
    assert body["nip"] == STAF1 and body["name"] == "Budi Santoso"
    assert body["position"]["name"] == "Analis Kurikulum"
    assert body["unit"]["path"] == "Dinas Pendidikan > Bidang SD"
    assert body["supervisor"]["nip"] == KABID


def test_activation_codes_command_prints_codes_that_work(imported_people, capsys):
    call_command("activation_codes", "surabaya", "--unit", "Dinas Pendidikan > Bidang SD", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert sorted(r["nip"] for r in rows) == sorted([KABID, STAF1, "199207082018012004"])
    code = next(r["code"] for r in rows if r["nip"] == STAF1)
    with in_city(imported_people):
        assert services.activate_account(STAF1, code, NEW_PASSWORD).is_active


def test_activation_link_by_email(imported_people, city_admin, django_capture_on_commit_callbacks):
    import re

    from django.core import mail

    from tests.conftest import login

    client = login(imported_people, city_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/people/activation-letters/", {"unit": "", "send": "email"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["siti@example.id"]]  # the only address on file
    link = re.search(r"https?://[^/]+(/accounts/activate/link/\S+)", mail.outbox[0].body).group(1)
    visitor = client_for(imported_people)
    assert visitor.get(link).status_code == 200
    response = visitor.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    with in_city(imported_people):
        assert User.objects.get(username=KABID).is_active
    assert (
        visitor.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code
        == 200
    )
