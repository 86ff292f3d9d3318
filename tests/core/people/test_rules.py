from __future__ import annotations

from datetime import date

import pytest

from core.actors import Actor
from core.people import rules

TODAY = date(2026, 1, 15)

NIP_ROWS = [
    ("_valid_man", "198609262015051001", "PNS", None),
    ("_valid_woman", "198609262015052001", "PNS", None),
    ("_leap_day_birth", "199602292018031001", "PNS", None),
    ("_appointed_the_month_of_18th_birthday", "200001152018011001", "PNS", None),
    ("_this_month", "200001152026011001", "PNS", None),
    ("_17_digits", "19860926201505100", "PNS", "NIP must be exactly 18 digits."),
    ("_letters", "19860926201505100A", "PNS", "NIP must be exactly 18 digits."),
    ("_month_13", "198613262015051001", "PNS", "NIP digits 1-8 are not a real birth date."),
    ("_feb_30", "198602302015051001", "PNS", "NIP digits 1-8 are not a real birth date."),
    ("_not_leap_year", "199702292018031001", "PNS", "NIP digits 1-8 are not a real birth date."),
    ("_born_in_future", "202703012015051001", "PNS", "NIP digits 1-8 are not a real birth date."),
    (
        "_appointment_month_00",
        "198609262015001001",
        "PNS",
        "NIP digits 9-14 are not a real appointment month.",
    ),
    (
        "_appointment_month_13",
        "198609262015131001",
        "PNS",
        "NIP digits 9-14 are not a real appointment month.",
    ),
    (
        "_appointed_at_17",
        "200001152017121001",
        "PNS",
        "NIP appointment month is before the 18th birthday.",
    ),
    (
        "_appointed_next_month",
        "198609262026021001",
        "PNS",
        "NIP appointment month is in the future.",
    ),
    ("_sex_digit_3", "198609262015053001", "PNS", "NIP digit 15 (sex) must be 1 or 2."),
    ("_sex_digit_0", "198609262015050001", "PNS", "NIP digit 15 (sex) must be 1 or 2."),
    (
        "_women_get_no_plus_40",
        "198609662015052001",
        "PNS",
        "NIP digits 1-8 are not a real birth date.",
    ),
    ("_sequence_000", "198609262015051000", "PNS", "NIP sequence (last 3 digits) must not be 000."),
    ("_pppk_is_opaque", "123456789012345678", "PPPK", None),
    ("_pppk_part_time_opaque", "999999999999999999", "PPPK_PW", None),
    ("_pppk_17_digits", "12345678901234567", "PPPK", "NI PPPK must be exactly 18 digits."),
]


@pytest.mark.parametrize(("_case", "nip", "asn_type", "expected"), NIP_ROWS)
def test_validate_nip(_case, nip, asn_type, expected):
    problem = rules.validate_nip(nip, asn_type, today=TODAY)
    assert (str(problem) if problem else None) == expected


def test_parse_nip_gives_parts():
    parts = rules.parse_nip("198609262015051001", today=TODAY)
    assert parts == rules.NipParts(date(1986, 9, 26), (2015, 5), "L", 1)


GOLONGAN_ROWS = [
    ("_pns_lowest", "I/a", "PNS", "I/a"),
    ("_pns_highest", "IV/e", "PNS", "IV/e"),
    ("_pns_case_and_spaces", " iii / b ", "PNS", "III/b"),
    ("_pns_blank", "", "PNS", ""),
    ("_pns_no_e_below_iv", "III/e", "PNS", None),
    ("_pns_pppk_style", "IX", "PNS", None),
    ("_pppk_lowest", "I", "PPPK", "I"),
    ("_pppk_highest", "XVII", "PPPK", "XVII"),
    ("_pppk_lower_case", "xvii", "PPPK_PW", "XVII"),
    ("_pppk_xviii", "XVIII", "PPPK", None),
    ("_pppk_pns_style", "III/a", "PPPK", None),
]


@pytest.mark.parametrize(("_case", "value", "asn_type", "expected"), GOLONGAN_ROWS)
def test_normalise_golongan(_case, value, asn_type, expected):
    result = rules.normalise_golongan(value, asn_type)
    assert (None if isinstance(result, rules.RuleError) else result) == expected


ASN_TYPE_ROWS = [
    ("_pns", "PNS", "PNS"),
    ("_pppk", "pppk", "PPPK"),
    ("_part_time", "PPPK Paruh  Waktu", "PPPK_PW"),
    ("_honorer", "Honorer", None),
]


@pytest.mark.parametrize(("_case", "value", "expected"), ASN_TYPE_ROWS)
def test_normalise_asn_type(_case, value, expected):
    result = rules.normalise_asn_type(value)
    assert (None if isinstance(result, rules.RuleError) else result) == expected


