"""Demo revenue for `make run`: three years of history, this year's targets (phased by
the service from that history) and realisation up to last month, with the months
before last closed, a small Bapenda organisation imported through the real ASN import,
and a revenue officer to sign in as.

Amounts are deterministic (derived from the source code and month), on Surabaya's scale
for Surabaya and about an eighth of it elsewhere. History is written in bulk as demo
data (origin "seed"); targets go through `services.set_target`.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.utils import timezone

from core.accounts.models import User
from core.accounts.roles import Role
from core.actors import Actor
from core.demo import DEMO_PASSWORD, DemoLogin
from core.people.imports import import_asn
from core.people.models import Employee
from core.people.tabular import Table
from core.revenue.models import AnnualTarget, ClosedMonth, Origin, Realisation, RevenueSource
from core.revenue.services import assign_officer, link_opds, set_target

KA_BAPENDA = "197809122003121001"
KABID_PAJAK = "198201252006042002"
PETUGAS_PAJAK = "199406302019031004"
BAPENDA = "Badan Pendapatan Daerah"
BIDANG = f"{BAPENDA} > Bidang Pajak Daerah I"

# Annual realisation of the latest full year in Surabaya, rupiah.
BASE = {
    "PBB-P2": 1_600_000_000_000,
    "BPHTB": 1_300_000_000_000,
    "PBJT-MM": 750_000_000_000,
    "PBJT-TL": 350_000_000_000,
    "PBJT-HTL": 300_000_000_000,
    "PBJT-PKR": 80_000_000_000,
    "PBJT-HIB": 120_000_000_000,
    "REKLAME": 200_000_000_000,
    "PAT": 10_000_000_000,
    "MBLB": 1_000_000_000,
    "WALET": 500_000_000,
    "OPSEN-PKB": 550_000_000_000,
    "OPSEN-BBNKB": 350_000_000_000,
    "RET-JU": 120_000_000_000,
    "RET-JUS": 100_000_000_000,
    "RET-PT": 150_000_000_000,
}
# PBB-P2 is paid towards its August due date; other sources are near even, December high.
PATTERNS = {
    "PBB-P2": [3, 3, 4, 5, 6, 7, 10, 25, 15, 8, 7, 7],
    "default": [8, 7, 8, 8, 8, 8, 8, 8, 8, 9, 9, 11],
}


def _noise(*parts: object, spread: int = 10) -> float:
    """A deterministic factor in [1 - spread %, 1 + spread %]."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return 1 + ((digest[0] / 255) * 2 - 1) * spread / 100


def _monthly(code: str, year: int, this_year: int, scale: float) -> list[int]:
    base = BASE.get(code, 50_000_000_000) * scale * (1.08 ** (year - this_year + 1))
    pattern = PATTERNS.get(code, PATTERNS["default"])
    return [int(base * w / sum(pattern) * _noise(code, year, m)) for m, w in enumerate(pattern, 1)]


def _ensure_sources(city) -> bool:
    """The sources come with the adopted model (catalog.demo seeds it first)."""

    return RevenueSource.objects.exists()


