"""What the platform needs to know about Citus, and nothing more.

With Citus schema-based sharding (`citus.enable_schema_based_sharding = on`) every
`CREATE SCHEMA` makes a distributed schema placed whole on one worker. The code runs
unchanged on plain PostgreSQL; the few places that must behave differently on Citus
ask `citus_present()`. See platform/citus/README.md.
"""

from __future__ import annotations

from django.db import connection


def citus_present(cursor=None) -> bool:
    """True when the current database has the citus extension (checked on each call:
    it is one catalog lookup, and only DDL paths ask)."""
    if cursor is None:
        with connection.cursor() as own:
            return citus_present(own)
    cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')")
    return bool(cursor.fetchone()[0])


def keep_next_schema_local(cursor) -> None:
    """Make the next `CREATE SCHEMA` of this transaction a plain coordinator schema.

    For the template schema: it is read by the schema builder, never by requests, and
    must not move to a worker. A no-op on plain PostgreSQL. Call inside a transaction.
    """
    if citus_present(cursor):
        cursor.execute("SET LOCAL citus.enable_schema_based_sharding = off")


def is_distributed_schema(schema: str) -> bool:
    """True when `schema` is a Citus distributed schema (False on plain PostgreSQL)."""
    with connection.cursor() as cursor:
        if not citus_present(cursor):
            return False
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_dist_schema WHERE schemaid = to_regnamespace(%s))",
            [schema],
        )
        return bool(cursor.fetchone()[0])
