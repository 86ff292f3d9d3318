"""Checking a staged ASN file against core.people.import_rules, set-based.

From `_asn_file` (core.people.import_staging) this builds, inside the import's
transaction, the temporary tables the writer then reads:

- `_asn`: every non-blank row, read and with its problems;
- `_asn_ok`: the valid rows, first of each NIP, each with how its `nip_atasan`
  resolved and the position key (unit path, name) of the supervisor's position;
- `_asn_pos`: one row per position named in the file: the first row's type and
  kelas, the supervising position its rows decided, its id if the city has it.

File-level rules (a NIP twice, a position described two ways, supervisors that do
not resolve, disagree or close a cycle) are a few queries over these tables; only
the cycle search runs in Python (core.people.rules.would_cycle), over integers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import connection

from core.organisation.models import PATH_SEPARATOR
from core.people import rules
from core.people.import_rules import (
    EMAIL_PATTERN,
    LENGTH_LIMITS,
    LISTED_COLUMNS,
    PHONE_PATTERN,
    WHITESPACE,
    RowProblem,
    check_listed,
    clean_rows_sql,
    error,
    listed_values_sql,
    parse_problem,
    reading,
    sort_errors,
)
from core.people.import_staging import Staged, create_temp_table, execute, fetch

ListedProblems = dict[tuple[str, str, str], rules.RuleError]


@dataclass
class FileCheck:
    errors: list[RowProblem]
    # How the values spelled otherwise than their label were read:
    # {"column", "value", "eselon", "read_as", "rows"}, most rows first.
    readings: list[dict] = field(default_factory=list)


def check_file(
    staged: Staged, *, today: date, unit_mapping: dict[str, str] | None = None
) -> FileCheck:
    """Every problem of the file, sorted by row and column (none when it can be written),
    and how the file's own spellings were read.

    `unit_mapping` maps a unit path of the file to an existing one the admin chose
    (it applies to the units below it too)."""
    listed, read = _check_listed_values(staged)
    create_temp_table(
        "_asn",
        clean_rows_sql(staged.columns, staged.all_columns, staged.tidy),
        {"ws": WHITESPACE, "email": EMAIL_PATTERN, "phone": PHONE_PATTERN, "today": today},
    )
    errors = _row_errors(listed)
    errors += _duplicates()
    for old, new in (unit_mapping or {}).items():
        execute(_MAP_UNIT_SQL, {"old": old, "new": new, "below": old + PATH_SEPARATOR})
    create_temp_table("_asn_ok", _OK_SQL, {"today": today})
    create_temp_table("_asn_pos", _POSITIONS_SQL)
    errors += _position_conflicts() + _supervisor_errors() + _cycles()
    return FileCheck(sort_errors(errors), _readings(read))


def _check_listed_values(staged: Staged) -> tuple[ListedProblems, dict[tuple[str, str], str]]:
    """Read each distinct listed value once in Python; `_asn_values` holds the results.

    Also returns how each position type spelled otherwise was read, by (value, eselon)."""
    found = fetch(listed_values_sql(staged.columns, staged.tidy), {"ws": WHITESPACE})
    problems: ListedProblems = {}
    read: dict[tuple[str, str], str] = {}
    create_temp_table(
        "_asn_values",
        "CREATE TEMP TABLE _asn_values (col text, raw text, ctx text, value text, bad boolean)"
        " ON COMMIT DROP",
    )
    with connection.cursor() as cursor, cursor.cursor.copy("COPY _asn_values FROM STDIN") as copy:
        for column, raw, ctx in found:
            value, problem = check_listed(column, raw, ctx)
            if problem is not None:
                problems[(column, raw, ctx)] = problem
            elif read_as := reading(column, raw, value):
                read[(raw, ctx)] = read_as
            copy.write_row((column, raw, ctx, value, problem is not None))
    execute("ANALYZE _asn_values")
    return problems, read


def _readings(read: dict[tuple[str, str], str]) -> list[dict]:
    """The readings with the number of rows each; one query, only when there are some."""
    if not read:
        return []
    counted = fetch(
        "SELECT jenis_jabatan, eselon, count(*) FROM _asn WHERE jenis_jabatan <> '' GROUP BY 1, 2"
    )
    rows: dict[tuple[str, str, str], int] = {}
    for raw, eselon, count in counted:
        read_as = read.get((raw, eselon))
        if read_as is None:
            continue
        structural = rules.normalise_position_type(raw) != rules.normalise_position_type(
            raw, eselon
        )
        key = (raw, eselon if structural else "", read_as)
        rows[key] = rows.get(key, 0) + count
    return [
        {"column": "jenis_jabatan", "value": raw, "eselon": eselon, "read_as": label, "rows": n}
        for (raw, eselon, label), n in sorted(rows.items(), key=lambda item: (-item[1], item[0]))
    ]


def _row_errors(listed: ListedProblems) -> list[RowProblem]:
    rows = fetch(
        "SELECT row, problems, jenis_asn, golongan_raw, jenis_kelamin, jenis_jabatan,"
        " kelas_jabatan, unit_kerja, eselon FROM _asn WHERE problems <> '{}'"
    )
    errors = []
    for row, problems, *raw_values in rows:
        raw = dict(zip((*LISTED_COLUMNS, "eselon"), raw_values, strict=True))
        for problem in problems:
            column, code = parse_problem(problem)
            if code == "value":
                context = raw.get(LISTED_COLUMNS[column], "") if LISTED_COLUMNS[column] else ""
                message = str(listed[(column, raw[column], context)])
                errors.append(RowProblem(row, column, message))
            elif code == "too_long":
                errors.append(error(row, column, code, limit=LENGTH_LIMITS[column]))
            else:
                errors.append(error(row, column, code))
    return errors


_MAP_UNIT_SQL = """
UPDATE _asn SET unit_path = %(new)s || substr(unit_path, char_length(%(old)s) + 1)
WHERE unit_path = %(old)s OR left(unit_path, char_length(%(below)s)) = %(below)s
"""


def _duplicates() -> list[RowProblem]:
    """Valid rows repeating an earlier valid row's NIP. They are marked invalid as well, so
    every later statement finds at most one valid row per NIP without looking for it."""
    rows = fetch(
        "UPDATE _asn a SET problems = '{nip:duplicate}' FROM ("
        "  SELECT nip, min(row) AS first FROM _asn WHERE problems = '{}'"
        "  GROUP BY nip HAVING count(*) > 1"
        ") d WHERE d.nip = a.nip AND a.problems = '{}' AND a.row > d.first"
        " RETURNING a.row, a.nip, d.first"
    )
    return [error(row, "nip", "duplicate", nip=nip, row=first) for row, nip, first in rows]


# The valid rows (one per NIP: see _duplicates); how `nip_atasan` resolves: "none"
# (blank), "found" (in the file or a current holder in the city), "skip" (its row in the
# file is invalid, reported there), "unresolved".
_OK_SQL = """
CREATE TEMP TABLE _asn_ok ON COMMIT DROP AS
WITH ok AS MATERIALIZED (SELECT * FROM _asn WHERE problems = '{}'), holders AS (
  SELECT DISTINCT ON (e.nip) e.nip, u.path AS unit_path, p.name AS position_name,
    p.id AS position_id
  FROM people_employee e
  JOIN people_assignment s ON s.employee_id = e.id
  JOIN organisation_position p ON p.id = s.position_id
  JOIN organisation_orgunit u ON u.id = p.org_unit_id
  WHERE e.nip IN (SELECT sup FROM _asn WHERE sup <> '' EXCEPT SELECT nip FROM _asn)
    AND s.starts_on <= %(today)s AND (s.ends_on IS NULL OR s.ends_on >= %(today)s)
  ORDER BY e.nip, s.is_acting, s.starts_on DESC
)
SELECT o.*,
  CASE WHEN o.sup = '' THEN 'none'
    WHEN f.nip IS NOT NULL OR h.nip IS NOT NULL THEN 'found'
    WHEN EXISTS (SELECT 1 FROM _asn n WHERE n.nip = o.sup) THEN 'skip'
    ELSE 'unresolved' END AS resolution,
  coalesce(f.unit_path, h.unit_path) AS parent_path,
  coalesce(f.position_name, h.position_name) AS parent_name,
  CASE WHEN f.nip IS NULL THEN h.position_id END AS parent_position_id