def _bapenda_people(today: date) -> None:

    if Employee.objects.filter(nip=PETUGAS_PAJAK).exists():
        return
    sekda = Employee.objects.filter(nip="197203151998031003").exists()
    rows = [
        {
            "nip": KA_BAPENDA,
            "nama": "Agus Prasetyo",
            "gelar_belakang": "S.E., M.Si.",
            "jenis_asn": "PNS",
            "golongan": "IV/c",
            "jabatan": "Kepala Badan Pendapatan Daerah",
            "jenis_jabatan": "JPT Pratama",
            "kelas_jabatan": "15",
            "unit_kerja": BAPENDA,
            "nip_atasan": "197203151998031003" if sekda else "",
        },
        {
            "nip": KABID_PAJAK,
            "nama": "Dewi Lestari",
            "gelar_belakang": "S.E., M.Ak.",
            "jenis_asn": "PNS",
            "golongan": "IV/a",
            "jabatan": "Kepala Bidang Pajak Daerah I",
            "jenis_jabatan": "Administrator",
            "kelas_jabatan": "12",
            "unit_kerja": BIDANG,
            "nip_atasan": KA_BAPENDA,
        },
        {
            "nip": PETUGAS_PAJAK,
            "nama": "Rizky Ramadhan",
            "gelar_belakang": "S.E.",
            "jenis_asn": "PNS",
            "golongan": "III/b",
            "jabatan": "Analis Pajak Daerah",
            "jenis_jabatan": "Pelaksana",
            "kelas_jabatan": "8",
            "unit_kerja": BIDANG,
            "nip_atasan": KABID_PAJAK,
        },
    ]
    report = import_asn(
        Table(list(rows[0]), rows), actor=Actor.system("demo"), today=date(today.year, 1, 2)
    )
    if report.errors:
        raise RuntimeError(f"revenue demo rows are invalid: {report.errors}")


def _officer_login(city, logins: list) -> None:

    officer = Employee.objects.filter(nip=PETUGAS_PAJAK).first()
    if officer is None:
        return
    for source in RevenueSource.objects.filter(code__in=["PBB-P2", "PBJT-PKR"]):
        assign_officer(source, officer.pk, actor=Actor.system("demo"))
    user = User.objects.filter(username=PETUGAS_PAJAK).first()
    if user is None:
        return
    if not user.is_active or user.role != Role.ASN:
        user.role = Role.ASN
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.activated_at = timezone.now()
        user.save(update_fields=["role", "password", "is_active", "activated_at"])
    logins.append(
        DemoLogin(
            f"{city.slug}.localhost",
            PETUGAS_PAJAK,
            Role.ASN.value,
            "Revenue officer at Bapenda (PBB-P2, parking tax): /revenue/ and its import",
        )
    )


def seed_city(city, logins: list) -> None:

    today = timezone.localdate()
    this_year = today.year
    if not _ensure_sources(city):
        return
    _bapenda_people(today)
    link_opds(actor=Actor.system("demo"))
    _officer_login(city, logins)
    if AnnualTarget.objects.filter(year=this_year).exists():
        return
    scale = 1.0 if city.slug == "surabaya" else 0.125
    sources = list(RevenueSource.objects.filter(is_active=True))
    now = timezone.now()
    rows, closed = [], []
    for year in range(this_year - 3, this_year):
        closed += [ClosedMonth(year=year, month=m, closed_at=now) for m in range(1, 13)]
        for source in sources:
            for month, amount in enumerate(_monthly(source.code, year, this_year, scale), 1):
                rows.append(
                    Realisation(
                        source=source,
                        year=year,
                        month=month,
                        amount=amount,
                        origin=Origin.SEED,
                        updated_at=now,
                    )
                )
    Realisation.objects.bulk_create(rows, ignore_conflicts=True)
    for source in sources:
        apbd = int(BASE.get(source.code, 50_000_000_000) * scale * 1.08 * _noise(source.code, "t"))
        apbd = apbd // 1_000_000 * 1_000_000
        revised = apbd * 97 // 100 if today.month >= 10 else None
        set_target(source, this_year, actor=Actor.system("demo"), apbd=apbd, apbd_p=revised)
    performance = {s.code: _noise(s.code, "performance", spread=15) for s in sources}
    current = []
    for source in sources:
        months = _monthly(source.code, this_year, this_year, scale)
        for month in range(1, today.month):
            current.append(
                Realisation(
                    source=source,
                    year=this_year,
                    month=month,
                    amount=int(months[month - 1] * performance[source.code]),
                    origin=Origin.SEED,
                    updated_at=now,
                )
            )
    Realisation.objects.bulk_create(current, ignore_conflicts=True)
    closed += [
        ClosedMonth(year=this_year, month=m, closed_at=now) for m in range(1, today.month - 1)
    ]
    ClosedMonth.objects.bulk_create(closed, ignore_conflicts=True)
