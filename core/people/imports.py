"""Bulk import of ASN: the one writer for a whole spreadsheet, set-based.

The file is checked completely first (core.people.import_rules); if any row is
wrong nothing is written. Otherwise, in one transaction, units and positions that
do not exist are created, and people, accounts and assignments are written with
PostgreSQL COPY and a few `UPDATE ... FROM` statements: the number of queries does
not grow with the number of rows, and no password is hashed (imported accounts
have no password until their owner activates them).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from core.accounts.models import User
from core.accounts.roles import Role
from core.audit.services import record_event
from core.organisation.models import PATH_SEPARATOR, OrgUnit, Position
from core.people import lookups  # noqa: F401 - registers `__any`
from core.people.import_rules import CheckResult, CleanRow, check_headers, check_rows
from core.people.models import Assignment, Employee
from core.people.rules import format_name, guess_unit_kind
from core.people.tabular import Table

PositionKey = tuple[str, str]  # (unit path, position name)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    units_created: int = 0
    positions_created: int = 0
    errors: list[dict] = field(default_factory=list)
    new_units: list[str] = field(default_factory=list)
    new_positions: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return asdict(self)


def import_asn(
    table: Table, *, actor, dry_run: bool = False, today: date | None = None
) -> ImportReport:
    """Check and (unless `dry_run` or any row is wrong) write a whole ASN file."""
    today = today or timezone.localdate()
    report = ImportReport(dry_run=dry_run)
    header_errors = check_headers(table.headers)
    if header_errors:
        report.errors = [e.as_dict() for e in header_errors]
        return report
    city = _CityPositions.load()
    file_nips = {values.get("nip", "") for values in table.rows if values}
    named = {values.get("nip_atasan", "") for values in table.rows if values} - file_nips - {""}
    checked = check_rows(
        table.rows,
        today=today,
        city_supervisor_positions=city.current_position_keys(named, today),
        existing_position_parents=city.parent_keys(),
    )
    if checked.errors:
        report.errors = [e.as_dict() for e in checked.errors]
        return report
    with transaction.atomic():
        _Writer(checked, city, today, report).run()
        if dry_run:
            transaction.set_rollback(True)
        else:
            record_event(
                actor=actor,
                action="people.import_asn",
                object_type="people.employee",
                object_id="import",
                after={k: v for k, v in report.as_dict().items() if k not in ("errors",)},
            )
    return report


class _CityPositions:
    """The city's positions as plain data: id, key, supervising position."""

    def __init__(self, rows: list[tuple[int, str, str, int | None]]):
        self.key_of: dict[int, PositionKey] = {pid: (path, name) for pid, path, name, _ in rows}
        self.id_of: dict[PositionKey, int] = {key: pid for pid, key in self.key_of.items()}
        self.parent_id: dict[int, int | None] = {pid: parent for pid, _, _, parent in rows}

    @classmethod
    def load(cls) -> _CityPositions:
        rows = Position.objects.values_list(
            "id", "org_unit__path", "name", "supervisor_position_id"
        )
        return cls(list(rows))

    def parent_keys(self) -> dict[PositionKey, PositionKey | None]:
        return {
            self.key_of[pid]: (self.key_of.get(parent) if parent else None)
            for pid, parent in self.parent_id.items()
        }

    def current_position_keys(self, nips: set[str], today: date) -> dict[str, PositionKey]:
        if not nips:
            return {}
        rows = (
            Assignment.objects.filter(employee__nip__any=frozenset(nips), starts_on__lte=today)
            .exclude(ends_on__lt=today)
            .order_by("is_acting", "-starts_on")
            .values_list("employee__nip", "position_id")
        )
        found: dict[str, PositionKey] = {}
        for nip, position_id in rows:
            found.setdefault(nip, self.key_of[position_id])
        return found


