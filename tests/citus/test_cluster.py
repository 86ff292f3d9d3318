"""On a Citus coordinator: every city is a distributed schema placed whole on a worker,
the template and public stay on the coordinator, and a city moves between workers with
its data and keeps answering requests. Skipped on plain PostgreSQL."""

import time

import pytest
from django.db import connection

from core.accounts.models import User
from tenants.citus import is_distributed_schema
from tests.citus.conftest import run_outside_transaction
from tests.conftest import client_for, in_city


def _placement(schema: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT s.nodeport FROM citus_shards s "
            "JOIN pg_class c ON c.oid = s.table_name "
            "WHERE c.relnamespace = %s::regnamespace",
            [schema],
        )
        return {port for (port,) in cursor.fetchall()}


def test_every_city_is_a_distributed_schema_on_one_worker(cluster, surabaya, jambi):
    with connection.cursor() as cursor:
        cursor.execute("SELECT groupid, nodeport FROM pg_dist_node WHERE groupid > 0")
        workers = {port for _, port in cursor.fetchall()}
    for city in (surabaya, jambi):
        assert is_distributed_schema(city.schema_name)
        placement = _placement(city.schema_name)
        assert len(placement) == 1 and placement <= workers, placement


def test_template_and_public_stay_on_the_coordinator(cluster, settings):
    assert not is_distributed_schema(settings.CITY_TEMPLATE_SCHEMA)
    assert not is_distributed_schema("public")


def test_no_foreign_key_crosses_schemas(cluster):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint k "
            "JOIN pg_class a ON a.oid = k.conrelid JOIN pg_class b ON b.oid = k.confrelid "
            "WHERE k.contype = 'f' AND a.relnamespace <> b.relnamespace"
        )
        assert cursor.fetchone()[0] == 0


def test_every_check_constraint_is_named_as_postgresql_would(cluster, surabaya):
    from config.postgresql_backend.base import postgres_constraint_name

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attname, k.conname FROM pg_constraint k "
            "JOIN pg_class c ON c.oid = k.conrelid "
            "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
            "WHERE k.contype = 'c' AND cardinality(k.conkey) = 1 "
            "AND k.connamespace = to_regnamespace(%s) AND k.conname LIKE '%%_check'",
            [surabaya.schema_name],
        )
        rows = cursor.fetchall()
    assert rows
    for table, column, name in rows:
        assert name == postgres_constraint_name(table, column)


def _move(schema: str, port: int, attempts: int = 10) -> None:
    """citus_schema_move, retried while the shards a previous move left behind on the
    target are still being dropped (Citus drops them lazily, after their last reader)."""
    import psycopg

    for attempt in range(attempts):
        try:
            run_outside_transaction("CALL citus_cleanup_orphaned_resources()")
            run_outside_transaction(
                "SELECT citus_schema_move(%s::regnamespace, '127.0.0.1', %s, "
                "shard_transfer_mode => 'block_writes')",
                [schema, port],
            )
            return
        except psycopg.errors.InternalError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.5)


@pytest.mark.django_db
def test_a_city_moves_to_the_other_worker_with_its_data(cluster, jambi):
    # Counted on a connection of its own: the test's transaction touches jambi only
    # after the move, so it holds no lock the move waits for.
    table = f'"{jambi.schema_name}"."{User._meta.db_table}"'
    ((users,),) = run_outside_transaction(f"SELECT count(*) FROM {table}")
    (source,) = _placement(jambi.schema_name)
    (target,) = run_outside_transaction(
        "SELECT nodeport FROM pg_dist_node WHERE groupid > 0 AND nodeport <> %s LIMIT 1",
        [source],
    )[0]
    _move(jambi.schema_name, target)
    try:
        assert _placement(jambi.schema_name) == {target}
        with in_city(jambi):
            assert User.objects.count() == users
        assert client_for(jambi).get("/accounts/login/").status_code == 200
    finally:
        _move(jambi.schema_name, source)
    back = run_outside_transaction(
        "SELECT DISTINCT s.nodeport FROM citus_shards s "
        "JOIN pg_class c ON c.oid = s.table_name "
        "WHERE c.relnamespace = %s::regnamespace",
        [jambi.schema_name],
    )
    assert back == [(source,)]