FROM ok o
LEFT JOIN ok f ON f.nip = o.sup
LEFT JOIN holders h ON h.nip = o.sup
"""

# One row per position key: `no` numbers them; `position_id` is the city's position of
# that key; `new_no` numbers the ones to create. The decided supervising position is
# that of the key's first row whose `nip_atasan` is blank or found.
_POSITIONS_SQL = """
CREATE TEMP TABLE _asn_pos ON COMMIT DROP AS
WITH first AS (
  SELECT DISTINCT ON (unit_path, position_name) unit_path, position_name,
    row AS first_row, position_type, kelas
  FROM _asn_ok ORDER BY unit_path, position_name, row
), decided AS (
  SELECT DISTINCT ON (unit_path, position_name) unit_path, position_name,
    row AS decided_row, parent_path, parent_name, parent_position_id
  FROM _asn_ok WHERE resolution IN ('none', 'found')
  ORDER BY unit_path, position_name, row
), keyed AS (
  SELECT f.*, d.decided_row, d.parent_path, d.parent_name, d.parent_position_id,
    p.id AS position_id, p.supervisor_position_id AS current_parent_id,
    p.position_type AS current_type, p.kelas_jabatan AS current_kelas,
    row_number() OVER (ORDER BY f.first_row) AS no
  FROM first f
  LEFT JOIN decided d USING (unit_path, position_name)
  LEFT JOIN organisation_orgunit u ON u.path = f.unit_path
  LEFT JOIN organisation_position p ON p.org_unit_id = u.id AND p.name = f.position_name
)
SELECT k.*, CASE WHEN k.position_id IS NULL THEN
  count(*) FILTER (WHERE k.position_id IS NULL) OVER (ORDER BY k.no) END AS new_no
