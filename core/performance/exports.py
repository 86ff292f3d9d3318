"""Payroll export per OPD of a closed month: CSV (UTF-8 with BOM) and XLSX."""

from __future__ import annotations

import csv
import io

from config.spreadsheet import neutralise_row
from core.labels import predicate_label
from core.organisation.models import Position
from core.people.models import Employee
from core.performance.models import MonthlyResult, Period

HEADERS = (
    "nip",
    "nama",
    "jabatan",
    "kelas_jabatan",
    "tpp_dasar",
    "faktor_kinerja_persen",
    "tpp_bruto",
    "potongan_persen",
    "potongan",
    "tpp_diterima",
    "skor_hasil",
    "predikat",
    "predikat_label",  # the human label next to the code (core.labels), as in the API
)


def payroll_rows(period: Period, opd_id: int | None) -> list[list]:
    results = MonthlyResult.objects.filter(period_id=period.pk)
    if opd_id is not None:
        results = results.filter(opd_id=opd_id)
    rows = list(results.order_by("employee_id"))
    people = dict(
        Employee.objects.filter(pk__in=[r.employee_id for r in rows]).values_list("pk", "nip")
    )
    names = dict(
        Employee.objects.filter(pk__in=[r.employee_id for r in rows]).values_list("pk", "name")
    )
    positions = dict(
        Position.objects.filter(pk__in={r.position_id for r in rows}).values_list("pk", "name")
    )
    return [
        [
            people.get(r.employee_id, ""),
            names.get(r.employee_id, ""),
            positions.get(r.position_id, "") if r.position_id is not None else "",
            r.kelas_jabatan or "",
            r.tpp_base,
            str(r.performance_factor),
            r.tpp_gross,
            str(r.cut_pct),
            r.tpp_cut,
            r.tpp_paid,
            str(r.result_score),
            r.predicate,
            predicate_label(r.predicate),
        ]
        for r in rows
    ]


def payroll_csv(period: Period, opd_id: int | None) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(neutralise_row(row) for row in payroll_rows(period, opd_id))
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def payroll_xlsx(period: Period, opd_id: int | None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"TPP {period.year}-{period.month:02d}")
    sheet.append(list(HEADERS))
    for row in payroll_rows(period, opd_id):
        sheet.append(neutralise_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
