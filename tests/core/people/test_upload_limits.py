"""Uploads capped before parsing, spreadsheet bombs defused, exports without live formulas."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from config.spreadsheet import neutralise, neutralise_row
from core.actors import Actor
from core.people import tabular
from core.people.imports import import_asn
from core.people.models import Employee
from core.people.tabular import FileTooLarge, NulInFile, open_upload, read_table
from tests.conftest import in_city, login
from tests.core.people.conftest import STAF1, base_rows, csv_bytes


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _rewrite_sheet(data: bytes, change) -> bytes:
    """The same workbook with its first sheet's XML passed through `change`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            target.writestr(item, content)
    return out.getvalue()


SMALL = [["nip", "nama"], ["1", "Ani"], ["2", "Budi"]]
FAR_ROW = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def test_xlsx_claiming_a_million_rows_is_read_by_its_content_quickly():
    bomb = _rewrite_sheet(
        _xlsx(SMALL),
        lambda xml: re.sub(
            r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', xml
        ).replace("</sheetData>", FAR_ROW + "</sheetData>"),
    )
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(bomb)).read("xl/worksheets/sheet1.xml")
    assert len(bomb) < 10_000
    started = time.perf_counter()
    table = read_table(bomb, "asn.xlsx")
    assert time.perf_counter() - started < 2
    assert table.headers == ["nip", "nama"]
    assert [row["nama"] for row in table.rows] == ["Ani", "Budi"]


def test_xlsx_with_a_far_away_last_row_stops_at_a_long_blank_run():
    bomb = _rewrite_sheet(
        _xlsx(SMALL),
        lambda xml: xml.replace(
            "</sheetData>",
            '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            "</sheetData>",
        ),
    )
    started = time.perf_counter()
    table = read_table(bomb, "asn.xlsx")
    assert time.perf_counter() - started < 5
    assert [row["nama"] for row in table.rows] == ["Ani", "Budi"]


def test_xlsx_that_unpacks_past_the_cap_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_XLSX_UNPACKED_BYTES", 1024 * 1024)
    bomb = _rewrite_sheet(_xlsx(SMALL), lambda xml: xml + " " * (2 * 1024 * 1024))
    assert len(bomb) < 100_000
    with pytest.raises(FileTooLarge):
        read_table(bomb, "asn.xlsx")


def test_too_many_rows_or_columns_are_refused(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    with pytest.raises(FileTooLarge) as rows:
        read_table(b"nip,nama\n" + b"1,a\n" * 5, "asn.csv")
    assert rows.value.what == "rows"
    with pytest.raises(FileTooLarge):
        read_table(_xlsx([["nip", "nama"]] + [[str(n), "a"] for n in range(5)]), "asn.xlsx")
    wide = ",".join(f"c{n}" for n in range(tabular.MAX_COLUMNS + 1)).encode() + b"\n"
    with pytest.raises(FileTooLarge) as columns:
        read_table(wide, "asn.csv")
    assert columns.value.what == "columns"
    assert "kolom" in columns.value.message or "columns" in columns.value.message


def test_csv_with_a_nul_byte_is_a_report_line_not_a_crash():
    data = csv_bytes(base_rows())
    lines = data.split(b"\n")
    lines[2] = lines[2].replace(b",", b",\x00", 1)
    data = b"\n".join(lines)
    with pytest.raises(NulInFile) as refused:
        read_table(data, "asn.csv")
    assert refused.value.row == 3
    report = import_asn(open_upload(data, "asn.csv"), actor=Actor.system("tests"), dry_run=True)
    assert not report.ok
    assert report.errors[0]["row"] == 3 and "NUL" in report.errors[0]["message"]


def test_upload_page_says_why_a_nul_file_is_refused(registry):
    client = login(registry["city"], registry["users"]["city_admin"])
    data = csv_bytes(base_rows()).replace(b"\n", b"\n\x00", 1)
    response = client.post("/people/import/", {"file": SimpleUploadedFile("asn.csv", data)})
    assert response.status_code == 200
    assert "NUL" in response.content.decode()


def test_oversized_uploads_are_refused_before_reading(registry, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_UPLOAD_BYTES", 1000)
    client = login(registry["city"], registry["users"]["city_admin"])
    big = SimpleUploadedFile("absen.csv", b"nip;tanggal\n" + b"1;2026-01-02\n" * 200)
    response = client.post("/api/v1/work/attendance/import/", {"file": big})
    assert response.status_code == 400
    assert "MB" in response.json()["problems"][0]["message"]
    big.seek(0)
    page = client.post("/people/import/", {"file": big})
    assert page.status_code == 200 and "MB" in page.content.decode()


@pytest.mark.parametrize(
    ("_case", "value", "expected"),
    [
        ("formula", '=HYPERLINK("http://x","klik")', '\'=HYPERLINK("http://x","klik")'),
        ("plus command", "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("at function", "@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("minus formula", "-2+3", "'-2+3"),
        ("leading tab", "\t=1", "'\t=1"),
        ("leading carriage return", "\r=1", "'\r=1"),
        ("negative number stays", "-12,5", "-12,5"),
        ("plain name stays", "Budi Santoso", "Budi Santoso"),
        ("number stays a number", 5_000_000, 5_000_000),
        ("empty stays", "", ""),
    ],
)
def test_neutralise(_case, value, expected):
    assert neutralise(value) == expected


def test_people_export_writes_imported_formulas_as_text(registry):
    with in_city(registry["city"]):
        Employee.objects.filter(nip=STAF1).update(name='=HYPERLINK("http://evil","klik")')
    client = login(registry["city"], registry["users"]["city_admin"])
    csv_text = client.get("/people/export/").content.decode("utf-8-sig")
    assert '\'=HYPERLINK(""http://evil"",""klik"")' in csv_text
    assert ",=HYPERLINK" not in csv_text
    xlsx = client.get("/people/export/?format=xlsx").content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil","klik")' in names
    assert not any(isinstance(v, str) and v.startswith("=") for v in names)


def test_neutralise_row_keeps_numbers():
    assert neutralise_row(["=1", 2, "-3"]) == ["'=1", 2, "-3"]
