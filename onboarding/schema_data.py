"""Whole-schema data operations in SQL: checksums, snapshots, backup, restore, export.

These work on any city schema by name and never go through the ORM models, so they
copy exactly what is in the tables (every app's, present and future). Backup and
restore use COPY and the schema builder's DDL rather than pg_dump, whose version
would have to match the server's.

A schema is rebuilt in three phases: tables, sequences and non-foreign-key
constraints; then the data; then foreign keys, indexes and triggers. Loading data
before the foreign keys means no table order is needed, and building indexes after
loading is faster than maintaining them row by row.
"""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction

from config.sql import quote_identifier
from core.db import tenant_connection
from tenants.schema_builder import _generate_ddl, execute_each

# Never exported in the CSV export: secrets and live login state.
EXPORT_SKIPPED_TABLES = frozenset({"django_session", "authtoken_token", "otp_totp_totpdevice"})
EXPORT_SKIPPED_COLUMNS = {"accounts_user": frozenset({"password"})}

BACKUP_FORMAT = "sinergi-backup/1"
EXPORT_FORMAT = "sinergi-export/1"


q = quote_identifier  # config.sql: the one identifier quoting


def run_each(cursor, statements: list[str]) -> None:
    """Run SQL statements one `execute` each, pipelined (schema_builder.execute_each)."""
    if statements:
        execute_each(cursor, statements)


def table_names(schema: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY c.relname",
            [schema],
        )
        return [name for (name,) in cursor.fetchall()]


def schema_exists(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
        return cursor.fetchone() is not None


def _columns(schema: str, table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 AND NOT a.attisdropped "
            "AND a.attgenerated = '' ORDER BY a.attnum",
            [schema, table],
        )
        return [name for (name,) in cursor.fetchall()]


# ---------------------------------------------------------------- checksums
def table_checksums(schema: str) -> dict[str, str]:
    """Per table: row count and an order-independent digest of its rows, one query each.

    The digest sums 60 bits of each row's md5 (as text), so no sort is needed and a
    table of millions of rows is read once. Equal data gives equal digests; a changed,
    added or removed row changes the sum except with negligible probability.
    """
    result: dict[str, str] = {}
    with connection.cursor() as cursor:
        for table in table_names(schema):
            cursor.execute(
                "SELECT count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 15))"
                f"::bit(60)::bigint), 0) FROM {q(schema)}.{q(table)} t"
            )
            count, digest = cursor.fetchone()
            result[table] = f"{count}:{digest}"
    return result


def schema_checksum(schema: str) -> str:
    """One sha256 over every table's checksum: equal iff the data is identical."""
    payload = json.dumps(table_checksums(schema), sort_keys=True).encode()
    return hashlib.sha256(payload).hexdigest()


def row_counts(schema: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in table_names(schema):
            cursor.execute(f"SELECT count(*) FROM {q(schema)}.{q(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


# ---------------------------------------------------------------- DDL in phases
@dataclass(frozen=True)
class SchemaDDL:
    """The DDL of a schema without its name, split into before-data and after-data."""

    before_data: list[str]
    after_data: list[str]

    def as_dict(self) -> dict:
        return {"before_data": self.before_data, "after_data": self.after_data}

    @classmethod
    def from_dict(cls, data: dict) -> SchemaDDL:
        return cls(list(data["before_data"]), list(data["after_data"]))


def schema_ddl(schema: str) -> SchemaDDL:
    """The schema builder's DDL for `schema`, minus its row-copying statements."""
    statements, _ = _generate_ddl(schema)
    before, after = [], []
    for statement in (s.strip() for s in statements):
        if not statement or statement.startswith(("INSERT INTO", "SELECT setval")):
            continue
        is_foreign_key = statement.startswith("ALTER TABLE") and " FOREIGN KEY " in statement
        if is_foreign_key or statement.startswith(
            ("CREATE INDEX", "CREATE UNIQUE INDEX", "CREATE TRIGGER", "CREATE CONSTRAINT TRIGGER")
        ):
            after.append(statement)
        else:
            before.append(statement)
    return SchemaDDL(before, after)


def _reset_identities(cursor, schema: str) -> None:
    """Move every identity/serial sequence past the loaded rows.

    The highest values are read first and written as literals: on Citus a `setval`
    in a query over a city table runs on the worker, whose sequence differs.
    """
    cursor.execute(
        "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped "
        "AND pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), "
        "a.attname) IS NOT NULL",
        [schema],
    )
    for table, column in cursor.fetchall():
        qualified = f"{q(schema)}.{q(table)}"
        cursor.execute(f"SELECT max({q(column)}) FROM {qualified}")
        (last,) = cursor.fetchone()
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, %s), %s, %s)",
            [qualified, column, 1 if last is None else last, last is not None],
        )


