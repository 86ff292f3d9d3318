"""The rules of an ASN import file, written for a whole file at once. No database access.

A city's file has up to 35,000 rows, so the rows are checked by PostgreSQL in a few
set-based statements (core.people.import_checks runs them), not one Python call per
row. This module says what is checked and what the user is told:

- values drawn from a short list (ASN type, golongan, sex, position type, kelas
  jabatan, unit path) are checked once per distinct value by the functions of
  core.people.rules, whose messages are shown as they are;
- the NIP and the birth date use the SQL forms that sit next to their Python forms
  in core.people.rules (a test holds each pair equal);
- every other rule is one SQL condition below, next to its message code.

Each column of a row gets at most one problem: the first rule of the column that fails.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.people import rules
from core.people.tabular import COLUMNS, IMPORT_COLUMNS, REQUIRED

# What Python's str.strip() and str.split() treat as whitespace: the SQL trims the
# same characters as the Python reader did (e.g. the no-break spaces of Excel).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
LENGTH_LIMITS = {"nama": 200, "gelar_depan": 60, "gelar_belakang": 80, "jabatan": 255}
EMAIL_PATTERN = f"^[^@{WHITESPACE}]+@[^@{WHITESPACE}]+\\.[^@{WHITESPACE}]+$"
PHONE_PATTERN = f"^[0-9+().{WHITESPACE}-]{{5,30}}$"

MESSAGES = {
    **rules.NIP_PROBLEMS,
    "required": gettext_lazy("This value is required."),
    "too_long": gettext_lazy("At most %(limit)d characters."),
    "birth_format": rules.BIRTH_DATE_FORMAT,
    "birth_mismatch": gettext_lazy("Birth date does not match the NIP."),
    "sex_mismatch": gettext_lazy("Sex does not match the NIP."),
    "own_supervisor": gettext_lazy("A person cannot be their own supervisor."),
    "email": gettext_lazy("Not a valid e-mail address."),
    "phone": gettext_lazy("Not a valid phone number."),
    "duplicate": gettext_lazy("NIP %(nip)s is already on row %(row)d."),
    "other_type": gettext_lazy("Row %(row)d gives this position another type."),
    "other_kelas": gettext_lazy("Row %(row)d gives this position another kelas jabatan."),
    "unresolved": gettext_lazy("Supervisor %(nip)s is neither in this file nor in the city."),
    "other_supervisor": gettext_lazy(
        "Row %(row)d names a supervisor in another position for the same position."
    ),
    "cycle": gettext_lazy("This supervisor makes the chain of supervisors a cycle."),
}


@dataclass(frozen=True)
class RowProblem:
    """One problem of the file, as the report lists it (`row` 1 is the header)."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


def error(row: int, column: str, code: str, /, **params: object) -> RowProblem:
    """A problem in the user's language (the active one when this is called)."""
    message = str(MESSAGES[code])
    return RowProblem(row, column, message % params if params else message)


def sort_errors(errors: list[RowProblem]) -> list[RowProblem]:
    """By row, then by the column's place in the file format (stable within a column)."""
    return sorted(errors, key=lambda e: (e.row, COLUMNS.index(e.column)))


def check_headers(headers: list[str]) -> list[RowProblem]:
    """Required columns missing from the header row (then no row is read at all)."""
    missing = [column for column in REQUIRED if column not in headers]
    return [RowProblem(1, column, _("Required column is missing.")) for column in missing]


# ---------------------------------------------------------------- values from short lists
# column -> the column whose value decides how it is read ("" if none)
LISTED_COLUMNS = {
    "jenis_asn": "",
    "golongan": "jenis_asn",
    "jenis_kelamin": "",
    "jenis_jabatan": "eselon",
    "kelas_jabatan": "",
    "unit_kerja": "",
}


def check_listed(column: str, raw: str, context: str) -> tuple[str, rules.RuleError | None]:
    """The canonical form of one distinct value of a LISTED_COLUMNS column, or its problem.

    A blank value is "" without a problem (required values are checked in SQL).
    """
    result = _LISTED[column](raw, context) if raw else ""
    if isinstance(result, rules.RuleError):
        return "", result
    return result, None


def _golongan(raw: str, asn_raw: str) -> str | rules.RuleError:
    asn_type = rules.normalise_asn_type(asn_raw) if asn_raw else ""
    if isinstance(asn_type, rules.RuleError) or not asn_type:
        return ""  # golongan is read only for a known ASN type
    return rules.normalise_golongan(raw, asn_type)