FROM keyed k
"""


def _position_conflicts() -> list[RowProblem]:
    rows = fetch(
        "SELECT o.row, k.first_row,"
        " o.position_type <> '' AND k.position_type <> '' AND o.position_type <> k.position_type,"
        " o.kelas IS NOT NULL AND k.kelas IS NOT NULL AND o.kelas <> k.kelas"
        " FROM _asn_ok o JOIN _asn_pos k USING (unit_path, position_name)"
        " WHERE o.row <> k.first_row AND ((o.position_type <> '' AND k.position_type <> ''"
        " AND o.position_type <> k.position_type) OR o.kelas <> k.kelas)"
    )
    errors = []
    for row, first, other_type, other_kelas in rows:
        if other_type:
            errors.append(error(row, "jenis_jabatan", "other_type", row=first))
        if other_kelas:
            errors.append(error(row, "kelas_jabatan", "other_kelas", row=first))
    return errors


def _supervisor_errors() -> list[RowProblem]:
    """Unresolved supervisors, and rows disagreeing with the position's decided supervisor
    (naming the last row before them that agreed)."""
    unresolved = fetch("SELECT row, sup FROM _asn_ok WHERE resolution = 'unresolved'")
    errors = [error(row, "nip_atasan", "unresolved", nip=sup) for row, sup in unresolved]
    disagreeing = fetch(
        "SELECT o.row, (SELECT max(a.row) FROM _asn_ok a"
        "   WHERE a.unit_path = o.unit_path AND a.position_name = o.position_name"
        "   AND a.row < o.row AND a.resolution IN ('none', 'found')"
        "   AND (a.parent_path, a.parent_name) IS NOT DISTINCT FROM (k.parent_path, k.parent_name))"
        " FROM _asn_ok o JOIN _asn_pos k USING (unit_path, position_name)"
        " WHERE o.resolution IN ('none', 'found')"
        " AND (o.parent_path, o.parent_name) IS DISTINCT FROM (k.parent_path, k.parent_name)"
    )
    errors += [error(row, "nip_atasan", "other_supervisor", row=r) for row, r in disagreeing]
    return errors


# From a position `k` of `_asn_pos` to the one its rows name as supervising, `pk`.
PARENT_POSITION_JOIN = (
    "LEFT JOIN _asn_pos pk ON pk.unit_path = k.parent_path AND pk.position_name = k.parent_name"
)

# Every position as a node (the city's by id, new ones by -no) with its supervising node:
# the file's decided one where the file decides, the city's otherwise. The anti-join is a
# LEFT JOIN ... IS NULL, not a correlated NOT EXISTS: Citus can plan the temp table
# as a subquery of a join, never inside a correlated subquery of a city table.
_CHAIN_SQL = f"""
SELECT coalesce(k.position_id, -k.no),
  CASE WHEN k.decided_row IS NULL THEN k.current_parent_id
    ELSE coalesce(pk.position_id, -pk.no, k.parent_position_id) END
FROM _asn_pos k {PARENT_POSITION_JOIN}
UNION ALL
SELECT p.id, p.supervisor_position_id FROM organisation_position p
LEFT JOIN _asn_pos k ON k.position_id = p.id
WHERE k.position_id IS NULL
"""


def _cycles() -> list[RowProblem]:
    chain = dict(fetch(_CHAIN_SQL))
    cyclic = rules.would_cycle(chain)
    if not cyclic:
        return []
    rows = fetch(
        "SELECT o.row FROM _asn_ok o JOIN _asn_pos k USING (unit_path, position_name)"
        " WHERE o.sup <> '' AND coalesce(k.position_id, -k.no) = ANY(%s)",
        [list(cyclic)],
    )
    return [error(row, "nip_atasan", "cycle") for (row,) in rows]
