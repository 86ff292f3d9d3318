"""The pure rules of the SIASN link, table-driven."""

from __future__ import annotations

import pytest

from core.siasn import rules


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("III/a", "III/a"), ("iii / A", "III/a"), ("IIIa", "III/a"), ("IV/e", "IV/e"),
     ("IX", "IX"), ("", ""), (None, "")],
)  # fmt: skip
def test_normalise_golongan(raw, expected):
    assert rules.normalise_golongan(raw) == expected


OURS = {
    "name": "Budi Santoso", "front_title": "", "back_title": "S.Kom.", "golongan": "III/a",
    "position": "Analis Kurikulum", "unit": "Bidang SD", "supervisor": "198003152005012002",
}  # fmt: skip


@pytest.mark.parametrize(
    ("theirs", "fields"),
    [
        ({}, []),  # SIASN knows nothing more: no difference
        ({"name": "BUDI  SANTOSO", "back_title": "S.Kom", "golongan": "III / a"}, ["back_title"]),
        ({"name": "Budi Santosa"}, ["name"]),
        ({"golongan": "III/b", "position": "Pranata Komputer"}, ["golongan", "position"]),
        ({"unit": "bidang sd", "supervisor": "198003152005012002"}, []),
        ({"supervisor": "197001012000031001"}, ["supervisor"]),
    ],
)
def test_compare(theirs, fields):
    assert [d.field for d in rules.compare(OURS, theirs)] == fields


@pytest.mark.parametrize(
    ("cadence", "month", "span"),
    [("monthly", 5, (5, 5)), ("quarterly", 6, (4, 6)), ("quarterly", 5, None),
     ("annual", 12, (1, 12)), ("annual", 11, None), ("weekly", 1, None)],
)  # fmt: skip
def test_period_months(cadence, month, span):
    assert rules.period_months(cadence, month) == span


@pytest.mark.parametrize(
    ("attempts", "status", "state"),
    [(1, 500, "retry"), (1, 429, "retry"), (1, None, "retry"), (1, 400, "stopped"),
     (1, 401, "stopped"), (1, 404, "stopped"), (6, 503, "stopped")],
)  # fmt: skip
def test_after_failure(attempts, status, state):
    assert rules.after_failure(attempts, status) == state


def test_backoff_doubles_and_caps():
    assert [rules.backoff_seconds(n, 60) for n in (1, 2, 3, 7, 20)] == [60, 120, 240, 3600, 3600]


def _mapping() -> dict:
    return {kind: {v: c for v, c, _l in rows} for kind, rows in rules.DEFAULT_MAPPING.items()}


def test_payload_maps_codes_and_assessor():
    assessor = rules.Assessor("Siti, S.Pd.", "198003152005012002", "IV/a", "Kabid SD", "Bidang SD")
    payload = rules.build_payload(
        siasn_person_id="p-1", year=2026, first_month=4, last_month=6, cadence="quarterly",
        results="diatas", behaviour="sesuai", predicate="baik", position_type="PELAKSANA",
        assessor=assessor, mapping=_mapping(),
    )  # fmt: skip
    assert payload["periodikId"] == "2" and payload["hasilKinerjaNilai"] == "3"
    assert payload["kuadranKinerjaNilai"] == "2" and payload["koefisienId"] == "1"
    assert (payload["bulanMulaiPenilaian"], payload["bulanSelesaiPenilaian"]) == (4, 6)
    assert payload["penilaiNipNrp"] == "198003152005012002" and payload["statusPenilai"] == "ASN"


def test_payload_without_a_code_names_what_is_missing():
    mapping = _mapping()
    del mapping["kuadran"]["kurang"]
    with pytest.raises(rules.MappingMissing) as caught:
        rules.build_payload(
            siasn_person_id="", year=2026, first_month=1, last_month=1, cadence="monthly",
            results="dibawah", behaviour="dibawah", predicate="kurang", position_type="",
            assessor=None, mapping=mapping,
        )  # fmt: skip
    assert (caught.value.kind, caught.value.value) == ("kuadran", "kurang")
