"""`manage.py migrate_cities`: skip current cities, migrate stale ones (in parallel), and
on a failure name the city, roll it back whole and start no more."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tenants import city_migrations, schema_builder
from tenants.city_migrations import CitySchema, city_schemas, stale_cities
from tenants.services import Actor, provision_city
from tests.tenants.cleanup import drop_city


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("migrate_cities", "--no-progress", *args, stdout=out)
    return out.getvalue()


def counts(output: str) -> tuple[int, int]:
    match = re.search(r"current (\d+), to migrate (\d+)", output)
    return int(match[1]), int(match[2])


def make_stale(schema: str, *, drop_table: bool) -> None:
    """Make `schema` miss migrations.

    With `drop_table`, really undo the authtoken migrations (table and records); without,
    forget only the record of authtoken's last migration, which changes no table.
    """
    with connection.cursor() as cursor:
        if drop_table:
            cursor.execute(f'DROP TABLE "{schema}".authtoken_token CASCADE')
            cursor.execute(f"DELETE FROM \"{schema}\".django_migrations WHERE app = 'authtoken'")
        else:
            cursor.execute(
                f'DELETE FROM "{schema}".django_migrations '
                "WHERE app = 'authtoken' AND name = '0004_alter_tokenproxy_options'"
            )


def table_exists(schema: str, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f'"{schema}".{table}'])
        return cursor.fetchone()[0] is not None


def test_current_cities_are_skipped(surabaya, jambi):
    output = run("--processes", "1")
    current, to_migrate = counts(output)
    assert to_migrate == 0
    assert current >= 2


def test_finding_stale_cities_takes_a_fixed_number_of_queries(
    surabaya, jambi, django_assert_num_queries
):
    cities = city_schemas()
    with django_assert_num_queries(2):
        assert stale_cities(cities) == []
    make_stale(surabaya.schema_name, drop_table=False)
    assert stale_cities(cities) == [CitySchema("surabaya", "city_surabaya")]


def test_stale_city_is_migrated_back_to_the_template(surabaya):
    make_stale(surabaya.schema_name, drop_table=True)
    assert not table_exists(surabaya.schema_name, "authtoken_token")

    output = run("--processes", "1")

    assert counts(output)[1] == 1
    assert "Migrated: 1" in output
    assert table_exists(surabaya.schema_name, "authtoken_token")
    template = schema_builder.template_schema()
    assert schema_builder.describe_schema(surabaya.schema_name) == schema_builder.describe_schema(
        template
    )
    assert stale_cities(city_schemas()) == []


def test_failure_names_the_city_and_leaves_it_unmigrated(surabaya, monkeypatch):
    make_stale(surabaya.schema_name, drop_table=True)

    real_emit = schema_builder._emit_post_migrate

    def fail_after_migrating() -> None:
        if connection.schema_name != "city_surabaya":  # the template, when code just changed
            return real_emit()
        assert table_exists("city_surabaya", "authtoken_token")  # applied, then...
        raise RuntimeError("permission seed failed")

    monkeypatch.setattr(schema_builder, "_emit_post_migrate", fail_after_migrating)
    with pytest.raises(CommandError, match="surabaya") as error:
        run("--processes", "1")

    assert "permission seed failed" in str(error.value)
    assert not table_exists(surabaya.schema_name, "authtoken_token")  # rolled back whole
    assert stale_cities(city_schemas()) == [CitySchema("surabaya", "city_surabaya")]


def test_failure_stops_new_cities_from_starting(surabaya, jambi, monkeypatch):
    make_stale(jambi.schema_name, drop_table=False)
    make_stale(surabaya.schema_name, drop_table=False)
    real = city_migrations.migrate_city

    def migrate_city(schema: str) -> int:
        if schema == "city_jambi":
            raise RuntimeError("disk full")
        return real(schema)

    monkeypatch.setattr(city_migrations, "migrate_city", migrate_city)
    with pytest.raises(CommandError) as error:
        run("--processes", "1")

    message = str(error.value)
    assert "city jambi" in message and "disk full" in message
    assert "1 city(ies) not started" in message
    stale = {city.slug for city in stale_cities(city_schemas())}
    assert stale == {"jambi", "surabaya"}  # surabaya was never started


def test_no_cities_at_all(db):
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute("DELETE FROM tenants_citystatuschange")
        cursor.execute("DELETE FROM tenants_domain")
        cursor.execute("DELETE FROM tenants_city")
    output = run("--processes", "2")
    assert "Cities: 0, current 0, to migrate 0." in output


def test_processes_must_be_positive(db):
    with pytest.raises(CommandError, match="at least 1"):
        run("--processes", "0")


def test_parallel_workers_migrate_committed_cities_and_a_rerun_has_nothing_to_do(
    django_db_blocker,
):
    """Worker processes see only committed data, so this test commits and cleans up."""
    slugs = ["uji-migrasi-a", "uji-migrasi-b", "uji-migrasi-c"]
    with django_db_blocker.unblock():
        try:
            for slug in slugs:
                drop_city(slug)
                provision_city(slug, name=f"Kota {slug}", actor=Actor(label="tests"))
            make_stale("city_uji_migrasi_a", drop_table=True)
            make_stale("city_uji_migrasi_b", drop_table=True)
            make_stale("city_uji_migrasi_c", drop_table=False)

            first = run("--processes", "2")
            second = run("--processes", "2")

            assert counts(first)[1] == 3
            assert "Migrated: 3" in first
            assert counts(second)[1] == 0
            assert table_exists("city_uji_migrasi_a", "authtoken_token")
            assert table_exists("city_uji_migrasi_b", "authtoken_token")
            assert stale_cities(city_schemas()) == []
        finally:
            connection.set_schema_to_public()
            for slug in slugs:
                drop_city(slug)
