"""Pure rules of the SIASN link: comparing master data, building the result payload,
deciding what to do with an answer. Plain data in, plain data out (tested table-driven).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

# Fields of data-utama we read (BKN's names), and where they land here.
SIASN_NAME = "nama"
SIASN_FRONT_TITLE = "gelarDepan"
SIASN_BACK_TITLE = "gelarBelakang"
SIASN_GOLONGAN = "golRuangAkhir"
SIASN_POSITION = "jabatanNama"
SIASN_UNIT = "unorNama"
SIASN_SUPERVISOR_NIP = "atasanNipBaru"  # not always present: compared only when it is

COMPARED = ("name", "front_title", "back_title", "golongan", "position", "unit", "supervisor")

MAX_ATTEMPTS = 6


def _squash(value: object) -> str:
    """Case, spacing and punctuation-insensitive form used for comparison only."""
    text = re.sub(r"\s+", " ", str(value or "")).strip().casefold()
    return re.sub(r"\s*([.,/])\s*", r"\1", text)


def normalise_golongan(value: object) -> str:
    """`III/a`, `III / A`, `IIIa` all become `III/a`; anything else is left as written."""
    text = re.sub(r"\s+", "", str(value or ""))
    match = re.fullmatch(r"(IV|III|II|I)/?([a-eA-E])", text, flags=re.IGNORECASE)
    if not match:
        return str(value or "").strip()
    return f"{match.group(1).upper()}/{match.group(2).lower()}"


def siasn_view(data: Mapping[str, object]) -> dict[str, str]:
    """The fields we compare, read from a data-utama record."""
    return {
        "name": str(data.get(SIASN_NAME) or "").strip(),
        "front_title": str(data.get(SIASN_FRONT_TITLE) or "").strip(),
        "back_title": str(data.get(SIASN_BACK_TITLE) or "").strip(),
        "golongan": normalise_golongan(data.get(SIASN_GOLONGAN)),
        "position": str(data.get(SIASN_POSITION) or "").strip(),
        "unit": str(data.get(SIASN_UNIT) or "").strip(),
        "supervisor": str(data.get(SIASN_SUPERVISOR_NIP) or "").strip(),
    }


@dataclass(frozen=True)
class FieldDiff:
    field: str
    ours: str
    theirs: str


def compare(ours: Mapping[str, str], theirs: Mapping[str, str]) -> list[FieldDiff]:
    """Fields that differ. SIASN leaving a field empty is not a difference (unknown there),
    and the supervisor is compared only when SIASN names one."""
    diffs = []
    for field in COMPARED:
        mine, other = ours.get(field, "") or "", theirs.get(field, "") or ""
        if not other:
            continue
        same = (
            normalise_golongan(mine) == normalise_golongan(other)
            if field == "golongan"
            else _squash(mine) == _squash(other)
        )
        if not same:
            diffs.append(FieldDiff(field, mine, other))
    return diffs


# ---------------------------------------------------------------- results out
def period_months(cadence: str, month: int) -> tuple[int, int] | None:
    """The months a result covers when `month` closes, or None if it closes no period."""
    if cadence == "monthly":
        return (month, month)
    if cadence == "quarterly":
        return (month - 2, month) if month % 3 == 0 else None
    if cadence == "annual":
        return (1, 12) if month == 12 else None
    return None


def last_day(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


@dataclass(frozen=True)
class Assessor:
    name: str
    nip: str
    golongan: str
    position: str
    unit: str
    is_asn: bool = True


class MappingMissing(Exception):
    def __init__(self, kind: str, value: str):
        super().__init__(f"{kind}:{value}")
        self.kind = kind
        self.value = value


def build_payload(
    *,
    siasn_person_id: str,
    year: int,
    first_month: int,
    last_month: int,
    cadence: str,
    results: str,
    behaviour: str,
    predicate: str,
    position_type: str,
    assessor: Assessor | None,
    mapping: Mapping[str, Mapping[str, str]],
) -> dict[str, object]:
    """The kinerjaperiodik/save body, every product value mapped to BKN's codes."""

    def code(kind: str, value: str) -> str:
        found = mapping.get(kind, {}).get(value)
        if not found:
            raise MappingMissing(kind, value)
        return found

    koefisien = mapping.get("koefisien", {})
    payload: dict[str, object] = {
        "pnsDinilaiId": siasn_person_id,
        "tahun": year,
        "bulanMulaiPenilaian": first_month,
        "bulanSelesaiPenilaian": last_month,
        "tahunMulaiPenilaian": year,
        "tahunSelesaiPenilaian": year,
        "periodikId": code("periodik", cadence),
        "hasilKinerjaNilai": code("hasil", results),
        "perilakuKerjaNilai": code("perilaku", behaviour),
        "kuadranKinerjaNilai": code("kuadran", predicate),
        "koefisienId": koefisien.get(position_type) or koefisien.get("*", ""),
        "penilaiNama": assessor.name if assessor else "",
        "penilaiNipNrp": assessor.nip if assessor else "",
        "penilaiGolongan": assessor.golongan if assessor else "",
        "penilaiJabatanNama": assessor.position if assessor else "",
        "penilaiUnorNama": assessor.unit if assessor else "",
        "statusPenilai": "ASN" if assessor is None or assessor.is_asn else "NON ASN",
    }
    return payload


# ---------------------------------------------------------------- answers
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


def is_retryable(status: int | None) -> bool:
    """None: no answer (timeout, refused connection, unreadable body)."""
    return status is None or status in RETRYABLE_STATUSES


def backoff_seconds(attempts: int, base: int) -> int:
    """Wait before attempt `attempts + 1`: base, 2x, 4x ... capped at one hour."""
    return min(base * 2 ** max(attempts - 1, 0), 3600)


def after_failure(attempts: int, status: int | None) -> str:
    """The outbox state after a failed attempt: retry later, or stop with the reason."""
    if not is_retryable(status) or attempts >= MAX_ATTEMPTS:
        return "stopped"
    return "retry"


# Defaults seeded into each city's mapping (editable). Codes as in BKN's reference
# downloads at the time of writing; each agency checks them against its own download.
DEFAULT_MAPPING: dict[str, list[tuple[str, str, str]]] = {
    "hasil": [
        ("dibawah", "1", "Dibawah Ekspektasi"),
        ("sesuai", "2", "Sesuai Ekspektasi"),
        ("diatas", "3", "Diatas Ekspektasi"),
    ],
    "perilaku": [
        ("dibawah", "1", "Dibawah Ekspektasi"),
        ("sesuai", "2", "Sesuai Ekspektasi"),
        ("diatas", "3", "Diatas Ekspektasi"),
    ],
    "kuadran": [
        ("sangat_baik", "1", "Sangat Baik"),
        ("baik", "2", "Baik"),
        ("butuh_perbaikan", "3", "Butuh Perbaikan"),
        ("kurang", "4", "Kurang/Misconduct"),
        ("sangat_kurang", "5", "Sangat Kurang"),
    ],
    "periodik": [
        ("monthly", "1", "Bulanan"),
        ("quarterly", "2", "Triwulanan"),
        ("annual", "4", "Tahunan"),
    ],
    "koefisien": [
        ("*", "1", "Koefisien umum"),
    ],
}
