"""Personas of the configuration tests: each city's BKPSDM admin, and people who may not edit."""

from __future__ import annotations

import copy
import json

import pytest
from django.utils import translation

from catalog.rules import BUILTIN_DIR
from core.accounts.roles import Role


@pytest.fixture
def jambi_admin(make_user, jambi):
    return make_user(jambi, Role.CITY_ADMIN, "bkpsdm.jambi", "Juwita Admin Jambi")


@pytest.fixture
def surabaya_admin(make_user, surabaya):
    return make_user(surabaya, Role.CITY_ADMIN, "bkpsdm.sby", "Sari Admin Surabaya")


@pytest.fixture
def jambi_asn(make_user, jambi):
    return make_user(jambi, Role.ASN, "198609262015051001", "Ahmad ASN")


@pytest.fixture
def jambi_inspector(make_user, jambi):
    return make_user(jambi, Role.INSPECTOR, "inspektorat.jambi", "Indra Inspektur")


@pytest.fixture
def surabaya_v1() -> dict:
    return json.loads((BUILTIN_DIR / "surabaya-v1.json").read_text(encoding="utf-8"))


@pytest.fixture
def v1_copy(surabaya_v1):
    def _copy() -> dict:
        return copy.deepcopy(surabaya_v1)

    return _copy


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are compared in English here; pages pick the language per request."""
    with translation.override("en"):
        yield