def staging_schema_for(schema: str) -> str:
    """Where `rebuild_schema` builds before renaming in (never a city's name: slugs have
    no underscores)."""
    return schema[:55] + "__new"


def rebuild_schema(schema: str, ddl: SchemaDDL, load: Callable[[object, str], None]) -> None:
    """Build `schema` again from `ddl`, with `load(cursor, target)` filling the tables of
    `target` between the phases. One transaction: all or nothing.

    The new schema is built under another name and renamed in; the old one is renamed
    aside and dropped after commit (`drop_schema`). So tables written earlier in the same
    transaction are never dropped in it, which Citus refuses (the worker still holds their
    deferred foreign-key checks), and `load` may still read the old schema.
    """
    fresh = staging_schema_for(schema)
    with transaction.atomic(), connection.cursor() as cursor:
        # Deferred foreign-key checks still pending in this transaction would block a drop.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"DROP SCHEMA IF EXISTS {q(fresh)} CASCADE")  # left by a crash
        cursor.execute(f"CREATE SCHEMA {q(fresh)}")
        cursor.execute(f"SET LOCAL search_path = {q(fresh)}, public")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # faster index builds
        # One statement at a time: Citus refuses a multi-command DDL string.
        run_each(cursor, ddl.before_data)
        load(cursor, fresh)
        run_each(cursor, ddl.after_data)
        _reset_identities(cursor, fresh)
        drop_schema(schema)
        rename_schema(fresh, schema)
    tenant_connection().search_path_set_schemas = None  # the next cursor sets the tenant path again


# ---------------------------------------------------------------- snapshots (pilots)
def snapshot_schema(source: str, snapshot: str) -> None:
    """Copy every table's rows of `source` into plain tables of schema `snapshot`."""
    with transaction.atomic(), connection.cursor() as cursor:
        drop_schema(snapshot)
        cursor.execute(f"CREATE SCHEMA {q(snapshot)}")
        run_each(
            cursor,
            [
                f"CREATE TABLE {q(snapshot)}.{q(table)} AS TABLE {q(source)}.{q(table)}"
                for table in table_names(source)
            ],
        )


def _all_columns(schema: str) -> dict[str, list[str]]:
    """Every table's stored columns, in order, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped "
            "AND a.attgenerated = '' ORDER BY c.relname, a.attnum",
            [schema],
        )
        columns: dict[str, list[str]] = {}
        for table, column in cursor.fetchall():
            columns.setdefault(table, []).append(column)
        return columns


def copy_tables(cursor, source: str, target: str) -> None:
    """Insert every row of `source`'s tables into the same tables of `target`."""
    statements = []
    for table, columns in _all_columns(source).items():
        column_list = ", ".join(q(c) for c in columns)
        statements.append(
            f"INSERT INTO {q(target)}.{q(table)} ({column_list}) "
            f"SELECT {column_list} FROM {q(source)}.{q(table)}"
        )
    run_each(cursor, statements)


def restore_from_snapshot(schema: str, snapshot: str, ddl: SchemaDDL) -> None:
    """Give `schema` exactly the rows of `snapshot` again (a pilot reset)."""
    rebuild_schema(schema, ddl, lambda cursor, target: copy_tables(cursor, snapshot, target))


