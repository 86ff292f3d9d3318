"""Writing a checked ASN file (core.people.import_checks left `_asn_ok` and `_asn_pos`).

`Writer.plan()` works out what the file changes without writing anything, so a dry run
reports exactly what the real run does; `Writer.write()` then does it with a fixed
number of statements: units, positions, accounts, people and assignments each by one
`INSERT ... SELECT` from the temporary tables, changed rows by one `UPDATE ... FROM`.

Ids of new rows are reserved in one step per table (the table is locked against other
writers until commit), so rows of different tables are linked by arithmetic rather
than joins on NIP. No password is hashed: imported accounts have none until their
owner activates them.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

from core.accounts.roles import Role
from core.organisation.models import PATH_SEPARATOR
from core.people.bulk_load import secondary_structures_dropped
from core.people.import_checks import PARENT_POSITION_JOIN
from core.people.import_report import ImportReport
from core.people.import_staging import create_temp_table, execute, fetch
from core.people.models import PERSONAL_FIELDS
from core.people.rules import guess_unit_kind, nearly_matching_unit

# A first import into a city (at least this many new people, more than the city holds)
# rebuilds the tables' indexes and foreign keys instead of updating them row by row.
BULK_MIN_ROWS = 1000
# A preview lists at most this many people created and as many updated (counts are exact).
PREVIEW_PEOPLE = 200
BULK_TABLES = [
    "organisation_orgunit",
    "organisation_position",
    "accounts_user",
    "people_employee",
    "people_assignment",
]


def full_name_sql(alias: str) -> str:
    """SQL: core.people.rules.format_name of an employee row, as an account's full name."""
    # CONCAT_WS written with `||` and COALESCE: CONCAT_WS is only STABLE, and Citus
    # refuses STABLE functions over columns in the SET of an UPDATE on a city table.
    front = f"NULLIF({alias}.front_title, '')"
    titled = f"NULLIF(COALESCE({front} || ' ' || {alias}.name, {front}, {alias}.name, ''), '')"
    back = f"NULLIF({alias}.back_title, '')"
    return f"LEFT(COALESCE({titled} || ', ' || {back}, {titled}, {back}, ''), 200)"


_PEOPLE_SQL = f"""
CREATE TEMP TABLE _asn_people ON COMMIT DROP AS
SELECT o.row, o.nip, {", ".join(f"o.{f}" for f in PERSONAL_FIELDS)},
  k.position_id, k.new_no, e.id AS employee_id, u.id AS user_id,
  c.id AS held_id, c.starts_on AS held_since,
  e.id IS NOT NULL AND ({", ".join(f"e.{f}" for f in PERSONAL_FIELDS)})
    IS DISTINCT FROM ({", ".join(f"o.{f}" for f in PERSONAL_FIELDS)}) AS changed,
  e.id IS NOT NULL AND (k.position_id IS NULL OR c.position_id IS DISTINCT FROM k.position_id)
    AS moved,
  count(*) FILTER (WHERE e.id IS NULL) OVER w AS new_rank,
  count(*) FILTER (WHERE e.id IS NULL AND u.id IS NULL) OVER w AS account_rank
FROM _asn_ok o
JOIN _asn_pos k USING (unit_path, position_name)
LEFT JOIN people_employee e ON e.nip = o.nip
LEFT JOIN accounts_user u ON u.username = o.nip
LEFT JOIN (
  SELECT DISTINCT ON (employee_id) id, employee_id, position_id, starts_on
  FROM people_assignment WHERE ends_on IS NULL AND NOT is_acting
  ORDER BY employee_id, starts_on DESC
) c ON c.employee_id = e.id
WINDOW w AS (ORDER BY o.row)
"""

_COUNTS_SQL = """
SELECT count(*) FILTER (WHERE employee_id IS NULL),
  count(*) FILTER (WHERE employee_id IS NOT NULL AND (changed OR moved)),
  count(*) FILTER (WHERE employee_id IS NOT NULL AND NOT changed AND NOT moved),
  count(*) FILTER (WHERE employee_id IS NULL AND user_id IS NULL),
  (SELECT count(*) FROM people_employee)
FROM _asn_people
"""


