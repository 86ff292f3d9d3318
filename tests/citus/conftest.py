import pytest
from django.db import connection

from tenants.citus import citus_present


@pytest.fixture
def cluster(db) -> None:
    """Skip unless the test database is a Citus coordinator (make test-citus)."""
    if not citus_present():
        pytest.skip("not a Citus cluster: run `make test-citus` with the local cluster up")
    return None


def run_outside_transaction(sql: str, params: list | None = None) -> list[tuple]:
    """Run `sql` on a connection of its own in autocommit (shard moves refuse to run
    inside a transaction block, and the test's own transaction is rolled back)."""
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    ) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []
