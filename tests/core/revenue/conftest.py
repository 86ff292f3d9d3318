"""Personas of the revenue module in Surabaya, frozen on Wednesday 15 April 2026, 10:00 WIB.

Badan Pendapatan Daerah (BAPENDA):
    Kepala Bapenda <- Kabid Pajak Daerah I (Hendra) <- Rina (officer of PBB-P2 and parking)
    Admin Bapenda (OPD admin)
Dinas Pendidikan: Budi (plain ASN, nothing to do with revenue)
City-wide: the mayor (executive), the city admin (BKPSDM), the inspector.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.accounts.roles import Role
from core.actors import Actor
from tests.conftest import in_city

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 4, 15, 10, 0, tzinfo=WIB)
YEAR = 2026

# The template's section (catalog/content/surabaya-v1.json, "revenue_sources"), trimmed.
SECTION = [
    {"code": "PBB-P2", "name": "PBB Perdesaan dan Perkotaan", "group": "pajak",
     "opd_code": "BAPENDA", "opd": "Badan Pendapatan Daerah"},
    {"code": "BPHTB", "name": "Bea Perolehan Hak atas Tanah dan Bangunan", "group": "pajak",
     "opd_code": "BAPENDA", "opd": "Badan Pendapatan Daerah"},
    {"code": "PBJT-PKR", "name": "PBJT Jasa Parkir", "group": "pajak",
     "opd_code": "BAPENDA", "opd": "Badan Pendapatan Daerah"},
    {"code": "REKLAME", "name": "Pajak Reklame", "group": "pajak",
     "opd_code": "BAPENDA", "opd": "Badan Pendapatan Daerah"},
    {"code": "RET-PT", "name": "Retribusi Perizinan Tertentu", "group": "retribusi",
     "opd_code": "DPMPTSP", "opd": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"},
]  # fmt: skip


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@dataclass
class Pad:
    city: object
    mayor: object
    cityadmin: object
    inspector: object
    bapenda_admin: object
    kabid: object
    rina: object  # officer of PBB-P2 and PBJT-PKR
    budi: object  # plain ASN of another OPD
    bapenda: object
    disdik: object

    def source(self, code: str):
        from core.revenue.models import RevenueSource

        with in_city(self.city):
            return RevenueSource.objects.get(code=code)

    def employee(self, user):
        from core.people.models import Employee

        with in_city(self.city):
            return Employee.objects.get(user=user)


def _nip(n: int) -> str:
    return f"19850101201001{n:04d}"


@pytest.fixture
def pad(surabaya, make_user) -> Pad:
    from core.organisation.models import OrgUnit, Position
    from core.people.models import Assignment, Employee
    from core.revenue.models import RevenueSource
    from core.revenue.services import assign_officer

    with in_city(surabaya):
        opds = {}
        for code, name in (("BAPENDA", "Badan Pendapatan Daerah"), ("DISDIK", "Dinas Pendidikan")):
            unit = OrgUnit.objects.create(name=name, code=code, kind="opd", path=name)
            unit.opd = unit
            unit.save(update_fields=["opd"])
            opds[code] = unit
        bidang = OrgUnit.objects.create(
            name="Bidang Pajak Daerah I",
            kind="bidang",
            parent=opds["BAPENDA"],
            opd=opds["BAPENDA"],
            path="Badan Pendapatan Daerah > Bidang Pajak Daerah I",
            depth=1,
        )
        head = Position.objects.create(
            name="Kepala Badan", org_unit=opds["BAPENDA"], kelas_jabatan=14,
            position_type="JPT_PRATAMA",
        )  # fmt: skip
        kabid_pos = Position.objects.create(
            name="Kepala Bidang Pajak Daerah I", org_unit=bidang, kelas_jabatan=12,
            supervisor_position=head, position_type="ADMINISTRATOR",
        )  # fmt: skip
        staff_pos = Position.objects.create(
            name="Pengelola Pajak Daerah", org_unit=bidang, kelas_jabatan=7,
            supervisor_position=kabid_pos,
        )  # fmt: skip
        admin_pos = Position.objects.create(
            name="Pengelola Kepegawaian", org_unit=opds["BAPENDA"], kelas_jabatan=7,
            supervisor_position=head,
        )  # fmt: skip
        teacher_pos = Position.objects.create(
            name="Pengadministrasi Umum", org_unit=opds["DISDIK"], kelas_jabatan=6
        )
    people = {}
    for n, (key, role, name, position) in enumerate(
        [
            ("kabid", Role.ASN, "Hendra Wijaya", kabid_pos),
            ("rina", Role.ASN, "Rina Kartika", staff_pos),
            ("bapenda_admin", Role.OPD_ADMIN, "Admin Bapenda", admin_pos),
            ("budi", Role.ASN, "Budi Santoso", teacher_pos),
        ],
        start=1,
    ):
        user = make_user(surabaya, role, _nip(n), name)
        with in_city(surabaya):
            employee = Employee.objects.create(nip=_nip(n), name=name, asn_type="PNS", user=user)
            Assignment.objects.create(
                employee=employee, position=position, starts_on=date(2020, 1, 1)
            )
        people[key] = user
    with in_city(surabaya):
        use_section(SECTION)
        rina = Employee.objects.get(user=people["rina"])
        for code in ("PBB-P2", "PBJT-PKR"):
            assign_officer(
                RevenueSource.objects.get(code=code), rina.pk, actor=Actor.system("tests")
            )
    return Pad(
        city=surabaya,
        mayor=make_user(surabaya, Role.EXECUTIVE, "walikota", "Wali Kota"),
        cityadmin=make_user(surabaya, Role.CITY_ADMIN, "bkpsdm", "Admin BKPSDM"),
        inspector=make_user(surabaya, Role.INSPECTOR, "inspektur", "Inspektur"),
        bapenda_admin=people["bapenda_admin"],
        kabid=people["kabid"],
        rina=people["rina"],
        budi=people["budi"],
        bapenda=opds["BAPENDA"],
        disdik=opds["DISDIK"],
    )


def use_section(section: list[dict]) -> None:
    """Make the active city's sources exactly `section` (whatever its template adopted)."""
    from core.revenue.models import RevenueSource
    from core.revenue.services import adopt_revenue_sources

    RevenueSource.objects.exclude(code__in=[item["code"] for item in section]).delete()
    adopt_revenue_sources(section, version=1, actor=Actor.system("tests"))


def csv_file(rows: list[tuple], *, columns=("kode_sumber", "bulan", "jumlah")) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def import_rows(pad: Pad, year: int, rows: list[tuple], *, actor=None):
    """Import (kode_sumber, bulan, jumlah) rows through the service, as the city admin."""
    from core.revenue.services import import_realisation

    headers = ["kode_sumber", "bulan", "jumlah"]
    table = [dict(zip(headers, (str(v) for v in row), strict=True)) for row in rows]
    with in_city(pad.city):
        return import_realisation(headers, table, actor=actor or pad.cityadmin, year=year)


def seed_history(pad: Pad, code: str, monthly: dict[int, list[int]]) -> None:
    """Whole years of realisation: {year: [12 amounts]}."""
    for year, amounts in monthly.items():
        report = import_rows(pad, year, [(code, m, a) for m, a in enumerate(amounts, start=1)])
        assert report.ok, report.errors
