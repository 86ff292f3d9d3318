from __future__ import annotations

import pytest

from core.accounts.models import User
from core.actors import Actor
from core.organisation.models import OrgUnit, Position
from core.people.imports import import_asn
from core.people.models import Assignment, Employee
from tests.conftest import in_city
from tests.core.people.conftest import (
    KABID,
    KADIS,
    STAF1,
    STAF2,
    TODAY,
    base_rows,
    csv_bytes,
    table_of,
)


def _counts() -> tuple[int, int, int, int, int]:
    return (
        Employee.objects.count(),
        User.objects.count(),
        OrgUnit.objects.count(),
        Position.objects.count(),
        Assignment.objects.count(),
    )


def test_imports_people_units_positions_and_inactive_accounts(surabaya):
    with in_city(surabaya):
        report = import_asn(table_of(base_rows()), actor=Actor.system("tests"), today=TODAY)
        assert report.errors == []
        assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
        assert report.units_created == 2
        assert report.new_units == ["Dinas Pendidikan", "Dinas Pendidikan > Bidang SD"]
        assert report.positions_created == 4
        kadis = Employee.objects.get(nip=KADIS)
        assert kadis.display_name == "Dr. dr. H. Maulana, M.K.M"
        assert kadis.sex == "L" and str(kadis.birth_date) == "1970-01-01"
        account = kadis.user
        assert account.username == KADIS and not account.is_active
        assert not account.has_usable_password()
        staff = Position.objects.get(name="Analis Kurikulum")
        assert staff.supervisor_position.name == "Kepala Bidang SD"
        assert staff.org_unit.opd.name == "Dinas Pendidikan"
        division = OrgUnit.objects.get(path="Dinas Pendidikan > Bidang SD")
        assert division.parent.path == "Dinas Pendidikan" and division.kind == "bidang"
        assert Assignment.objects.get(employee__nip=STAF2).starts_on == TODAY


def test_reimport_of_the_same_file_changes_nothing(imported):
    with in_city(imported):
        before = _counts()
        report = import_asn(table_of(base_rows()), actor=Actor.system("tests"), today=TODAY)
        assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
        assert report.units_created == report.positions_created == 0
        assert _counts() == before


def test_changed_position_ends_the_old_assignment(imported):
    from datetime import timedelta

    rows = base_rows()
    rows[2]["jabatan"] = "Pengelola Data"
    rows[3]["nama"] = "Dewi Lestari Putri"
    later = TODAY + timedelta(days=30)
    with in_city(imported):
        report = import_asn(table_of(rows), actor=Actor.system("tests"), today=later)
        assert (report.created, report.updated, report.unchanged) == (0, 2, 2)
        history = list(Assignment.objects.filter(employee__nip=STAF1).order_by("starts_on"))
        assert [a.position.name for a in history] == ["Analis Kurikulum", "Pengelola Data"]
        assert history[0].ends_on == later - timedelta(days=1) and history[1].ends_on is None
        assert Employee.objects.get(nip=STAF2).user.full_name == "Dewi Lestari Putri"


def test_dry_run_reports_and_writes_nothing(surabaya):
    with in_city(surabaya):
        report = import_asn(
            table_of(base_rows()), actor=Actor.system("tests"), dry_run=True, today=TODAY
        )
        assert report.created == 4 and report.units_created == 2
        assert _counts() == (0, 0, 0, 0, 0)


def test_one_bad_row_leaves_the_database_unchanged(imported):
    rows = base_rows()
    rows[1]["nama"] = "Siti Rahmawati Baru"
    rows.append(
        {
            "nip": "199913132020011001",
            "nama": "Salah",
            "jenis_asn": "PNS",
            "jabatan": "Staf",
            "unit_kerja": "Dinas Baru",
        }
    )
    with in_city(imported):
        before = _counts()
        report = import_asn(table_of(rows), actor=Actor.system("tests"), today=TODAY)
        assert (
            report.errors
            == [{"row": 6, "column": "nip", "message": "NIP digits 1-8 are not a real birth date."}]
            or report.errors[0]["row"] == 6
        )
        assert _counts() == before
        assert Employee.objects.get(nip=KABID).name == "Siti Rahmawati"
        assert not OrgUnit.objects.filter(path="Dinas Baru").exists()


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [False, True])
def test_reads_comma_and_semicolon_files_with_or_without_bom(surabaya, delimiter, bom):
    with in_city(surabaya):
        report = import_asn(
            table_of(base_rows(), delimiter=delimiter, bom=bom),
            actor=Actor.system("tests"),
            today=TODAY,
        )
        assert report.errors == [] and report.created == 4


def test_reads_windows_1252_names(surabaya):
    rows = base_rows()
    rows[2]["nama"] = "Budi Çahyono Sœharto"
    with in_city(surabaya):
        report = import_asn(
            table_of(rows, encoding="cp1252", delimiter=";"),
            actor=Actor.system("tests"),
            today=TODAY,
        )
        assert report.errors == []
        assert Employee.objects.get(nip=STAF1).name == "Budi Çahyono Sœharto"


def test_headers_are_case_insensitive_and_trimmed(surabaya):
    from core.people.tabular import COLUMNS

    columns = tuple(f"  {c.upper()} " for c in COLUMNS)
    rows = [{f"  {k.upper()} ": v for k, v in row.items()} for row in base_rows()]
    with in_city(surabaya):
        report = import_asn(
            table_of(rows, columns=columns), actor=Actor.system("tests"), today=TODAY
        )
        assert report.errors == [] and report.created == 4


def _schema_of(tables: list[str]) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = ANY(%(t)s::regclass[]) UNION ALL"
            " SELECT tablename, indexname, indexdef FROM pg_indexes"
            " WHERE schemaname = current_schema() AND tablename = ANY(%(t)s) ORDER BY 1, 2, 3",
            {"t": tables},
        )
        return cursor.fetchall()


def test_first_import_rebuilds_indexes_and_keys_as_they_were(surabaya, monkeypatch):
    from core.people import import_writer

    monkeypatch.setattr(import_writer, "BULK_MIN_ROWS", 1)
    with in_city(surabaya):
        before = _schema_of(import_writer.BULK_TABLES)
        report = import_asn(table_of(base_rows()), actor=Actor.system("tests"), today=TODAY)
        assert report.errors == [] and report.created == 4
        assert _schema_of(import_writer.BULK_TABLES) == before
        staff = Employee.objects.get(nip=STAF1)
        assert staff.user.username == STAF1 and staff.assignments.get().position.name == (
            "Analis Kurikulum"
        )
        assert Position.objects.get(name="Analis Kurikulum").supervisor_position.name == (
            "Kepala Bidang SD"
        )
        assert OrgUnit.objects.get(path="Dinas Pendidikan > Bidang SD").opd.path == (
            "Dinas Pendidikan"
        )


def test_cells_are_trimmed_and_names_collapsed_as_the_python_reader_did(surabaya):
    from core.people.tabular import open_upload

    rows = base_rows()
    rows[2]["nama"] = "\u00a0 Budi   Santoso\t"
    rows[2]["jenis_asn"] = " pns "
    data = csv_bytes(rows)
    assert not open_upload(data, "asn.csv").tidy
    with in_city(surabaya):
        report = import_asn(open_upload(data, "asn.csv"), actor=Actor.system("tests"), today=TODAY)
        assert report.errors == [] and report.created == 4
        assert Employee.objects.get(nip=STAF1).name == "Budi Santoso"
