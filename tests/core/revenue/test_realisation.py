"""Monthly realisation: entry and the all-or-nothing import (CSV/XLSX)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.audit.models import AuditEvent
from core.revenue.models import ImportBatch, Realisation
from core.revenue.services import close_month, record_realisation
from tests.conftest import in_city, login
from tests.core.revenue.conftest import YEAR, csv_file, import_rows


def _amounts(pad, year=YEAR) -> dict:
    with in_city(pad.city):
        return {
            (code, m): a
            for code, m, a in Realisation.objects.filter(year=year).values_list(
                "source__code", "month", "amount"
            )
        }


def test_officer_enters_a_month_and_the_change_is_audited(pad):
    with in_city(pad.city):
        record_realisation(pad.source("PBB-P2"), YEAR, 3, "1.250.000", actor=pad.rina)
        record_realisation(pad.source("PBB-P2"), YEAR, 3, 1_300_000, actor=pad.rina)
        events = list(AuditEvent.objects.filter(action="revenue.realisation.record").order_by("id"))
    assert _amounts(pad) == {("PBB-P2", 3): 1_300_000}
    assert [(e.before["amount"], e.after["amount"]) for e in events] == [
        (None, 1_250_000),
        (1_250_000, 1_300_000),
    ]


def test_a_month_that_has_not_started_is_refused(pad):
    with in_city(pad.city), pytest.raises(ValidationError):
        record_realisation(pad.source("PBB-P2"), YEAR, 5, 1, actor=pad.rina)
    assert _amounts(pad) == {}


def test_import_writes_every_row_and_reports_counts(pad):
    import_rows(pad, YEAR, [("PBB-P2", 1, 10)])
    report = import_rows(
        pad, YEAR, [("PBB-P2", 1, "1.000.000"), ("BPHTB", "2026-02", 2_000_000), ("REKLAME", 3, 0)]
    )
    assert (report.ok, report.rows, report.created, report.updated) == (True, 3, 2, 1)
    assert report.total == 3_000_000
    assert _amounts(pad) == {("PBB-P2", 1): 1_000_000, ("BPHTB", 2): 2_000_000, ("REKLAME", 3): 0}
    with in_city(pad.city):
        assert list(ImportBatch.objects.order_by("id").values_list("rows", flat=True)) == [1, 3]


def test_one_wrong_row_and_nothing_is_written(pad):
    report = import_rows(
        pad, YEAR, [("PBB-P2", 1, 100), ("BPHTB", 2, "-7"), ("NOPE", 2, 5), ("REKLAME", 3, 9)]
    )
    assert not report.ok
    assert [(e["row"], e["column"]) for e in report.errors] == [
        (3, "jumlah"),
        (4, "kode_sumber"),
    ]
    assert _amounts(pad) == {}
    with in_city(pad.city):
        assert not ImportBatch.objects.exists()


def test_officer_may_import_only_their_own_sources(pad):
    report = import_rows(pad, YEAR, [("PBB-P2", 1, 100), ("BPHTB", 1, 100)], actor=pad.rina)
    assert [(e["row"], e["column"]) for e in report.errors] == [(3, "kode_sumber")]
    assert _amounts(pad) == {}


def test_closed_month_rows_are_refused(pad):
    with in_city(pad.city):
        close_month(YEAR, 1, actor=pad.cityadmin)
    report = import_rows(pad, YEAR, [("PBB-P2", 2, 100), ("PBB-P2", 1, 100)])
    assert [(e["row"], e["column"]) for e in report.errors] == [(3, "bulan")]
    assert _amounts(pad) == {}


def test_dry_run_checks_and_writes_nothing(pad):
    from core.revenue.services import import_realisation

    headers = ["kode_sumber", "bulan", "jumlah"]
    with in_city(pad.city):
        report = import_realisation(
            headers,
            [{"kode_sumber": "PBB-P2", "bulan": "1", "jumlah": "5"}],
            actor=pad.cityadmin,
            year=YEAR,
            dry_run=True,
        )
    assert report.ok and report.rows == 1
    assert _amounts(pad) == {}


def test_missing_column_is_reported_on_row_one(pad):
    client = login(pad.city, pad.rina)
    upload = SimpleUploadedFile(
        "pad.csv", csv_file([("PBB-P2", "5")], columns=("kode_sumber", "jumlah"))
    )
    response = client.post("/revenue/import/", {"year": YEAR, "file": upload})
    assert response.status_code == 422
    assert [(e["row"], e["column"]) for e in response.context["report"].errors] == [(1, "bulan")]
    assert _amounts(pad) == {}


def test_page_import_of_an_xlsx_file(pad):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Kode_Sumber ", "bulan", "jumlah"])
    sheet.append(["pbb-p2", 3, 2_500_000])
    sheet.append(["PBJT-PKR", "2026-03", "750.000"])
    buffer = io.BytesIO()
    book.save(buffer)
    client = login(pad.city, pad.rina)
    upload = SimpleUploadedFile("realisasi.xlsx", buffer.getvalue())
    response = client.post("/revenue/import/", {"year": YEAR, "file": upload})
    assert response.status_code == 200
    assert response.context["report"].ok
    assert _amounts(pad) == {("PBB-P2", 3): 2_500_000, ("PBJT-PKR", 3): 750_000}


def test_page_import_shows_every_wrong_row(pad):
    client = login(pad.city, pad.rina)
    data = csv_file([("PBB-P2", 1, 5), ("PBB-P2", 1, 6), ("PBB-P2", 13, 1), ("REKLAME", 2, 1)])
    response = client.post(
        "/revenue/import/", {"year": YEAR, "file": SimpleUploadedFile("pad.csv", data)}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert 'id="import-report"' in body
    assert [(e["row"], e["column"]) for e in response.context["report"].errors] == [
        (3, "kode_sumber"),
        (4, "bulan"),
        (5, "kode_sumber"),
    ]
    assert _amounts(pad) == {}


def test_api_import_returns_400_with_the_rows_and_writes_nothing(pad):
    client = login(pad.city, pad.rina)
    response = client.post(
        "/api/v1/revenue/imports/",
        {"year": YEAR, "file": SimpleUploadedFile("pad.csv", csv_file([("PBB-P2", 1, "x")]))},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "jumlah"
    assert _amounts(pad) == {}


def test_plain_asn_and_inspector_cannot_import(pad):
    for user in (pad.budi, pad.inspector):
        upload = SimpleUploadedFile("pad.csv", csv_file([("PBB-P2", 1, 5)]))
        response = login(pad.city, user).post("/revenue/import/", {"year": YEAR, "file": upload})
        assert response.status_code == 403
    assert _amounts(pad) == {}