NAME_ROWS = [
    ("_both_titles", "Maulana", "Dr. dr. H.", "M.K.M", "Dr. dr. H. Maulana, M.K.M"),
    ("_front_only", "Ridwan Hakim", "Ir.", "", "Ir. Ridwan Hakim"),
    ("_back_only", "Siti", "", "S.Pd., M.Pd.", "Siti, S.Pd., M.Pd."),
    ("_none", "Budi", "", "", "Budi"),
]


@pytest.mark.parametrize(("_case", "name", "front", "back", "expected"), NAME_ROWS)
def test_format_name(_case, name, front, back, expected):
    assert rules.format_name(name, front, back) == expected


DATE_ROWS = [
    ("_iso", "1986-09-26", date(1986, 9, 26)),
    ("_dmy", "26/09/1986", date(1986, 9, 26)),
    ("_blank", "", None),
    ("_us_order", "09/26/1986", "error"),
    ("_dots", "26.09.1986", "error"),
]


@pytest.mark.parametrize(("_case", "value", "expected"), DATE_ROWS)
def test_parse_birth_date(_case, value, expected):
    result = rules.parse_birth_date(value)
    assert ("error" if isinstance(result, rules.RuleError) else result) == expected


def test_would_cycle_finds_only_the_cycle():
    chain = {"a": "b", "b": "c", "c": "a", "d": "a", "e": None, "f": "f"}
    assert rules.would_cycle(chain) == {"a", "b", "c", "f"}


def _row(nip, **extra):
    values = {
        "nip": nip,
        "nama": "Orang",
        "jenis_asn": "PNS",
        "jabatan": "Staf",
        "unit_kerja": "Dinas A",
    }
    values.update(extra)
    return values


def _table(rows):
    from core.people.tabular import COLUMNS, Table

    return Table(list(COLUMNS), rows)


def _errors(rows, city_rows=()):
    """The file's problems as (row, column, message), checked by the importer in Surabaya.

    `city_rows`: a file imported first, so the city already has those people and positions.
    """
    from core.people.imports import import_asn
    from core.people.models import Employee
    from tenants.models import City
    from tests.conftest import in_city

    with in_city(City.objects.get(slug="surabaya")):
        if city_rows:
            assert import_asn(_table(list(city_rows)), actor=Actor.system("tests"), today=TODAY).ok
        report = import_asn(_table(rows), actor=Actor.system("tests"), dry_run=True, today=TODAY)
        assert Employee.objects.count() == len(city_rows)
    return [(e["row"], e["column"], e["message"]) for e in report.errors]


