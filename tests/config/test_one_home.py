"""One home per rule: identifier quoting lives in config.sql only."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.sql import quote_identifier

ROOT = Path(__file__).resolve().parents[2]
APPS = ("config", "core", "tenants", "catalog", "onboarding", "billing")


@pytest.mark.parametrize(
    ("name", "quoted"),
    [("city_jambi", '"city_jambi"'), ('we"ird', '"we""ird"'), ("Kota", '"Kota"')],
)
def test_quote_identifier(name, quoted):
    assert quote_identifier(name) == quoted


def test_identifier_quoting_is_written_once():
    pattern = """.replace('"', '""')"""
    homes = [
        path.relative_to(ROOT).as_posix()
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if pattern in path.read_text(encoding="utf-8")
    ]
    assert homes == ["config/sql.py"]
