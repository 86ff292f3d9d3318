"""Build a city's schema from the DDL of a migrated template schema.

Replaying every migration for each new city costs seconds and grows with the
project's history. Instead, one schema (`CITY_TEMPLATE_SCHEMA`) is migrated the
normal way; its catalog is read once into a DDL script (tables, identity columns,
constraints, indexes, triggers, plus the rows Django seeds such as
`django_migrations` and content types), and each new city runs that script in one
transaction. `describe_schema` reads the same catalog facts so a test can prove a
built schema equals a migrated one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from config.sql import quote_identifier
from core.db import tenant_connection
from tenants.citus import schemas_stay_local


def template_schema() -> str:
    return settings.CITY_TEMPLATE_SCHEMA


_q = quote_identifier  # config.sql: the one identifier quoting


# ---------------------------------------------------------------- catalog reading
_TABLES_SQL = """
SELECT c.oid, c.relname, c.relkind
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relkind IN ('r', 'p')
ORDER BY c.relname
"""

_COLUMNS_SQL = """
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
       CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
       pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname)
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum
"""

# Primary keys, unique and exclusion constraints and checks first, foreign keys last.
_CONSTRAINTS_SQL = """
SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid)
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND k.contype IN ('p', 'u', 'x', 'c', 'f')
ORDER BY (k.contype = 'f'), c.relname, k.conname
"""

_INDEXES_SQL = """
SELECT c.relname, ic.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s
  AND NOT EXISTS (
      SELECT 1 FROM pg_constraint k
      WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')
  )
ORDER BY c.relname, ic.relname
"""

_TRIGGERS_SQL = """
SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid)
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND NOT t.tgisinternal
ORDER BY c.relname, t.tgname
"""

_SEQUENCES_SQL = """
SELECT s.relname
FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
WHERE n.nspname = %s AND s.relkind = 'S'
  AND NOT EXISTS (
      SELECT 1 FROM pg_depend d WHERE d.objid = s.oid AND d.deptype IN ('a', 'i')
  )
ORDER BY s.relname
"""


def _fetch(cursor, sql: str, schema: str) -> list[tuple]:
    cursor.execute(sql, [schema])
    return cursor.fetchall()


def _unqualify(text: str, schema: str) -> str:
    """Remove `schema.` qualifiers, which pg_get_indexdef and friends always print."""
    return text.replace(f"{_q(schema)}.", "").replace(f"{schema}.", "")


@dataclass(frozen=True)
class SchemaDescription:
    """The catalog facts that define a schema, with its own name taken out."""

    columns: frozenset[tuple]
    constraints: frozenset[tuple]
    indexes: frozenset[tuple]
    triggers: frozenset[tuple]
    sequences: frozenset[str]


def describe_schema(schema: str) -> SchemaDescription:
    with connection.cursor() as cursor:
        columns = [
            (
                *row[:4],
                _unqualify(row[4] or "", schema),
                *row[5:8],
                _unqualify(row[8] or "", schema),
            )
            for row in _fetch(cursor, _COLUMNS_SQL, schema)
        ]
        constraints = [
            (table, name, kind, _unqualify(definition, schema))
            for table, name, kind, definition in _fetch(cursor, _CONSTRAINTS_SQL, schema)
        ]
        indexes = [
            (table, name, _unqualify(definition, schema))
            for table, name, definition in _fetch(cursor, _INDEXES_SQL, schema)
        ]
        triggers = [
            (table, name, _unqualify(definition, schema))
            for table, name, definition in _fetch(cursor, _TRIGGERS_SQL, schema)
        ]
        sequences = [name for (name,) in _fetch(cursor, _SEQUENCES_SQL, schema)]
    return SchemaDescription(
        frozenset(columns),
        frozenset(constraints),
        frozenset(indexes),
        frozenset(triggers),
        frozenset(sequences),
    )


# ---------------------------------------------------------------- DDL generation
def _column_sql(type_, notnull, default, identity, generated, collation, sequence, schema) -> str:
    parts = [type_]
    if collation:
        parts.append(f"COLLATE {_q(collation)}")
    if identity:
        kind = "ALWAYS" if identity == "a" else "BY DEFAULT"
        sequence_name = _unqualify(sequence, schema)
        parts.append(f"GENERATED {kind} AS IDENTITY (SEQUENCE NAME {sequence_name})")
    elif generated == "s":
        parts.append(f"GENERATED ALWAYS AS ({_unqualify(default, schema)}) STORED")
    elif default is not None:
        parts.append(f"DEFAULT {_unqualify(default, schema)}")
    if notnull:
        parts.append("NOT NULL")
    return " ".join(parts)


def _generate_ddl(schema: str) -> tuple[list[str], list[str]]:
    """(DDL statements, tables holding seed rows) for a schema, without its name in it.

    The statements are run one at a time: Citus forwards a DDL command's whole query
    string to the worker, and a string of several commands is refused there.
    """
    statements: list[str] = []
    with connection.cursor() as cursor:
        tables = _fetch(cursor, _TABLES_SQL, schema)
        if any(kind == "p" for _, _, kind in tables):
            raise RuntimeError("Partitioned tables are not supported by the schema builder.")
        columns_by_table: dict[str, list[str]] = {}
        identity_columns: dict[str, str] = {}
        for (
            table,
            column,
            type_,
            notnull,
            default,
            identity,
            generated,
            collation,
            sequence,
        ) in _fetch(cursor, _COLUMNS_SQL, schema):
            columns_by_table.setdefault(table, []).append(
                f"{_q(column)} "
                + _column_sql(
                    type_, notnull, default, identity, generated, collation, sequence, schema
                )
            )
            if identity:
                identity_columns[table] = column
        for (name,) in _fetch(cursor, _SEQUENCES_SQL, schema):
            statements.append(f"CREATE SEQUENCE {_q(name)}")
        for _, table, _ in tables:
            statements.append(f"CREATE TABLE {_q(table)} ({', '.join(columns_by_table[table])})")
        for table, name, _, definition in _fetch(cursor, _CONSTRAINTS_SQL, schema):
            definition = _unqualify(definition, schema)
            statements.append(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {definition}")
        for _, _, definition in _fetch(cursor, _INDEXES_SQL, schema):
            statements.append(_unqualify(definition, schema))
        for _, _, definition in _fetch(cursor, _TRIGGERS_SQL, schema):
            statements.append(_unqualify(definition, schema))
        seeded = []
        for _, table, _ in tables:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_q(schema)}.{_q(table)})")
            if cursor.fetchone()[0]:
                seeded.append(table)
                statements.append(f"INSERT INTO {_q(table)} SELECT * FROM {_q(schema)}.{_q(table)}")
                if table in identity_columns:
                    # The value is read now and written as a literal: on Citus a
                    # `setval(..., (SELECT max(...) FROM city_table))` is pushed whole to
                    # the worker, whose copy of the sequence has another range.
                    column = identity_columns[table]
                    cursor.execute(
                        f"SELECT COALESCE(MAX({_q(column)}), 1) FROM {_q(schema)}.{_q(table)}"
                    )
                    (last,) = cursor.fetchone()
                    statements.append(
                        f"SELECT setval(pg_get_serial_sequence('{_q(table)}', '{column}'), "
                        f"{int(last)})"
                    )
    return statements, seeded


# ---------------------------------------------------------------- the template schema
@cache
def expected_migrations() -> frozenset[tuple[str, str]]:
    """Every migration the code ships (a city records them all, like django-tenants)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def applied_migrations(schema: str) -> frozenset[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f"{_q(schema)}.django_migrations"])
        if cursor.fetchone()[0] is None:
            return frozenset()
        cursor.execute(f"SELECT app, name FROM {_q(schema)}.django_migrations")
        return frozenset(cursor.fetchall())


