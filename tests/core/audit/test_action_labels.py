"""Every action the services record has a human label, and the trail shows labels.

The codes are found in the source: every literal `action="area.verb"`, every
`audit(partnership, actor, "verb")` of the partnerships (recorded as `partnership.<verb>`),
and the families built at run time from their kinds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from core.audit.actions import ACTION_LABELS, codes_labelled
from core.labels import label, object_label

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("core", "tenants", "catalog", "onboarding", "billing", "incidents", "partnerships")
LITERAL = re.compile(
    r'action=(?:"([a-z_]+\.[a-z_.]+)"|"([a-z_]+\.[a-z_.]+)" if [^\n]* else "([a-z_.]+)")'
)
PARTNERSHIP = re.compile(r'\baudit\(\s*\w+,\s*\w+,\s*"([a-z_]+)"', re.S)


def _codes_in_source() -> set[str]:
    codes: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text()
            for match in LITERAL.finditer(text):
                codes.update(c for c in match.groups() if c)
            if package == "partnerships":
                codes.update(f"partnership.{verb}" for verb in PARTNERSHIP.findall(text))
    return codes


def _codes_made_at_run_time() -> set[str]:
    from core.labels import _registry

    corrections = {
        f"correction.{kind}{suffix}"
        for kind in _registry()["correction_kind"]
        for suffix in ("", ".requested", ".approved", ".rejected")
    }
    return corrections | {f"configuration.{kind}.update" for kind in ("activity", "indicator")}


def test_every_recorded_action_has_a_label():
    codes = _codes_in_source() | _codes_made_at_run_time()
    assert len(codes) > 100  # the scan found the codes, not nothing
    assert sorted(codes - set(ACTION_LABELS)) == []


def test_every_label_is_indonesian_on_an_indonesian_page():
    def texts(language: str) -> dict[str, str]:
        with translation.override(language):
            return {code: str(text) for code, text in ACTION_LABELS.items()}

    english, indonesian = texts("en"), texts("id")
    assert [code for code in ACTION_LABELS if english[code] == indonesian[code]] == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("activity.logged", "Kegiatan dicatat"),
        ("correction.behaviour.requested", "Koreksi diajukan: perilaku kerja"),
        ("partnership.report_signed", "Laporan bulanan ditandatangani"),
        ("made.up_code", "Made.up code"),  # an old event's code without a label yet
    ],
)
def test_action_label(code, expected):
    with translation.override("id"):
        assert label("audit_action", code) == expected


def test_words_of_a_label_find_its_codes():
    with translation.override("id"):
        found = codes_labelled("disetujui")
    assert "activity.approved" in found and "talent.skp.agree" in found
    assert "activity.logged" not in found


@pytest.mark.parametrize(
    ("object_type", "expected"),
    [
        ("performance.activityentry", "Kegiatan"),
        ("performance.period", "Bulan"),
        ("revenue.annualtarget", "Target pendapatan tahunan"),
        ("organisation.orgunit", "Unit kerja"),  # the model's own Indonesian name
        ("performance", "Kinerja harian"),
    ],
)
def test_object_label(object_type, expected):
    with translation.override("id"):
        assert object_label(object_type) == expected


def test_every_object_type_named_in_the_source_reads_as_indonesian():
    from core.audit.actions import OBJECT_LABELS

    named = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            named.update(re.findall(r'object_type="([a-z_.]+)"', path.read_text()))
    assert len(named) > 10
    with translation.override("en"):
        english = {t: object_label(t) for t in named | set(OBJECT_LABELS)}
    with translation.override("id"):
        same = [t for t in english if object_label(t) == english[t]]
    assert same == []