def _copy(table: str, columns: list[str], rows) -> None:
    """COPY rows into `table` (in the active schema)."""
    names = ", ".join(f'"{c}"' for c in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _update_from(table: str, key: str, columns: list[str], types: list[str], rows: list) -> None:
    """UPDATE table SET columns FROM a temporary table filled by COPY, joined on `key`."""
    if not rows:
        return
    temp = f"_upd_{table}"
    definition = ", ".join(f'"{c}" {t}' for c, t in zip([key, *columns], types, strict=True))
    assignments = ", ".join(f'"{c}" = s."{c}"' for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE IF EXISTS "{temp}"')
        cursor.execute(f'CREATE TEMP TABLE "{temp}" ({definition}) ON COMMIT DROP')
    _copy(temp, [key, *columns], rows)
    with connection.cursor() as cursor:
        # Temporary tables have no statistics until analysed; without them the planner
        # may join thousands of rows by nested loops.
        cursor.execute(f'ANALYZE "{temp}"')
        cursor.execute(
            f'UPDATE "{table}" t SET {assignments} FROM "{temp}" s WHERE t."{key}" = s."{key}"'
        )
        cursor.execute(f'DROP TABLE "{temp}"')


_EMPLOYEE_FIELDS = [
    "name",
    "front_title",
    "back_title",
    "sex",
    "birth_date",
    "asn_type",
    "golongan",
    "email",
    "phone",
]
_EMPLOYEE_TYPES = [
    "varchar",
    "varchar",
    "varchar",
    "varchar",
    "date",
    "varchar",
    "varchar",
    "varchar",
    "varchar",
]


def _employee_values(row: CleanRow) -> tuple:
    return (
        row.name,
        row.front_title,
        row.back_title,
        row.sex,
        row.birth_date,
        row.asn_type,
        row.golongan,
        row.email,
        row.phone,
    )


class _Writer:
    def __init__(self, checked: CheckResult, city: _CityPositions, today: date, report):
        self.rows = checked.rows
        self.city = city
        self.today = today
        self.report = report

    def run(self) -> None:
        unit_ids = self._units()
        position_ids = self._positions(unit_ids)
        self._people(position_ids)

    # ------------------------------------------------------------ units
    def _units(self) -> dict[str, int]:
        needed: dict[str, list[str]] = {}
        for row in self.rows:
            for depth in range(1, len(row.unit_levels) + 1):
                levels = row.unit_levels[:depth]
                needed.setdefault(PATH_SEPARATOR.join(levels), levels)
        known = {
            path: (pk, opd)
            for pk, path, opd in OrgUnit.objects.filter(path__any=frozenset(needed)).values_list(
                "id", "path", "opd_id"
            )
        }
        missing = [levels for path, levels in needed.items() if path not in known]
        by_depth: dict[int, list[list[str]]] = defaultdict(list)
        for levels in missing:
            by_depth[len(levels) - 1].append(levels)
        table = OrgUnit._meta.db_table
        for depth in sorted(by_depth):
            batch = []
            for levels in by_depth[depth]:
                parent = known.get(PATH_SEPARATOR.join(levels[:-1])) if depth else None
                batch.append(
                    (
                        levels[-1],
                        "",
                        guess_unit_kind(levels[-1], depth),
                        parent[0] if parent else None,
                        parent[1] if parent else None,
                        PATH_SEPARATOR.join(levels),
                        depth,
                        True,
                    )
                )
            _copy(
                table,
                ["name", "code", "kind", "parent_id", "opd_id", "path", "depth", "is_active"],
                batch,
            )
            paths = [row[5] for row in batch]
            if depth == 0:
                OrgUnit.objects.filter(path__any=frozenset(paths)).update(opd_id=F("id"))
            for pk, path, opd in OrgUnit.objects.filter(path__any=frozenset(paths)).values_list(
                "id", "path", "opd_id"
            ):
                known[path] = (pk, opd)
        self.report.units_created = len(missing)
        self.report.new_units = sorted(PATH_SEPARATOR.join(levels) for levels in missing)
        return {path: pk for path, (pk, _) in known.items()}

    # ------------------------------------------------------------ positions
    def _positions(self, unit_ids: dict[str, int]) -> dict[PositionKey, int]:
        file_nips = {row.nip: row.position_key for row in self.rows}
        city_holders = self.city.current_position_keys(
            {r.supervisor_nip for r in self.rows if r.supervisor_nip} - set(file_nips), self.today
        )
        wanted: dict[PositionKey, CleanRow] = {}
        parent_key: dict[PositionKey, PositionKey | None] = {}
        for row in self.rows:
            wanted.setdefault(row.position_key, row)
            if row.supervisor_nip:
                parent_key[row.position_key] = (
                    file_nips.get(row.supervisor_nip) or city_holders[row.supervisor_nip]
                )
            else:
                parent_key.setdefault(row.position_key, None)
        new = [key for key in wanted if key not in self.city.id_of]
        _copy(
            Position._meta.db_table,
            [
                "name",
                "position_type",
                "functional_level",
                "kelas_jabatan",
                "org_unit_id",
                "is_active",
            ],
            (
                (
                    key[1],
                    wanted[key].position_type or "PELAKSANA",
                    "",
                    wanted[key].kelas_jabatan,
                    unit_ids[key[0]],
                    True,
                )
                for key in new
            ),
        )
        ids = dict(self.city.id_of)
        if new:
            new_units = list({unit_ids[key[0]] for key in new})
            id_by_unit_name = {
                (unit_id, name): pk
                for pk, unit_id, name in Position.objects.filter(
                    org_unit_id__any=frozenset(new_units)
                ).values_list("id", "org_unit_id", "name")
            }
            for key in new:
                ids[key] = id_by_unit_name[(unit_ids[key[0]], key[1])]
        self.report.positions_created = len(new)
        self.report.new_positions = sorted(f"{name} ({path})" for path, name in new)
        self._update_positions(wanted, parent_key, ids, set(new))
        return ids

    def _update_positions(self, wanted, parent_key, ids, new: set) -> None:
        current = {
            pid: (ptype, kelas, parent)
            for pid, ptype, kelas, parent in Position.objects.filter(
                pk__any=frozenset([ids[k] for k in wanted])
            ).values_list("id", "position_type", "kelas_jabatan", "supervisor_position_id")
        }
        changes = []
        for key, row in wanted.items():
            pid = ids[key]
            ptype, kelas, parent = current[pid]
            target_parent = ids[parent_key[key]] if parent_key[key] else None
            target = (row.position_type or ptype, row.kelas_jabatan or kelas, target_parent)
            if target != (ptype, kelas, parent):
                changes.append((pid, *target))
        self.position_changes = {c[0] for c in changes} - {ids[k] for k in new}
        _update_from(
            Position._meta.db_table,
            "id",
            ["position_type", "kelas_jabatan", "supervisor_position_id"],
            ["bigint", "varchar", "smallint", "bigint"],
            changes,
        )

    # ------------------------------------------------------------ people
    def _people(self, position_ids: dict[PositionKey, int]) -> None:
        nips = [row.nip for row in self.rows]
        existing = {
            values[0]: values[1:]
            for values in Employee.objects.filter(nip__any=frozenset(nips)).values_list(
                "nip", "id", "user_id", *_EMPLOYEE_FIELDS
            )
        }
        current = {
            employee_id: (aid, position_id, starts_on)
            for aid, employee_id, position_id, starts_on in Assignment.objects.filter(
                employee__nip__any=frozenset(nips), ends_on__isnull=True, is_acting=False
            ).values_list("id", "employee_id", "position_id", "starts_on")
        }
        new_rows: list[CleanRow] = []
        changed: list[tuple[int, CleanRow]] = []
        moves: list[tuple[int, int]] = []  # (employee id, new position id)
        for row in self.rows:
            position_id = position_ids[row.position_key]
            found = existing.get(row.nip)
            if found is None:
                new_rows.append(row)
                continue
            employee_id, _user_id, *fields = found
            held = current.get(employee_id)
            moved = held is None or held[1] != position_id
            fields_changed = tuple(fields) != _employee_values(row)
            if moved:
                moves.append((employee_id, position_id))
            if fields_changed:
                changed.append((employee_id, row))
            if moved or fields_changed:
                self.report.updated += 1
            else:
                self.report.unchanged += 1
        self.report.created = len(new_rows)
        self._update_employees(changed)
        self._move(moves, current)
        self._create(new_rows, position_ids)

    def _update_employees(self, changed: list[tuple[int, CleanRow]]) -> None:
        if not changed:
            return
        _update_from(
            Employee._meta.db_table,
            "id",
            _EMPLOYEE_FIELDS,
            ["bigint", *_EMPLOYEE_TYPES],
            [(eid, *_employee_values(row)) for eid, row in changed],
        )
        # The account shows the same name and e-mail as the register.
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE "{User._meta.db_table}" u SET full_name = LEFT({_FULL_NAME_SQL}, 200),'
                f' email = e.email FROM "{Employee._meta.db_table}" e'
                " WHERE e.user_id = u.id AND e.id = ANY(%s)",
                [[eid for eid, _ in changed]],
            )

    def _move(self, moves: list[tuple[int, int]], current: dict) -> None:
        """People whose position changed: the old assignment ends yesterday, a new one
        starts today (an assignment that started today is corrected in place)."""
        if not moves:
            return
        yesterday = self.today - timedelta(days=1)
        ending, correcting, starting = [], [], []
        for employee_id, position_id in moves:
            held = current.get(employee_id)
            if held is not None and held[2] >= self.today:
                correcting.append((held[0], position_id))
                continue
            if held is not None:
                ending.append(held[0])
            starting.append((employee_id, position_id, self.today, False))
        if ending:
            Assignment.objects.filter(pk__any=frozenset(ending)).update(ends_on=yesterday)
        _update_from(
            Assignment._meta.db_table, "id", ["position_id"], ["bigint", "bigint"], correcting
        )
        _copy(
            Assignment._meta.db_table,
            ["employee_id", "position_id", "starts_on", "is_acting"],
            starting,
        )

    def _create(self, rows: list[CleanRow], position_ids: dict[PositionKey, int]) -> None:
        """New people: one COPY into a staging table, then accounts, people and
        assignments each by one INSERT ... SELECT (ids are joined in the database)."""
        if not rows:
            return
        columns = ["nip", *_EMPLOYEE_FIELDS, "full_name", "position_id"]
        types = ["varchar", *_EMPLOYEE_TYPES, "varchar", "bigint"]
        definition = ", ".join(f'"{c}" {t}' for c, t in zip(columns, types, strict=True))
        with connection.cursor() as cursor:
            cursor.execute('DROP TABLE IF EXISTS "_new_people"')
            cursor.execute(f'CREATE TEMP TABLE "_new_people" ({definition}) ON COMMIT DROP')
        _copy(
            "_new_people",
            columns,
            (
                (
                    row.nip,
                    *_employee_values(row),
                    format_name(row.name, row.front_title, row.back_title)[:200],
                    position_ids[row.position_key],
                )
                for row in rows
            ),
        )
        with connection.cursor() as cursor:
            cursor.execute('ANALYZE "_new_people"')
        user, employee, assignment = (
            User._meta.db_table,
            Employee._meta.db_table,
            Assignment._meta.db_table,
        )
        employee_columns = ", ".join(f'"{c}"' for c in _EMPLOYEE_FIELDS)
        selected = ", ".join(f's."{c}"' for c in _EMPLOYEE_FIELDS)
        # An unusable password ("!" + random) is what Django itself stores for "no password";
        # it never verifies, so one random part per import (plus the NIP) is enough.
        params = {
            "unusable": "!" + secrets.token_urlsafe(24),
            "now": timezone.now(),
            "role": Role.ASN.value,
            "today": self.today,
        }
        with connection.cursor() as cursor:
            cursor.execute(
                f'INSERT INTO "{user}" (password, is_superuser, username, full_name, email, role,'
                " is_active, is_staff, date_joined)"
                " SELECT %(unusable)s || s.nip, false, s.nip, s.full_name, s.email, %(role)s,"
                ' false, false, %(now)s FROM "_new_people" s'
                f' WHERE NOT EXISTS (SELECT 1 FROM "{user}" u WHERE u.username = s.nip)',
                params,
            )
            cursor.execute(
                f'INSERT INTO "{employee}" (nip, {employee_columns}, status, user_id)'
                f" SELECT s.nip, {selected}, 'active', u.id"
                f' FROM "_new_people" s JOIN "{user}" u ON u.username = s.nip'
            )
            cursor.execute(
                f'INSERT INTO "{assignment}" (employee_id, position_id, starts_on, is_acting)'
                " SELECT e.id, s.position_id, %(today)s, false"
                f' FROM "_new_people" s JOIN "{employee}" e ON e.nip = s.nip',
                params,
            )
            cursor.execute('DROP TABLE "_new_people"')


_FULL_NAME_SQL = (
    "CONCAT_WS(', ', NULLIF(CONCAT_WS(' ', NULLIF(e.front_title, ''), e.name), ''),"
    " NULLIF(e.back_title, ''))"
)
