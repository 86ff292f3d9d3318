"""Removing cities that tests committed (browser tests, concurrency tests)."""

from __future__ import annotations

from django.db import connection, transaction


def drop_city(slug: str) -> None:
    """Remove a committed test city completely: schema, domains, history and row.

    Plain SQL rather than `City.delete()`: the ORM's cascade would visit every model
    that points at City, some of them other areas' work in progress.
    """
    from tenants.models import City, CityStatusChange, Domain
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
        for model, column in ((CityStatusChange, "city_id"), (Domain, "tenant_id"), (City, "id")):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {column} = %s", [city.pk])
