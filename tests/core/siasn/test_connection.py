"""The connection page and API: secrets encrypted, never shown or logged; roles; test button."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.siasn import fake as fakes
from tests.conftest import client_for, in_city, login
from tests.core.siasn.conftest import connection_data

SECRETS = (fakes.CONSUMER_SECRET, fakes.SSO_PASSWORD, fakes.CONSUMER_KEY)


def _assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def test_admin_saves_and_tests_connection_secrets_never_shown(world, caplog):
    from core.audit.models import AuditEvent
    from core.siasn.models import CallLog, Connection

    caplog.set_level(logging.DEBUG)
    admin = login(world.city, world.users["city_admin"])
    response = admin.post("/siasn/connection/", connection_data(world.fake.url))
    assert response.status_code == 302
    page = admin.get("/siasn/connection/")
    assert page.status_code == 200
    html = page.content.decode()
    _assert_no_secret(html)
    assert "…0001" in html  # the last four characters, no more
    with in_city(world.city):
        conn = Connection.objects.get()
        assert conn.consumer_secret_enc and fakes.CONSUMER_SECRET not in conn.consumer_secret_enc
        events = list(
            AuditEvent.objects.filter(action__startswith="siasn.").values_list("after", flat=True)
        )
    _assert_no_secret(repr(events))
    response = admin.post("/siasn/connection/test/", follow=True)
    assert response.status_code == 200
    assert world.fake.count("POST", "/oauth2/token") == 1
    with in_city(world.city):
        assert Connection.objects.get().last_test_ok is True
        assert CallLog.objects.filter(endpoint="/oauth2/token", status=200).exists()
    api = login(world.city, world.users["city_admin"])
    body = api.get("/api/v1/siasn/connection/").json()
    assert body["consumer_secret"] == {"stored": True, "last4": "0001"}
    _assert_no_secret(str(body))
    _assert_no_secret(caplog.text)


def test_blank_secret_keeps_the_stored_one_and_wrong_secret_fails_test(connected):
    admin = login(connected.city, connected.users["city_admin"])
    data = connection_data(connected.fake.url, consumer_secret="", sso_password="")
    assert admin.post("/siasn/connection/", data).status_code == 302
    response = admin.post("/siasn/connection/test/", follow=True)
    assert "Terhubung" in response.content.decode() or response.status_code == 200
    data = connection_data(connected.fake.url, consumer_secret="wrong-secret-000000")
    admin.post("/siasn/connection/", data)
    response = admin.post("/siasn/connection/test/", follow=True)
    html = response.content.decode()
    assert "wrong-secret-000000" not in html
    from core.siasn.models import Connection

    with in_city(connected.city):
        conn = Connection.objects.get()
        assert conn.last_test_ok is False and conn.last_test_message


def test_first_save_needs_every_secret(world):
    admin = login(world.city, world.users["city_admin"])
    response = admin.post("/siasn/connection/", connection_data(world.fake.url, consumer_secret=""))
    assert response.status_code == 200
    from core.siasn.models import Connection

    with in_city(world.city):
        assert not Connection.objects.exists()


@pytest.mark.parametrize("persona", ["asn", "supervisor", "opd_admin", "inspector", "executive"])
def test_other_roles_are_refused(connected, persona):
    user = login(connected.city, connected.users[persona])
    for url in (
        "/siasn/",
        "/siasn/connection/",
        "/siasn/reconcile/",
        "/siasn/results/",
        "/siasn/mapping/",
    ):
        assert user.get(url).status_code == 403, url
    assert user.post("/siasn/connection/test/").status_code == 403
    assert user.post("/siasn/results/send/").status_code == 403
    api = login(connected.city, connected.users[persona])
    assert api.get("/api/v1/siasn/connection/").status_code == 403
    assert api.post("/api/v1/siasn/pulls/", {"scope": "all"}).status_code == 403
    assert client_for(connected.city).get("/siasn/").status_code == 302  # signed out: login


def test_another_citys_admin_sees_nothing_of_this_one(connected, jambi, make_user):
    from core.accounts.roles import Role

    other = make_user(jambi, Role.CITY_ADMIN, "admin.jambi")
    client = login(jambi, other)
    assert client.get("/siasn/").status_code == 200  # their own, unconfigured
    assert "Belum terhubung" in client.get("/siasn/").content.decode()
    api = login(jambi, other)
    assert api.get("/api/v1/siasn/connection/").status_code == 404


def test_missing_key_outside_development_is_a_clear_error(settings):
    from core.siasn import secrets

    settings.SIASN_DEV_KEY = False
    settings.SIASN_ENCRYPTION_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="SIASN_ENCRYPTION_KEY"):
        secrets.encrypt("x")
    settings.SIASN_ENCRYPTION_KEY = "not-a-fernet-key"
    with pytest.raises(ImproperlyConfigured, match="Fernet"):
        secrets.encrypt("x")


def test_a_changed_key_asks_for_the_secrets_again(connected, settings):
    from cryptography.fernet import Fernet

    settings.SIASN_ENCRYPTION_KEY = Fernet.generate_key().decode()
    admin = login(connected.city, connected.users["city_admin"])
    response = admin.post("/siasn/connection/test/", follow=True)
    assert response.status_code == 200
    assert "kunci enkripsi" in response.content.decode()


def test_sentry_scrubbing_covers_the_connection_form_fields():
    from config.observability import SENSITIVE_KEYS

    for name in ("consumer_key", "consumer_secret", "sso_password", "Authorization"):
        assert SENSITIVE_KEYS.search(name), name
