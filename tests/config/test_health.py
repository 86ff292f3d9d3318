"""`/healthz` (alive, no database) and `/readyz` (database and migrations) on every host."""

import socket
import time

import pytest
from django.db import connection

from tests.conftest import client_for

HOSTS = ["localhost", "surabaya.localhost", "nowhere.example.com"]


@pytest.mark.parametrize("host", HOSTS)
def test_healthz_answers_without_the_database(db, host, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client_for(None, HTTP_HOST=host).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("host", HOSTS)
def test_readyz_is_ok_when_migrations_are_current(db, host):
    response = client_for(None, HTTP_HOST=host).get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "pending_migrations": 0}


def test_readyz_is_503_when_a_migration_is_pending(db, monkeypatch):
    from config import health

    # The probe reads committed rows on a connection of its own: ship one migration more.
    shipped = health._expected_migrations() | {("performance", "9999_not_applied")}
    monkeypatch.setattr(health, "_expected_migrations", lambda: shipped)
    response = client_for(None).get("/readyz")
    assert response.status_code == 503
    assert response.json()["pending_migrations"] == 1
    assert response["Retry-After"] == "5"


def test_readyz_is_503_when_the_database_is_unreachable(db):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
    port = closed.getsockname()[1]
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
            patch.setitem(connection.settings_dict, "PORT", port)
            started = time.monotonic()
            response = client_for(None).get("/readyz")
            seconds = time.monotonic() - started
    finally:
        closed.close()
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert seconds < 2


def test_a_database_error_in_a_view_is_a_503_page_in_indonesian(db, monkeypatch):
    from django.db import OperationalError

    from tenants import views

    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "render", broken)
    page = client_for(None, raise_request_exception=False).get("/")
    assert page.status_code == 503
    assert page["Retry-After"] == "5"
    assert "Layanan sedang tidak tersedia" in page.content.decode()


def test_other_errors_stay_500(db, monkeypatch):
    from tenants import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "render", broken)
    client = client_for(None, raise_request_exception=False)
    assert client.get("/").status_code == 500


def test_probes_bypass_the_archived_city_refusal(jambi):
    from tenants.rules import CityStatus
    from tenants.services import Actor, change_city_status

    actor = Actor(label="tests")
    change_city_status(jambi, CityStatus.SUSPENDED, actor=actor, reason="End")
    change_city_status(jambi, CityStatus.ARCHIVED, actor=actor, reason="End")
    assert client_for(jambi).get("/healthz").status_code == 200
    assert client_for(jambi).get("/accounts/login/").status_code == 410
