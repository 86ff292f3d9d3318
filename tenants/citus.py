"""What the platform needs to know about Citus, and nothing more.

With Citus schema-based sharding (`citus.enable_schema_based_sharding = on`) every
`CREATE SCHEMA` makes a distributed schema placed whole on one worker. The code runs
unchanged on plain PostgreSQL; the few places that must behave differently on Citus
ask `citus_present()`. See platform/citus/README.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


def citus_present(cursor=None) -> bool:
    """True when the current database has the citus extension (checked on each call:
    it is one catalog lookup, and only DDL paths ask)."""
    if cursor is None:
        with connection.cursor() as own:
            return citus_present(own)
    cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')")
    return bool(cursor.fetchone()[0])


@contextmanager
def schemas_stay_local(cursor) -> Iterator[None]:
    """Within the block, `CREATE SCHEMA` makes a plain coordinator schema.

    For the template schema: it is read by the schema builder, never by requests, and
    must not move to a worker. `SET LOCAL` (this transaction only), and the previous
    value is put back after the block, since a city may be created next in the same
    transaction. A no-op on plain PostgreSQL. Call inside a transaction.
    """
    if not citus_present(cursor):
        yield
        return
    cursor.execute("SELECT current_setting('citus.enable_schema_based_sharding')")
    (previous,) = cursor.fetchone()
    cursor.execute("SET LOCAL citus.enable_schema_based_sharding = off")
    try:
        yield
    finally:
        cursor.execute(
            "SELECT set_config('citus.enable_schema_based_sharding', %s, true)", [previous]
        )


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