def migrate_schema(schema: str) -> int:
    """Apply pending migrations to one city-like schema in one transaction.

    Returns how many migrations were applied. The schema is created if missing.
    """
    previous = tenant_connection().schema_name
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
                if cursor.fetchone() is None:
                    # Not `CREATE SCHEMA IF NOT EXISTS`: on Citus that statement makes an
                    # existing schema distributed even when it creates nothing.
                    if schema == template_schema():
                        with schemas_stay_local(cursor):
                            cursor.execute(f"CREATE SCHEMA {_q(schema)}")
                    else:
                        cursor.execute(f"CREATE SCHEMA {_q(schema)}")
            tenant_connection().set_schema(schema, include_public=False)
            executor = MigrationExecutor(connection)
            targets = executor.loader.graph.leaf_nodes()
            plan = executor.migration_plan(targets)
            if plan:
                executor.migrate(targets, plan=plan)
                _emit_post_migrate()
        return len(plan)
    finally:
        tenant_connection().set_schema(previous)


def _emit_post_migrate() -> None:
    """Create content types and permissions, as `migrate` does after its plan."""
    from django.apps import apps
    from django.core.management.sql import emit_post_migrate_signal

    emit_post_migrate_signal(0, False, connection.alias, apps=apps)


_ddl_lock = threading.Lock()
_ddl_cache: dict[frozenset, tuple[str, ...]] = {}


def city_schema_ddl() -> tuple[str, ...]:
    """The DDL statements for a new city, from an up-to-date template schema."""
    schema = template_schema()
    applied = applied_migrations(schema)
    if not expected_migrations() <= applied:
        migrate_schema(schema)
        applied = applied_migrations(schema)
    with _ddl_lock:
        if applied not in _ddl_cache:
            _ddl_cache.clear()
            statements, _ = _generate_ddl(schema)
            _ddl_cache[applied] = tuple(statements)
        return _ddl_cache[applied]


def execute_each(cursor, statements) -> None:
    """Run SQL statements one `execute` each, pipelined.

    One command per statement, never one multi-command string: Citus forwards a DDL
    command's whole query string to the worker, which refuses several. The pipeline
    (psycopg's pipeline mode) sends them without waiting for each answer, so hundreds
    of statements cost about what one script did. Errors are raised at the end of the
    pipeline, and the transaction is then aborted as before.
    """
    with connection.connection.pipeline():
        for statement in statements:
            cursor.execute(statement)


def build_city_schema(schema: str) -> None:
    """Create `schema` and everything in it. Call inside a transaction."""
    ddl = city_schema_ddl()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {_q(schema)}")
        cursor.execute(f"SET LOCAL search_path = {_q(schema)}, public")
        execute_each(cursor, ddl)
    tenant_connection().search_path_set_schemas = None  # the next cursor sets the path again
