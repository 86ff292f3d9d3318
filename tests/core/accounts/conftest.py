from __future__ import annotations

import pytest

from core.accounts.roles import Role
from core.actors import Actor
from core.people.imports import import_asn
from tests.conftest import in_city
from tests.core.people.conftest import TODAY, base_rows, table_of


@pytest.fixture
def enforce_two_factor(settings):
    settings.TWO_FACTOR_ENFORCED = True


@pytest.fixture
def imported_people(surabaya):
    with in_city(surabaya):
        report = import_asn(table_of(base_rows()), actor=Actor.system("tests"), today=TODAY)
    assert report.ok
    return surabaya


@pytest.fixture
def city_admin(make_user, surabaya):
    return make_user(surabaya, Role.CITY_ADMIN, "admin.bkpsdm", "Admin BKPSDM")
