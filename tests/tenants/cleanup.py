"""Removing cities that tests committed (browser tests, concurrency tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, connections, transaction


@contextmanager
def committed_city(blocker, slug: str, name: str, **provision) -> Iterator:
    """A city provisioned and committed for a test module (what an interrupted run left
    under `slug` dropped first), dropped again at the end, after this thread's
    connections are closed. `provision`: more arguments of `provision_city`."""
    from tenants.services import Actor, provision_city

    with blocker.unblock():
        drop_city(slug)
        city = provision_city(slug, name=name, actor=Actor(label="tests"), **provision).city
        connection.set_schema_to_public()
    try:
        yield city
    finally:
        with blocker.unblock():
            connections.close_all()
            drop_city(slug)


def drop_city(slug: str) -> None:
    """Remove a committed test city completely: schema, domains, history and row.

    Plain SQL rather than `City.delete()`: the ORM's cascade would visit every model
    that points at City, some of them other areas' work in progress.
    """
    from tenants.models import City
    from tenants.routing import forget_city_routes

    connection.set_schema_to_public()
    city = City.objects.filter(slug=slug).first()
    if city is None:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "city_{slug.replace("-", "_")}" CASCADE')
        return
    forget_city_routes(city)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{city.schema_name}" CASCADE')
        _delete_with_dependants(cursor, City._meta.db_table, "id = %s", [city.pk])


def _delete_with_dependants(cursor, table: str, where: str, params: list) -> None:
    """DELETE FROM table WHERE ..., first deleting every public row that points at them."""
    cursor.execute(
        """
        SELECT child.relname, att.attname
        FROM pg_constraint con
        JOIN pg_class child ON child.oid = con.conrelid
        JOIN pg_class parent ON parent.oid = con.confrelid
        JOIN pg_namespace ns ON ns.oid = child.relnamespace
        JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
        WHERE con.contype = 'f' AND parent.relname = %s AND ns.nspname = 'public'
          AND child.relname <> parent.relname
        """,
        [table],
    )
    for child, column in cursor.fetchall():
        _delete_with_dependants(
            cursor, child, f'"{column}" IN (SELECT id FROM "{table}" WHERE {where})', params
        )
    cursor.execute(f'DELETE FROM "{table}" WHERE {where}', params)