def _kelas(raw: str, _context: str) -> str | rules.RuleError:
    kelas = rules.parse_kelas_jabatan(raw)
    return kelas if isinstance(kelas, rules.RuleError) else str(kelas or "")


def _unit_path(raw: str, _context: str) -> str | rules.RuleError:
    levels = rules.split_unit_path(raw)
    return levels if isinstance(levels, rules.RuleError) else " > ".join(levels)


_LISTED = {
    "jenis_asn": lambda raw, _context: rules.normalise_asn_type(raw),
    "golongan": _golongan,
    "jenis_kelamin": lambda raw, _context: rules.normalise_sex(raw),
    "jenis_jabatan": lambda raw, eselon: rules.normalise_position_type(raw, eselon),
    "kelas_jabatan": _kelas,
    "unit_kerja": _unit_path,
}


def reading(column: str, raw: str, value: str) -> str:
    """How a listed value spelled otherwise than its label was read ("" if spelled as such).

    The report lists these ("JPT" read as "JPT Pratama"), so an admin sees how the
    city's own spellings were understood before confirming.
    """
    if column != "jenis_jabatan" or not value:
        return ""
    label = rules.POSITION_TYPE_LABELS[value]
    return "" if " ".join(raw.upper().replace("_", " ").split()) == label.upper() else label


# ---------------------------------------------------------------- rows, in SQL
def trimmed(expression: str, tidy: bool) -> str:
    """SQL: a staged cell as Python's str.strip() would leave it ("" for a missing cell)."""
    return f"coalesce({expression}, '')" if tidy else f"btrim(coalesce({expression}, ''), %(ws)s)"


def collapsed(expression: str, tidy: bool) -> str:
    """SQL: " ".join(value.split()) of a trimmed value."""
    return expression if tidy else f"regexp_replace({expression}, '[' || %(ws)s || ']+', ' ', 'g')"


# A PNS row whose NIP is valid: its birth date and sex come from the NIP.
PNS_OK = "(v.asn_type = 'PNS' AND v.nip <> '' AND v.nip_problem IS NULL)"

# column -> its rules in order, as (SQL condition over the row `v`, problem code).
ROW_RULES: dict[str, tuple[tuple[str, str | None], ...]] = {
    "nip": (
        ("v.nip = ''", "required"),
        ("v.asn_type = 'PNS'", "v.nip_problem"),
        ("v.asn_type <> ''", "CASE WHEN NOT v.nip_digits THEN 'pppk_digits' END"),
        ("NOT v.nip_digits", "'nip_digits'"),
    ),
    "nama": (("v.nama = ''", "required"),),
    "jenis_kelamin": (
        ("v.sex_bad", "value"),
        (f"{PNS_OK} AND v.sex <> '' AND v.sex <> v.nip_sex", "sex_mismatch"),
    ),
    "tanggal_lahir": (
        ("v.tanggal_lahir <> '' AND v.birth_date IS NULL", "birth_format"),
        (f"{PNS_OK} AND v.birth_date <> v.nip_birth", "birth_mismatch"),
    ),
    "jenis_asn": (("v.jenis_asn = ''", "required"), ("v.asn_type_bad", "value")),
    "golongan": (("v.golongan_bad", "value"),),
    "jabatan": (("v.jabatan = ''", "required"),),
    "jenis_jabatan": (("v.position_type_bad", "value"),),
    "kelas_jabatan": (("v.kelas_bad", "value"),),
    "unit_kerja": (("v.unit_kerja = ''", "required"), ("v.unit_path_bad", "value")),
    "nip_atasan": (
        (f"v.nip_atasan <> '' AND NOT {rules.eighteen_digits_sql('v.nip_atasan')}", "nip_digits"),
        ("v.nip_atasan <> '' AND v.nip_atasan = v.nip", "own_supervisor"),
    ),
    "email": (("v.email <> '' AND v.email !~ %(email)s", "email"),),
    "telepon": (("v.telepon <> '' AND v.telepon !~ %(phone)s", "phone"),),
}
for _column, _limit in LENGTH_LIMITS.items():
    ROW_RULES[_column] = (
        *ROW_RULES.get(_column, ()),
        (f"char_length(v.{_column}) > {_limit}", "too_long"),
    )


def problems_sql() -> str:
    """SQL: the row's problems as an array of 'column:code' (empty when the row is valid).

    A code that is not a plain word is an SQL expression giving the code (or NULL).
    """
    cases = []
    for column, column_rules in ROW_RULES.items():
        branches = " ".join(
            f"WHEN {condition} THEN "
            + (f"'{column}:{code}'" if str(code).isidentifier() else f"'{column}:' || {code}")
            for condition, code in column_rules
        )
        cases.append(f"CASE {branches} END")
    return f"array_remove(ARRAY[{', '.join(cases)}], NULL)"


