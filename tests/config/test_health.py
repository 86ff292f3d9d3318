"""`/healthz` (alive, no database) and `/readyz` (database and migrations) on every host."""

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


def test_readyz_is_503_when_a_migration_is_pending(db):
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute(
            "DELETE FROM public.django_migrations WHERE id = "
            "(SELECT max(id) FROM public.django_migrations)"
        )
    response = client_for(None).get("/readyz")
    assert response.status_code == 503
    assert response.json()["pending_migrations"] == 1


def test_readyz_is_503_when_the_database_is_unreachable(db, monkeypatch):
    from django.db import DatabaseError

    def unreachable(*args, **kwargs):
        raise DatabaseError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", unreachable)
        response = client_for(None).get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_probes_bypass_the_archived_city_refusal(jambi):
    from tenants.rules import CityStatus
    from tenants.services import Actor, change_city_status

    actor = Actor(label="tests")
    change_city_status(jambi, CityStatus.SUSPENDED, actor=actor, reason="End")
    change_city_status(jambi, CityStatus.ARCHIVED, actor=actor, reason="End")
    assert client_for(jambi).get("/healthz").status_code == 200
    assert client_for(jambi).get("/accounts/login/").status_code == 410
