"""django-tenants' PostgreSQL backend, with every column CHECK constraint named.

Django writes the CHECK of a field such as `PositiveIntegerField` inline and unnamed
(`"n" integer NOT NULL CHECK ("n" >= 0)`) and lets PostgreSQL choose the name. Citus
refuses `ALTER TABLE ... ADD COLUMN` with an unnamed constraint on a distributed table
("all constraints in Citus must have explicit names"), so a migration adding such a
field would fail on every city. This backend writes the name PostgreSQL itself would
have chosen (`<table>_<column>_check`, shortened the same way to 63 bytes), so the
catalog is identical to before on plain PostgreSQL and existing databases need no
migration. See platform/citus/README.md.
"""

from __future__ import annotations

from django.db.backends.postgresql.schema import DatabaseSchemaEditor as PostgresSchemaEditor
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper

NAMEDATALEN = 64


def _clip(text: str, limit: int) -> str:
    """The longest prefix of `text` of at most `limit` UTF-8 bytes (pg_mbcliplen)."""
    encoded = text.encode()
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode(errors="ignore")


def postgres_constraint_name(table: str, column: str, label: str = "check") -> str:
    """The name PostgreSQL's makeObjectName gives a column constraint: `table_column_label`,
    shortening the longer of table and column first until it fits in 63 bytes."""
    available = NAMEDATALEN - 1 - (len(label.encode()) + 1) - 1
    name1, name2 = len(table.encode()), len(column.encode())
    while name1 + name2 > available:
        if name1 > name2:
            name1 -= 1
        else:
            name2 -= 1
    return f"{_clip(table, name1)}_{_clip(column, name2)}_{label}"


class DatabaseSchemaEditor(PostgresSchemaEditor):
    # Set by column_sql for a field with a CHECK; read once by the CHECK that follows it
    # in create_model / add_field (Django appends `sql_check_constraint` right after).
    _pending_check_name: str | None = None

    def column_sql(self, model, field, include_default=False):
        if field.db_parameters(connection=self.connection)["check"]:
            self._pending_check_name = postgres_constraint_name(model._meta.db_table, field.column)
        return super().column_sql(model, field, include_default=include_default)

    @property
    def sql_check_constraint(self) -> str:  # type: ignore[override]
        name, self._pending_check_name = self._pending_check_name, None
        if name is None:
            return "CHECK (%(check)s)"
        return f"CONSTRAINT {self.quote_name(name)} CHECK (%(check)s)"


class DatabaseWrapper(TenantDatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor
