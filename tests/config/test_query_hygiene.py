"""Query hygiene for a distributed future (Citus schema-based sharding), checked
statically on plain PostgreSQL: the SQL the code writes by hand must run unchanged
when every city schema lives on a worker. See platform/citus/README.md.

Each rule names the Citus error it prevents. SQL is found as the string literals
(f-strings with their holes filled by `x`) of the application packages that begin like
a SQL statement; migrations, tests and benchmarks are not scanned.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "core", "tenants", "onboarding", "catalog", "billing")
SQL_START = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|WITH|SET|COPY|TRUNCATE)\b"
)
TEMP_TABLE = r"_[a-z]\w*"  # temporary tables of this code base are named `_name`


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "x" for part in node.values
        )
    return None


def _sql_literals() -> list[tuple[str, int, str]]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), str(path))
            for node in ast.walk(tree):
                text = _literal_text(node)
                if text and SQL_START.match(text):
                    found.append((str(path.relative_to(ROOT)), node.lineno, text))
    return found


SQL = _sql_literals()


def _without_quoted(sql: str) -> str:
    """The SQL with its quoted strings and identifiers emptied and comments removed."""
    sql = re.sub(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", "''", sql)
    return re.sub(r"--[^\n]*", "", sql)


def _offenders(predicate) -> list[str]:
    return [f"{path}:{line}" for path, line, text in SQL if predicate(_without_quoted(text))]


def test_the_scan_finds_the_hand_written_sql():
    assert len(SQL) > 50
    assert any(path.endswith("import_checks.py") for path, _, _ in SQL)


def test_no_statement_string_holds_several_commands():
    # "cannot insert multiple commands into a prepared statement (while executing
    # command on <worker>)": Citus forwards a DDL command's query string to the worker.
    assert _offenders(lambda sql: ";" in sql.strip().rstrip(";")) == []


# Session commands that Citus never forwards to a worker.
JOINED_ALLOWED = {"core/leases.py": "RESET of session settings after a lease"}


def test_no_statements_are_joined_into_one_string():
    pattern = re.compile(r"""["'];\s*(\\n)?\s*["']\s*\.join""")
    offenders = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = str(path.relative_to(ROOT))
            if "migrations" in path.parts or name in JOINED_ALLOWED:
                continue
            if pattern.search(path.read_text()):
                offenders.append(name)
    assert offenders == []


def test_setval_takes_a_value_read_first():
    # "value 45 is out of bounds for sequence ...": a setval over a city table's rows
    # runs on the worker, whose copy of the sequence has another range.
    assert _offenders(lambda sql: re.search(r"setval\([^;]*\(\s*SELECT", sql, re.I)) == []
    assert _offenders(lambda sql: re.search(r"SELECT\s+setval\(.*\bFROM\b", sql, re.I | re.S)) == []


def test_no_correlated_anti_join_over_a_temporary_table():
    # "direct joins between distributed and local tables are not supported": Citus
    # plans a temporary table as a subquery of a join, not inside a correlated
    # subquery of a city table. Write LEFT JOIN ... IS NULL.
    pattern = re.compile(rf"NOT\s+EXISTS\s*\(\s*SELECT\b[^()]*\bFROM\s+{TEMP_TABLE}\b", re.I)
    assert _offenders(pattern.search) == []


def test_updates_use_only_immutable_functions_over_columns():
    # "STABLE functions used in UPDATE queries cannot be called with column references"
    # and "functions used in the DO UPDATE SET clause ... must be marked IMMUTABLE".
    stable = re.compile(r"\b(CONCAT_WS|CONCAT|CONVERT_TO|FORMAT|TO_CHAR|NOW)\s*\(", re.I)

    def offends(sql: str) -> bool:
        update = re.search(r"\bUPDATE\b.*?\bSET\b(.*)", sql, re.I | re.S)
        return bool(update and stable.search(update.group(1)))

    assert _offenders(offends) == []


def test_no_create_schema_if_not_exists():
    # On Citus it turns an existing schema (the template) into a distributed schema.
    pattern = re.compile(r"CREATE\s+SCHEMA\s+IF\s+NOT\s+EXISTS", re.I)
    assert _offenders(pattern.search) == []


@pytest.mark.parametrize("model", apps.get_models(), ids=lambda m: m._meta.label)
def test_no_city_table_references_a_public_one(model):
    # A city schema is placed whole on one worker: a foreign key to a public table
    # would need that table on every worker (a reference table). None is needed today.
    def tenant(m) -> bool:
        return m._meta.app_config.name in settings.TENANT_APPS

    if not tenant(model) or model._meta.app_config.name in settings.SHARED_APPS:
        return
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if related is not None and field.concrete:
            assert tenant(related), f"{model._meta.label}.{field.name} -> {related._meta.label}"


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("people_employee", "grade"),
        ("t" * 40, "c" * 40),  # both shortened
        ("performance_monthlyresult_with_a_long_name", "n"),
        ("x", "a_very_long_column_name_that_goes_beyond_what_fits_in_a_name_x"),
    ],
)
def test_named_checks_are_the_names_postgresql_chooses(db, table, column):
    # config.postgresql_backend names every column CHECK (Citus refuses unnamed ones in
    # ADD COLUMN); the name must be PostgreSQL's own so catalogs stay identical.
    from django.db import connection

    from config.postgresql_backend.base import postgres_constraint_name

    with connection.cursor() as cursor:
        cursor.execute(f'CREATE TEMP TABLE "{table}" ("{column}" integer CHECK ("{column}" >= 0))')
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'c'",
            [f'pg_temp."{table}"'],
        )
        (name,) = cursor.fetchone()
        cursor.execute(f'DROP TABLE pg_temp."{table}"')
    assert postgres_constraint_name(table, column) == name


def test_the_backend_writes_the_check_name_in_create_and_add_column(db):
    from django.db import connection, models

    class Sample(models.Model):
        amount = models.PositiveIntegerField()

        class Meta:
            app_label = "tests_hygiene"
            db_table = "hygiene_sample"

        def __str__(self) -> str:
            return str(self.amount)

    with connection.schema_editor(collect_sql=True) as editor:
        editor.create_model(Sample)
        field = models.PositiveSmallIntegerField(default=0)
        field.set_attributes_from_name("count")
        editor.add_field(Sample, field)
    sql = "\n".join(editor.collected_sql)
    assert 'CONSTRAINT "hygiene_sample_amount_check" CHECK ("amount" >= 0)' in sql
    assert 'CONSTRAINT "hygiene_sample_count_check" CHECK ("count" >= 0)' in sql