def parse_problem(problem: str) -> tuple[str, str]:
    column, code = problem.split(":", 1)
    return column, code


def clean_rows_sql(columns: dict[str, str], all_columns: list[str], tidy: bool) -> str:
    """SQL creating `_asn`: every non-blank row of `_asn_file`, trimmed and read, with its
    `problems`. `columns` maps importer columns to staged columns; parameters: ws, email,
    phone, today."""
    cell = {c: trimmed("f." + columns[c], tidy) if c in columns else "''" for c in IMPORT_COLUMNS}
    cells = ", ".join(f"{expression} AS {c}" for c, expression in cell.items())
    blank = f"{trimmed('concat(' + ', '.join('f.' + c for c in all_columns) + ')', tidy)} = ''"
    listed = "\n".join(
        f"LEFT JOIN _asn_values {c} ON {c}.col = '{c}' AND {c}.raw = t.{c}"
        + (f" AND {c}.ctx = t.{ctx}" if ctx else "")
        for c, ctx in LISTED_COLUMNS.items()
    )
    born = [f"substr(t.nip, {s}, {n})::int" for s, n in ((1, 4), (5, 2), (7, 2))]
    return f"""
DROP TABLE IF EXISTS _asn;
CREATE TEMP TABLE _asn ON COMMIT DROP AS
SELECT v.row, v.nip, v.name, v.gelar_depan AS front_title, v.gelar_belakang AS back_title,
  CASE WHEN {PNS_OK} AND v.sex = '' THEN v.nip_sex ELSE v.sex END AS sex,
  CASE WHEN {PNS_OK} THEN coalesce(v.birth_date, v.nip_birth) ELSE v.birth_date END
    AS birth_date,
  v.asn_type, v.golongan_value AS golongan, v.position_name, v.position_type,
  nullif(v.kelas, '')::smallint AS kelas, v.unit_path, v.nip_atasan AS sup,
  lower(v.email) AS email, v.telepon AS phone,
  {problems_sql()} AS problems,
  v.jenis_asn, v.golongan AS golongan_raw, v.jenis_kelamin, v.jenis_jabatan,
  v.kelas_jabatan, v.unit_kerja, v.eselon
FROM (
  SELECT t.*,
    jenis_asn.value AS asn_type, jenis_asn.bad AS asn_type_bad,
    golongan.value AS golongan_value, golongan.bad AS golongan_bad,
    jenis_kelamin.value AS sex, jenis_kelamin.bad AS sex_bad,
    jenis_jabatan.value AS position_type, jenis_jabatan.bad AS position_type_bad,
    kelas_jabatan.value AS kelas, kelas_jabatan.bad AS kelas_bad,
    unit_kerja.value AS unit_path, unit_kerja.bad AS unit_path_bad,
    CASE WHEN jenis_asn.value = 'PNS' AND t.nip <> ''
      THEN {rules.nip_problem_sql("t.nip", "%(today)s::date", digits="t.nip_digits")}
      END AS nip_problem,
    CASE WHEN NOT t.nip_digits THEN NULL WHEN {rules.real_date_sql(*born)}
      THEN make_date({", ".join(born)}) END AS nip_birth,
    CASE substr(t.nip, 15, 1) WHEN '1' THEN 'L' ELSE 'P' END AS nip_sex,
    {rules.birth_date_sql("t.tanggal_lahir")} AS birth_date,
    {collapsed("t.nama", tidy)} AS name, {collapsed("t.jabatan", tidy)} AS position_name
  FROM (
    SELECT f.n + 1 AS row, {blank} AS blank, {cells},
      {rules.eighteen_digits_sql(cell["nip"])} AS nip_digits
    FROM _asn_file f OFFSET 0
  ) t
  {listed}
  WHERE NOT t.blank
  OFFSET 0
) v
"""


def listed_values_sql(columns: dict[str, str], tidy: bool) -> str:
    """SQL: the distinct (column, value, context value) of LISTED_COLUMNS in `_asn_file`."""
    parts = []
    for column, ctx in LISTED_COLUMNS.items():
        value = trimmed("f." + columns[column], tidy) if column in columns else "''"
        context = (trimmed("f." + columns[ctx], tidy) if ctx in columns else "''") if ctx else "''"
        parts.append(
            f"SELECT DISTINCT '{column}' AS col, {value} AS raw, {context} AS ctx FROM _asn_file f"
        )
    return "\nUNION ALL\n".join(parts)