ROW_ROWS = [
    (
        "_missing_name",
        _row("198609262015051001", nama=""),
        [(2, "nama", "This value is required.")],
    ),
    (
        "_missing_unit",
        _row("198609262015051001", unit_kerja=""),
        [(2, "unit_kerja", "This value is required.")],
    ),
    (
        "_unknown_asn_type",
        _row("198609262015051001", jenis_asn="Honorer"),
        [(2, "jenis_asn", "Unknown ASN type Honorer (PNS, PPPK, PPPK Paruh Waktu).")],
    ),
    (
        "_unknown_golongan",
        _row("198609262015051001", golongan="V/a"),
        [(2, "golongan", "Unknown golongan V/a for PNS (I/a to IV/e).")],
    ),
    (
        "_sex_letter",
        _row("198609262015051001", jenis_kelamin="X"),
        [(2, "jenis_kelamin", "Sex must be L or P.")],
    ),
    (
        "_sex_against_nip",
        _row("198609262015051001", jenis_kelamin="P"),
        [(2, "jenis_kelamin", "Sex does not match the NIP.")],
    ),
    (
        "_birth_against_nip",
        _row("198609262015051001", tanggal_lahir="1986-09-27"),
        [(2, "tanggal_lahir", "Birth date does not match the NIP.")],
    ),
    (
        "_kelas_18",
        _row("198609262015051001", kelas_jabatan="18"),
        [(2, "kelas_jabatan", "Kelas jabatan must be a whole number from 1 to 17.")],
    ),
    (
        "_bad_position_type",
        _row("198609262015051001", jenis_jabatan="Honorer"),
        [
            (
                2,
                "jenis_jabatan",
                "Unknown position type Honorer (JPT Utama, JPT Madya, JPT Pratama,"
                " Administrator, Pengawas, Fungsional, Pelaksana).",
            )
        ],
    ),
    (
        "_empty_unit_level",
        _row("198609262015051001", unit_kerja="Dinas A >  > Seksi"),
        [(2, "unit_kerja", "Unit path has an empty level (levels are joined by ' > ').")],
    ),
    (
        "_own_supervisor",
        _row("198609262015051001", nip_atasan="198609262015051001"),
        [(2, "nip_atasan", "A person cannot be their own supervisor.")],
    ),
    (
        "_bad_email",
        _row("198609262015051001", email="budi@"),
        [(2, "email", "Not a valid e-mail address.")],
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("_case", "row", "expected"), ROW_ROWS)
def test_row_rules(_case, row, expected):
    assert _errors([row]) == expected


@pytest.mark.django_db
def test_missing_required_values_are_each_reported():
    assert _errors([{"nip": "", "nama": "", "jenis_asn": "", "jabatan": "", "unit_kerja": ""}]) == [
        (2, "nip", "This value is required."),
        (2, "nama", "This value is required."),
        (2, "jenis_asn", "This value is required."),
        (2, "jabatan", "This value is required."),
        (2, "unit_kerja", "This value is required."),
    ]


@pytest.mark.django_db
def test_duplicate_nip_in_file():
    rows = [_row("198609262015051001"), _row("198609262015051001", jabatan="Lain")]
    assert _errors(rows) == [(3, "nip", "NIP 198609262015051001 is already on row 2.")]


@pytest.mark.django_db
def test_unresolved_supervisor():
    rows = [_row("198609262015051001", nip_atasan="197001012000031001")]
    assert _errors(rows) == [
        (2, "nip_atasan", "Supervisor 197001012000031001 is neither in this file nor in the city.")
    ]


@pytest.mark.django_db
def test_supervisor_found_in_the_city():
    rows = [_row("198609262015051001", nip_atasan="197001012000031001")]
    city = [_row("197001012000031001", jabatan="Kepala")]  # holds (Dinas A, Kepala)
    assert _errors(rows, city_rows=city) == []


@pytest.mark.django_db
def test_cyclic_supervisors_are_refused():
    a, b = "198609262015051001", "197001012000031001"
    rows = [
        _row(a, jabatan="Kepala Seksi", nip_atasan=b),
        _row(b, jabatan="Kepala Bidang", nip_atasan=a),
    ]
    assert _errors(rows) == [
        (2, "nip_atasan", "This supervisor makes the chain of supervisors a cycle."),
        (3, "nip_atasan", "This supervisor makes the chain of supervisors a cycle."),
    ]


@pytest.mark.django_db
def test_cycle_through_positions_already_in_the_city():
    a = "198609262015051001"
    rows = [_row(a, jabatan="Kepala Bidang", nip_atasan="197001012000031001")]
    # The city: 1970... holds (Dinas A, Kepala Seksi), supervised by (Dinas A, Kepala Bidang).
    city = [
        _row("197101012000031001", jabatan="Kepala Bidang"),
        _row("197001012000031001", jabatan="Kepala Seksi", nip_atasan="197101012000031001"),
    ]
    errors = _errors(rows, city_rows=city)
    assert errors == [(2, "nip_atasan", "This supervisor makes the chain of supervisors a cycle.")]


def test_missing_header_is_row_1():
    from core.people.import_rules import check_headers

    problems = check_headers(["nip", "nama", "jabatan", "unit_kerja"])
    assert [(p.row, p.column) for p in problems] == [(1, "jenis_asn")]


@pytest.mark.django_db
def test_every_invalid_row_is_listed():
    rows = [_row("1"), _row("198609262015051001"), _row("2"), {}, _row("3")]
    assert [e[0] for e in _errors(rows)] == [2, 4, 6]


def _sql_value(expression: str, value: str):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {expression}", {"v": value, "today": TODAY})
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "nip", "asn_type", "expected"),
    # The SQL form checks PNS NIPs; an NI PPPK is only checked for 18 digits.
    [row for row in NIP_ROWS if row[2] == "PNS"],
)
def test_nip_rule_in_sql_agrees_with_python(_case, nip, asn_type, expected):
    code = _sql_value(rules.nip_problem_sql("%(v)s::text", "%(today)s::date"), nip)
    assert (str(rules.NIP_PROBLEMS[code]) if code else None) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    [
        "1986-09-26",
        "26/09/1986",
        "",
        "09/26/1986",
        "26.09.1986",
        "1997-02-29",
        "29/02/1996",
        "0000-01-01",
        "1986-9-26",
        "1986-00-10",
        "31/04/1986",
        "x986-09-26",
    ],
)
def test_birth_date_rule_in_sql_agrees_with_python(value):
    parsed = rules.parse_birth_date(value)
    expected = None if isinstance(parsed, rules.RuleError) else parsed
    assert _sql_value(rules.birth_date_sql("%(v)s::text"), value) == expected