def rename_schema(old: str, new: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER SCHEMA {q(old)} RENAME TO {q(new)}")
    tenant_connection().search_path_set_schemas = None


def drop_schema(schema: str) -> None:
    """Remove `schema` at commit: renamed aside now (so its name is free at once) and
    dropped by an on-commit callback in a transaction of its own. Never a DROP of tables
    this transaction wrote, which Citus refuses; outside a transaction, dropped at once."""
    if not schema_exists(schema):
        return
    retired = f"retired_{secrets.token_hex(6)}"
    rename_schema(schema, retired)
    transaction.on_commit(lambda: _drop_now(retired), robust=True)


def _drop_now(schema: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {q(schema)} CASCADE")


# ---------------------------------------------------------------- backup and restore
@dataclass
class ArchiveSummary:
    tables: int = 0
    rows: int = 0
    manifest: dict = field(default_factory=dict)


def _copy_out(cursor, sql: str) -> Iterator[bytes]:
    with cursor.cursor.copy(sql) as copy:
        yield from copy


def write_backup(schema: str, out: io.BufferedIOBase) -> ArchiveSummary:
    """Write a ZIP with the schema's DDL, every table as COPY text and a manifest."""
    ddl = schema_ddl(schema)
    summary = ArchiveSummary()
    tables = {}
    outer = connection.in_atomic_block
    with (
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        if not outer:  # every table read from one snapshot of the database
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        archive.writestr("ddl.json", json.dumps(ddl.as_dict(), indent=1))
        for table in table_names(schema):
            columns = _columns(schema, table)
            column_list = ", ".join(q(c) for c in columns)
            name = f"data/{table}.copy"
            with archive.open(name, "w") as member:
                for chunk in _copy_out(
                    cursor, f"COPY {q(schema)}.{q(table)} ({column_list}) TO STDOUT"
                ):
                    member.write(bytes(chunk))
            rows = cursor.cursor.rowcount
            tables[table] = {"file": name, "columns": columns, "rows": rows}
            summary.rows += rows
        summary.tables = len(tables)
        summary.manifest = {
            "format": BACKUP_FORMAT,
            "schema": schema,
            "tables": tables,
            "checksum": schema_checksum(schema),
        }
        archive.writestr("manifest.json", json.dumps(summary.manifest, indent=1))
    return summary


def read_manifest(path_or_file) -> dict:
    with zipfile.ZipFile(path_or_file) as archive:
        return json.loads(archive.read("manifest.json"))


def restore_backup(source, schema: str) -> dict:
    """Rebuild `schema` from a backup ZIP (a path or file object). Returns its manifest.

    Restoring into a different schema name than the one backed up is allowed (restore
    next to the live city to compare), since the DDL carries no schema name.
    """
    with zipfile.ZipFile(source) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") != BACKUP_FORMAT:
            raise ValueError("Not a Sinergi backup file.")
        ddl = SchemaDDL.from_dict(json.loads(archive.read("ddl.json")))

        def load(cursor, target: str) -> None:
            for table, info in manifest["tables"].items():
                column_list = ", ".join(q(c) for c in info["columns"])
                with (
                    archive.open(info["file"]) as member,
                    cursor.cursor.copy(
                        f"COPY {q(target)}.{q(table)} ({column_list}) FROM STDIN"
                    ) as copy,
                ):
                    while chunk := member.read(1 << 20):
                        copy.write(chunk)

        rebuild_schema(schema, ddl, load)
    return manifest


# ---------------------------------------------------------------- export (CSV)
def write_export(schema: str, out: io.BufferedIOBase, *, meta: dict) -> ArchiveSummary:
    """A ZIP of one CSV per table (with header) and `manifest.json` describing them."""
    summary = ArchiveSummary()
    files = []
    with (
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        connection.cursor() as cursor,
    ):
        for table in table_names(schema):
            if table in EXPORT_SKIPPED_TABLES:
                continue
            skipped = EXPORT_SKIPPED_COLUMNS.get(table, frozenset())
            columns = [c for c in _columns(schema, table) if c not in skipped]
            column_list = ", ".join(q(c) for c in columns)
            name = f"{table}.csv"
            digest = hashlib.sha256()
            with archive.open(name, "w") as member:
                sql = (
                    f"COPY (SELECT {column_list} FROM {q(schema)}.{q(table)} ORDER BY 1) "
                    f"TO STDOUT WITH (FORMAT csv, HEADER true)"
                )
                for chunk in _copy_out(cursor, sql):
                    data = bytes(chunk)
                    digest.update(data)
                    member.write(data)
            rows = cursor.cursor.rowcount
            files.append(
                {
                    "table": table,
                    "file": name,
                    "columns": columns,
                    "rows": rows,
                    "sha256": digest.hexdigest(),
                }
            )
            summary.rows += rows
        summary.tables = len(files)
        summary.manifest = {
            "format": EXPORT_FORMAT,
            **meta,
            "schema": schema,
            "tables": files,
            "excluded_tables": sorted(EXPORT_SKIPPED_TABLES),
            "excluded_columns": {t: sorted(c) for t, c in EXPORT_SKIPPED_COLUMNS.items()},
        }
        archive.writestr("manifest.json", json.dumps(summary.manifest, indent=1, default=str))
    return summary
