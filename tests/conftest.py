"""Shared fixtures: two cities (Surabaya, Jambi), clients bound to each host, personas.

The cities are provisioned once per test database and committed; every test then
runs inside a transaction that is rolled back, like any pytest-django test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from core.accounts.roles import Role
from tenants.models import City

pytest_plugins = ["tests.browser_support"]

PASSWORD = "Rahasia-Uji-2026"

CITIES = {
    "surabaya": ("Kota Surabaya", "Jawa Timur"),
    "jambi": ("Kota Jambi", "Jambi"),
}


def pytest_collection_modifyitems(config, items) -> None:
    """Mark the modules `make test-citus` runs (tests/citus/subset.py) with `citus`."""
    from tests.citus.subset import CITUS_SUBSET

    root = str(config.rootpath) + "/"
    for item in items:
        path = str(item.path).removeprefix(root)
        if path.startswith(CITUS_SUBSET):
            item.add_marker(pytest.mark.citus)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After migrating the test database, provision the two cities every test may use."""
    from catalog.adoption import adopt_after_build
    from tenants.services import Actor, provision_city

    with django_db_blocker.unblock():
        for slug, (name, province) in CITIES.items():
            if not City.objects.filter(slug=slug).exists():
                provision_city(
                    slug,
                    name=name,
                    province=province,
                    actor=Actor(label="tests"),
                    after_build=adopt_after_build(),
                )  # the Surabaya model
        connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _fresh_tenancy_state():
    """Each test starts on the public schema with empty caches (routes hold city status)."""
    for alias in ("default", "platform"):
        caches[alias].clear()
    yield
    connection.set_schema_to_public()
    for alias in ("default", "platform"):
        caches[alias].clear()


@pytest.fixture
def surabaya(db) -> City:
    return City.objects.get(slug="surabaya")


@pytest.fixture
def jambi(db) -> City:
    return City.objects.get(slug="jambi")


@contextmanager
def in_city(city: City) -> Iterator[None]:
    """Run ORM code in a city's schema (tests and services alike)."""
    with tenant_context(city):
        yield


@contextmanager
def in_public() -> Iterator[None]:
    with schema_context("public"):
        yield


def host_of(city: City | None) -> str:
    return f"{city.slug}.localhost" if city else "localhost"


def client_for(city: City | None, **kwargs) -> Client:
    """A test client whose requests go to `city`'s host (None: the public site)."""
    kwargs.setdefault("HTTP_HOST", host_of(city))
    return Client(**kwargs)


@pytest.fixture
def make_user() -> Callable:
    """Create an account in a city (or, with city=None, a platform staff account)."""

    def _make(city: City | None, role: Role, username: str, full_name: str = "", **fields):
        from django.contrib.auth import get_user_model

        context = in_city(city) if city else in_public()
        with context:
            return get_user_model().objects.create_user(
                username, PASSWORD, full_name=full_name or username, role=role, **fields
            )

    return _make


def login(city: City | None, user) -> Client:
    """A client on `city`'s host, signed in as `user` through the real login form."""
    client = client_for(city)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def operator(make_user):
    return make_user(None, Role.OPERATOR, "operator", "Oktaviani Operator")


@pytest.fixture
def trainer(make_user):
    return make_user(None, Role.TRAINER, "trainer", "Teguh Pelatih")
