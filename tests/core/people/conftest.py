"""Fixtures for the registry: files to import, and a small imported organisation."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from core.actors import Actor
from core.people.tabular import COLUMNS, read_table

TODAY = date(2026, 1, 15)

# A small, valid file: a head of agency, a head of division, two staff.
KADIS = "197001012000031001"
KABID = "198003152005012002"
STAF1 = "199005202015031003"
STAF2 = "199207082018012004"


def csv_bytes(
    rows: list[dict],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
    columns: tuple[str, ...] = COLUMNS,
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([str(row.get(c, "")) for c in columns])
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def base_rows() -> list[dict]:
    unit = "Dinas Pendidikan"
    return [
        {
            "nip": KADIS,
            "nama": "Maulana",
            "gelar_depan": "Dr. dr. H.",
            "gelar_belakang": "M.K.M",
            "jenis_kelamin": "L",
            "tanggal_lahir": "1970-01-01",
            "jenis_asn": "PNS",
            "golongan": "IV/c",
            "jabatan": "Kepala Dinas Pendidikan",
            "jenis_jabatan": "JPT Pratama",
            "kelas_jabatan": "15",
            "unit_kerja": unit,
            "nip_atasan": "",
        },
        {
            "nip": KABID,
            "nama": "Siti Rahmawati",
            "gelar_belakang": "S.Pd., M.Pd.",
            "jenis_kelamin": "P",
            "tanggal_lahir": "15/03/1980",
            "jenis_asn": "PNS",
            "golongan": "IV/a",
            "jabatan": "Kepala Bidang SD",
            "jenis_jabatan": "Administrator",
            "kelas_jabatan": "12",
            "unit_kerja": f"{unit} > Bidang SD",
            "nip_atasan": KADIS,
            "email": "siti@example.id",
        },
        {
            "nip": STAF1,
            "nama": "Budi Santoso",
            "jenis_kelamin": "L",
            "jenis_asn": "PNS",
            "golongan": "III/a",
            "jabatan": "Analis Kurikulum",
            "jenis_jabatan": "Pelaksana",
            "kelas_jabatan": "7",
            "unit_kerja": f"{unit} > Bidang SD",
            "nip_atasan": KABID,
        },
        {
            "nip": STAF2,
            "nama": "Dewi Lestari",
            "jenis_asn": "PPPK",
            "golongan": "IX",
            "jabatan": "Guru Ahli Pertama",
            "jenis_jabatan": "Fungsional",
            "kelas_jabatan": "8",
            "unit_kerja": f"{unit} > Bidang SD",
            "nip_atasan": KABID,
        },
    ]


def table_of(rows: list[dict], **kwargs):
    return read_table(csv_bytes(rows, **kwargs), "asn.csv")


@pytest.fixture
def imported(surabaya):
    """Surabaya with the base file imported."""
    from core.people.imports import import_asn
    from tests.conftest import in_city

    with in_city(surabaya):
        report = import_asn(table_of(base_rows()), actor=Actor.system("tests"), today=TODAY)
    assert report.ok, report.errors
    return surabaya


OPD_ADMIN_NIP = "198505052010012004"
OUTSIDER = "197411112001121001"


def registry_rows() -> list[dict]:
    rows = base_rows()
    rows.append(
        {
            "nip": OPD_ADMIN_NIP,
            "nama": "Nurul Hidayati",
            "jenis_asn": "PNS",
            "jabatan": "Kepala Subbagian Umum",
            "jenis_jabatan": "Pengawas",
            "unit_kerja": "Dinas Pendidikan > Subbagian Umum",
            "nip_atasan": KADIS,
        }
    )
    rows.append(
        {
            "nip": OUTSIDER,
            "nama": "Hendra Pratama",
            "jenis_asn": "PNS",
            "jabatan": "Kepala Dinas Kesehatan",
            "jenis_jabatan": "JPT Pratama",
            "unit_kerja": "Dinas Kesehatan",
        }
    )
    return rows


@pytest.fixture
def registry(surabaya, make_user):
    """Surabaya with two OPDs imported and one signed-in-able account per role.

    Returns {"city", "users": {persona: User}, "ids": {nip: employee id}}.
    """
    from core.accounts.models import User
    from core.accounts.roles import Role
    from core.people.imports import import_asn
    from core.people.models import Employee
    from tests.conftest import PASSWORD, in_city

    with in_city(surabaya):
        report = import_asn(table_of(registry_rows()), actor=Actor.system("tests"), today=TODAY)
        assert report.ok, report.errors
        personas = {
            "asn": (STAF1, Role.ASN),
            "supervisor": (KABID, Role.ASN),
            "opd_admin": (OPD_ADMIN_NIP, Role.OPD_ADMIN),
            "outsider": (OUTSIDER, Role.ASN),
        }
        users = {}
        for persona, (nip, role) in personas.items():
            user = User.objects.get(username=nip)
            user.set_password(PASSWORD)
            user.role = role
            user.is_active = True
            user.save()
            users[persona] = user
        ids = dict(Employee.objects.values_list("nip", "id"))
    users["city_admin"] = make_user(surabaya, Role.CITY_ADMIN, "admin.bkpsdm")
    users["executive"] = make_user(surabaya, Role.EXECUTIVE, "walikota")
    users["inspector"] = make_user(surabaya, Role.INSPECTOR, "inspektur")
    return {"city": surabaya, "users": users, "ids": ids}


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Rule messages are asserted in English; a request still picks its own language."""
    from django.utils import translation

    with translation.override("en"):
        yield
