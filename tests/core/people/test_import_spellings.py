"""The import accepts what cities type: position types as SIASN and BKPSDM files spell
them, "Struktural" read from the eselon column, and a report of how each was read."""

from __future__ import annotations

import pytest

from core.actors import Actor
from core.people import rules
from core.people.imports import import_asn
from tests.conftest import in_city
from tests.core.people.conftest import KADIS, TODAY, base_rows, table_of

SPELLINGS = [
    ("_canonical", "JPT Pratama", "", "JPT_PRATAMA"),
    ("_bare_jpt_is_pratama", "JPT", "", "JPT_PRATAMA"),
    ("_lower_case_spaced", "  jpt   pratama ", "", "JPT_PRATAMA"),
    ("_underscored", "JPT_MADYA", "", "JPT_MADYA"),
    ("_jabatan_prefix", "Jabatan Pimpinan Tinggi Pratama", "", "JPT_PRATAMA"),
    ("_fungsional_tertentu", "Fungsional Tertentu", "", "FUNGSIONAL"),
    ("_jft", "JFT", "", "FUNGSIONAL"),
    ("_jabatan_fungsional_tertentu", "JABATAN FUNGSIONAL TERTENTU", "", "FUNGSIONAL"),
    ("_fungsional_umum_is_pelaksana", "Fungsional Umum", "", "PELAKSANA"),
    ("_jfu", "jfu", "", "PELAKSANA"),
    ("_struktural_eselon_ii_a", "Struktural", "II.a", "JPT_PRATAMA"),
    ("_struktural_eselon_ii_b_slash", "STRUKTURAL", "II/b", "JPT_PRATAMA"),
    ("_struktural_eselon_iii", "Struktural", "III.a", "ADMINISTRATOR"),
    ("_struktural_eselon_digit", "struktural", "3b", "ADMINISTRATOR"),
    ("_struktural_eselon_word", "Struktural", "Eselon IV.a", "PENGAWAS"),
    ("_struktural_eselon_iv_b", "Jabatan Struktural", "IV.b", "PENGAWAS"),
    ("_struktural_eselon_in_cell", "Struktural IV.a", "", "PENGAWAS"),
    ("_eselon_ignored_for_fungsional", "Fungsional", "III.a", "FUNGSIONAL"),
    ("_blank", "", "", ""),
]


@pytest.mark.parametrize(("_case", "value", "eselon", "expected"), SPELLINGS)
def test_position_type_spelling(_case, value, eselon, expected):
    assert rules.normalise_position_type(value, eselon) == expected


REFUSED = [
    ("_struktural_without_eselon", "Struktural", ""),
    ("_struktural_unreadable_eselon", "Struktural", "tinggi"),
    ("_unknown", "Kepala", ""),
    ("_jpt_typo", "JPT Pratma", ""),
]


@pytest.mark.parametrize(("_case", "value", "eselon"), REFUSED)
def test_position_type_refused_with_a_sentence(_case, value, eselon):
    result = rules.normalise_position_type(value, eselon)
    assert isinstance(result, rules.RuleError)
    assert value.strip() in str(result)


ESELONS = [
    ("_roman_dot", "II.a", "II"),
    ("_roman_slash", "III/b", "III"),
    ("_digit", "4a", "IV"),
    ("_word", "Eselon IV", "IV"),
    ("_lower", "iv.b", "IV"),
    ("_blank", "", ""),
    ("_nonsense", "staf", ""),
]


@pytest.mark.parametrize(("_case", "value", "expected"), ESELONS)
def test_read_eselon(_case, value, expected):
    assert rules.read_eselon(value) == expected


SIASN_COLUMNS = (
    "nip",
    "nama",
    "jenis_kelamin",
    "jenis_asn",
    "golongan",
    "jabatan",
    "jenis_jabatan",
    "eselon",
    "kelas_jabatan",
    "unit_kerja",
    "nip_atasan",
)


def siasn_rows() -> list[dict]:
    rows = base_rows()
    rows[0]["jenis_jabatan"] = "JPT"
    rows[1]["jenis_jabatan"] = "Struktural"
    rows[1]["eselon"] = "III.a"
    rows[2]["jenis_jabatan"] = "Fungsional Umum"
    rows[3]["jenis_jabatan"] = "fungsional  tertentu"
    return rows


def test_siasn_spellings_are_imported_and_the_report_says_how_each_was_read(surabaya):
    from core.organisation.models import Position

    with in_city(surabaya):
        report = import_asn(
            table_of(siasn_rows(), columns=SIASN_COLUMNS), actor=Actor.system("tests"), today=TODAY
        )
        assert report.ok, report.errors
        types = dict(Position.objects.values_list("name", "position_type"))
    assert types["Kepala Dinas Pendidikan"] == "JPT_PRATAMA"
    assert types["Kepala Bidang SD"] == "ADMINISTRATOR"
    assert types["Analis Kurikulum"] == "PELAKSANA"
    assert types["Guru Ahli Pertama"] == "FUNGSIONAL"
    readings = {(r["value"], r["eselon"]): (r["read_as"], r["rows"]) for r in report.readings}
    assert readings == {
        ("JPT", ""): ("JPT Pratama", 1),
        ("Struktural", "III.a"): ("Administrator", 1),
        ("Fungsional Umum", ""): ("Pelaksana", 1),
        ("fungsional  tertentu", ""): ("Fungsional", 1),
    }


def test_canonical_spellings_need_no_reading(surabaya):
    with in_city(surabaya):
        report = import_asn(
            table_of(base_rows()), actor=Actor.system("tests"), today=TODAY, dry_run=True
        )
    assert report.ok, report.errors
    assert report.readings == []


def test_struktural_without_eselon_is_a_row_problem_and_nothing_is_written(surabaya):
    from core.people.models import Employee

    rows = siasn_rows()
    rows[1]["eselon"] = ""
    with in_city(surabaya):
        report = import_asn(
            table_of(rows, columns=SIASN_COLUMNS), actor=Actor.system("tests"), today=TODAY
        )
        assert Employee.objects.count() == 0
    assert [(e["row"], e["column"]) for e in report.errors] == [(3, "jenis_jabatan")]
    assert "eselon" in report.errors[0]["message"]


def test_same_position_with_two_eselons_is_described_two_ways(surabaya):
    rows = siasn_rows()
    rows[2]["jabatan"] = rows[1]["jabatan"]
    rows[2]["unit_kerja"] = rows[1]["unit_kerja"]
    rows[2]["jenis_jabatan"] = "Struktural"
    rows[2]["eselon"] = "IV.a"
    rows[2]["nip_atasan"] = KADIS
    with in_city(surabaya):
        report = import_asn(
            table_of(rows, columns=SIASN_COLUMNS), actor=Actor.system("tests"), today=TODAY
        )
    assert not report.ok
    assert any(e["column"] == "jenis_jabatan" for e in report.errors)