def _reserve_ids(table: str, count: int) -> int:
    """The first of `count` consecutive new ids of `table` (locked against other writers)."""
    if not count:
        return 0
    execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
    sequence = f"pg_get_serial_sequence('{table}', 'id')"
    ((last,),) = fetch(f"SELECT setval({sequence}, nextval({sequence}) + %s - 1)", [count])
    return last - count + 1


class Writer:
    """Plans, then writes, one checked file; the plan's counts go into `report`."""

    def __init__(self, report: ImportReport, today: date):
        self.report = report
        self.today = today
        self.known_units: dict[str, list[int]] = {}  # path -> [id, opd id]
        self.missing_units: list[tuple[str, ...]] = []  # levels of each, parents first
        self.new_people = self.new_accounts = self.existing_people = 0

    # ------------------------------------------------------------ plan
    def plan(self) -> None:
        """Fill the report's counts and lists, writing nothing."""
        self._plan_units()
        new_positions = fetch(
            "SELECT position_name, unit_path FROM _asn_pos WHERE position_id IS NULL"
        )
        self.report.positions_created = len(new_positions)
        self.report.new_positions = sorted(f"{name} ({path})" for name, path in new_positions)
        create_temp_table("_asn_people", _PEOPLE_SQL)
        ((created, updated, unchanged, accounts, existing),) = fetch(_COUNTS_SQL)
        self.report.created = created
        self.report.updated = updated
        self.report.unchanged = unchanged
        self.new_people, self.new_accounts, self.existing_people = created, accounts, existing
        if self.report.dry_run:
            self._preview_people()
            self._suggest_units()

    def _preview_people(self) -> None:
        """The first PREVIEW_PEOPLE people created and updated, for the admin to read."""
        rows = fetch(
            "SELECT p.nip, o.name, o.position_name, o.unit_path, p.employee_id IS NULL,"
            " p.changed, p.moved FROM _asn_people p JOIN _asn_ok o USING (row)"
            " WHERE p.employee_id IS NULL OR p.changed OR p.moved ORDER BY p.row"
        )
        for nip, name, position, unit, new, changed, moved in rows:
            target = self.report.people_created if new else self.report.people_updated
            if len(target) >= PREVIEW_PEOPLE:
                continue
            person = {"nip": nip, "name": name, "position": position, "unit": unit}
            if not new:
                person["changed"] = bool(changed)
                person["moved"] = bool(moved)
            target.append(person)

    def _suggest_units(self) -> None:
        """New units whose name nearly matches an existing unit beside them."""
        missing = set(self.missing_units)
        firsts = [levels for levels in self.missing_units if levels[:-1] not in missing]
        parents = sorted({PATH_SEPARATOR.join(levels[:-1]) for levels in firsts})
        if not parents:
            return
        siblings: dict[str, list[str]] = {}
        for parent, name in fetch(
            "SELECT coalesce(p.path, ''), u.name FROM organisation_orgunit u"
            " LEFT JOIN organisation_orgunit p ON p.id = u.parent_id"
            " WHERE coalesce(p.path, '') = ANY(%s) AND u.is_active",
            [parents],
        ):
            siblings.setdefault(parent, []).append(name)
        for levels in firsts:
            parent = PATH_SEPARATOR.join(levels[:-1])
            match = nearly_matching_unit(levels[-1], siblings.get(parent, []))
            if match:
                existing = PATH_SEPARATOR.join((*levels[:-1], match))
                self.report.unit_suggestions.append(
                    {"new": PATH_SEPARATOR.join(levels), "existing": existing}
                )

    def _plan_units(self) -> None:
        paths = [path for (path,) in fetch("SELECT DISTINCT unit_path FROM _asn_pos")]
        needed: dict[str, tuple[str, ...]] = {}
        for path in paths:
            levels = tuple(path.split(PATH_SEPARATOR))
            for depth in range(1, len(levels) + 1):
                needed.setdefault(PATH_SEPARATOR.join(levels[:depth]), levels[:depth])
        self.known_units = dict(
            fetch(
                "SELECT path, ARRAY[id, opd_id] FROM organisation_orgunit WHERE path = ANY(%s)",
                [list(needed)],
            )
        )
        self.missing_units = sorted(
            (levels for path, levels in needed.items() if path not in self.known_units),
            key=len,
        )
        self.report.units_created = len(self.missing_units)
        self.report.new_units = sorted(PATH_SEPARATOR.join(u) for u in self.missing_units)

    # ------------------------------------------------------------ write
    @property
    def is_bulk(self) -> bool:
        return self.new_people >= BULK_MIN_ROWS and self.new_people > self.existing_people

    def write(self) -> None:
        execute("SET LOCAL synchronous_commit = off")  # a lost import is simply re-run
        if self.is_bulk:
            with secondary_structures_dropped(BULK_TABLES):
                self._write()
        else:
            self._write()

    def _write(self) -> None:
        unit_ids = self._units()
        first_position = self._positions(unit_ids)
        self._update_people()
        self._move(first_position)
        self._create(first_position)

    def _units(self) -> dict[str, int]:
        """Units missing from the city, parents first; returns the id of every unit path."""
        ids = {path: pk for path, (pk, _opd) in self.known_units.items()}
        opds = {path: opd for path, (_pk, opd) in self.known_units.items()}
        first = _reserve_ids("organisation_orgunit", len(self.missing_units))
        rows = []
        for number, levels in enumerate(self.missing_units):
            path, parent = PATH_SEPARATOR.join(levels), PATH_SEPARATOR.join(levels[:-1])
            ids[path] = first + number
            opds[path] = opds[parent] if parent else ids[path]
            depth = len(levels) - 1
            kind = guess_unit_kind(levels[-1], depth)
            rows.append((ids[path], levels[-1], kind, ids.get(parent), opds[path], path, depth))
        if rows:
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(
                    "COPY organisation_orgunit"
                    " (id, name, kind, parent_id, opd_id, path, depth, code, is_active)"
                    " FROM STDIN"
                ) as copy,
            ):
                for row in rows:
                    copy.write_row((*row, "", True))
        return ids

    def _positions(self, unit_ids: dict[str, int]) -> int:
        """New positions, then every named position's type, kelas and supervising position."""
        first = _reserve_ids("organisation_position", self.report.positions_created)
        params = {"first": first, "paths": list(unit_ids), "ids": list(unit_ids.values())}
        parent = (
            "CASE WHEN k.decided_row IS NOT NULL THEN"
            " coalesce(pk.position_id, %(first)s + pk.new_no - 1, k.parent_position_id) END"
        )
        execute(
            "INSERT INTO organisation_position (id, name, position_type, functional_level,"
            " kelas_jabatan, org_unit_id, supervisor_position_id, is_active)"
            " SELECT %(first)s + k.new_no - 1, k.position_name,"
            " coalesce(nullif(k.position_type, ''), 'PELAKSANA'), '', k.kelas, u.id,"
            f" {parent}, true"
            " FROM _asn_pos k JOIN unnest(%(paths)s::text[], %(ids)s::bigint[]) u(path, id)"
            f" ON u.path = k.unit_path {PARENT_POSITION_JOIN}"
            " WHERE k.position_id IS NULL",
            params,
        )
        execute(
            "UPDATE organisation_position p SET position_type = t.position_type,"
            " kelas_jabatan = t.kelas, supervisor_position_id = t.parent FROM ("
            "  SELECT k.position_id, coalesce(nullif(k.position_type, ''), k.current_type)"
            "  AS position_type, coalesce(k.kelas, k.current_kelas) AS kelas,"
            f"  {parent} AS parent"
            f"  FROM _asn_pos k {PARENT_POSITION_JOIN}"
            "  WHERE k.position_id IS NOT NULL"
            ") t WHERE p.id = t.position_id AND (p.position_type, p.kelas_jabatan,"
            " p.supervisor_position_id) IS DISTINCT FROM (t.position_type, t.kelas, t.parent)",
            params,
        )
        return first

    def _update_people(self) -> None:
        """Changed people, and their accounts' name and e-mail (shown like the register)."""
        if not self.report.updated:
            return
        assignments = ", ".join(f"{f} = s.{f}" for f in PERSONAL_FIELDS)
        execute(
            f"UPDATE people_employee e SET {assignments} FROM _asn_people s"
            " WHERE e.id = s.employee_id AND s.changed"
        )
        execute(
            f"UPDATE accounts_user u SET full_name = {full_name_sql('e')}, email = e.email"
            " FROM people_employee e JOIN _asn_people s ON s.employee_id = e.id AND s.changed"
            " WHERE e.user_id = u.id"
        )

    def _move(self, first_position: int) -> None:
        """People whose position changed: the old assignment ends yesterday and a new one
        starts today; one that started today (or later) is corrected in place."""
        if not self.report.updated:
            return
        params = {
            "today": self.today,
            "yesterday": self.today - timedelta(days=1),
            "position": first_position,
        }
        target = "coalesce(s.position_id, %(position)s + s.new_no - 1)"
        execute(
            f"UPDATE people_assignment a SET position_id = {target} FROM _asn_people s"
            " WHERE a.id = s.held_id AND s.moved AND s.held_since >= %(today)s",
            params,
        )
        execute(
            "UPDATE people_assignment a SET ends_on = %(yesterday)s FROM _asn_people s"
            " WHERE a.id = s.held_id AND s.moved AND s.held_since < %(today)s",
            params,
        )
        execute(
            "INSERT INTO people_assignment (employee_id, position_id, starts_on, is_acting)"
            f" SELECT s.employee_id, {target}, %(today)s, false FROM _asn_people s"
            " WHERE s.moved AND (s.held_id IS NULL OR s.held_since < %(today)s)",
            params,
        )

    def _create(self, first_position: int) -> None:
        """New people: accounts (unless one has the NIP already), people, assignments."""
        if not self.new_people:
            return
        params = {
            "user": _reserve_ids("accounts_user", self.new_accounts),
            "employee": _reserve_ids("people_employee", self.new_people),
            "assignment": _reserve_ids("people_assignment", self.new_people),
            "position": first_position,
            # "!" + random is what Django stores for "no password"; it never verifies.
            "unusable": "!" + secrets.token_urlsafe(24),
            "now": timezone.now(),
            "role": Role.ASN.value,
            "today": self.today,
        }
        fields = ", ".join(PERSONAL_FIELDS)
        execute(
            "INSERT INTO accounts_user (id, password, is_superuser, username, full_name, email,"
            " role, is_active, is_staff, date_joined)"
            " SELECT %(user)s + s.account_rank - 1, %(unusable)s || s.nip, false, s.nip,"
            f" {full_name_sql('s')}, s.email, %(role)s, false, false, %(now)s"
            " FROM _asn_people s WHERE s.employee_id IS NULL AND s.user_id IS NULL",
            params,
        )
        execute(
            f"INSERT INTO people_employee (id, nip, {fields}, status, user_id)"
            f" SELECT %(employee)s + s.new_rank - 1, s.nip, {fields}, 'active',"
            " coalesce(s.user_id, %(user)s + s.account_rank - 1)"
            " FROM _asn_people s WHERE s.employee_id IS NULL",
            params,
        )
        execute(
            "INSERT INTO people_assignment (id, employee_id, position_id, starts_on, is_acting)"
            " SELECT %(assignment)s + s.new_rank - 1, %(employee)s + s.new_rank - 1,"
            " coalesce(s.position_id, %(position)s + s.new_no - 1), %(today)s, false"
            " FROM _asn_people s WHERE s.employee_id IS NULL",
            params,
        )
