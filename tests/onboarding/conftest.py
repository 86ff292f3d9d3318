"""Fixtures for onboarding tests: a second operator, application data, export folder."""

from __future__ import annotations

import pytest

from core.accounts.roles import Role


@pytest.fixture(autouse=True)
def _exports_in_tmp(settings, tmp_path):
    settings.CITY_EXPORTS_DIR = tmp_path / "exports"


@pytest.fixture
def second_operator(make_user):
    return make_user(None, Role.OPERATOR, "operator2", "Oki Operator Kedua")


APPLICATION = {
    "official_name": "Kota Bontang",
    "province": "Kalimantan Timur",
    "slug": "bontang",
    "agency": "BKPSDM Kota Bontang",
    "contact_name": "Ratna Sari",
    "contact_position": "Kepala Bidang Pengembangan",
    "contact_email": "ratna@bontangkota.go.id",
    "contact_phone": "0811000111",
    "estimated_asn": "3200",
    "template_code": "",
}


@pytest.fixture
def application_data() -> dict:
    return dict(APPLICATION)
