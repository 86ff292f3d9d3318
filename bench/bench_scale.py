"""The cost of the 500th city: provisioning at 500 cities vs at 1, and a no-op migration.

500 cities are provisioned one after the other through the fast path, each timed.
The first figure compares the median of cities 491-500 with that of cities 1-10:
provisioning must not slow down as the catalog fills with schemas. Alongside both
windows the same DDL script runs through bare psycopg (interleaved), which shows how
much of any change is PostgreSQL's own and how much a burst of load from elsewhere.

Then the deploy-time command `migrate_cities` runs with nothing to apply across the
500 cities (and the public schema). Its lower bound is one SQL statement that reads
the `django_migrations` table of every city, which any "is this city current?" check
has to do at least.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

from bench.context import Context
from bench.figures import Figure, RatioAtMost, ValueAtMost
from bench.timing import interleave, measure, stopwatch

SETUP_WORKERS = 2


def run(ctx: Context) -> list[Figure]:
    from tenants.schema_builder import city_schema_ddl

    count, window = ctx.scale(500, 20), ctx.scale(10, 3)
    # The lower bound sends the builder's statements as one script (one round trip);
    # provision_city runs them one `execute` each, as Citus requires.
    ddl = ";\n".join(city_schema_ddl()) + ";\n"
    # The first provisioning in a process pays one-off costs (imports, caches, prepared
    # plans); a warm-up city, dropped again, keeps them out of city #1.
    ctx.provision(ctx.new_slug("warmup"))
    ctx.drop_cities()

    with ctx.direct_connection() as conn:

        def lower_bound(_i: int) -> None:
            schema = f"bound_{ctx.new_slug('scale-ddl').replace('-', '_')}"
            with conn.transaction():
                conn.execute(f'CREATE SCHEMA "{schema}"')
                conn.execute(f'SET LOCAL search_path = "{schema}", public')
                conn.execute(ddl)

        cities: list = []

        def fast_path(_i: int) -> None:
            cities.append(ctx.provision(ctx.new_slug("scale")).city)

        at_first = interleave({"fast": fast_path, "ddl": lower_bound}, rounds=window, warmup=0)
        with stopwatch() as middle_seconds:
            middle, _ = ctx.make_cities(count - 2 * window, "scale", workers=SETUP_WORKERS)
        cities += middle
        at_last = interleave({"fast": fast_path, "ddl": lower_bound}, rounds=window, warmup=0)

    first, last = at_first.stat("fast"), at_last.stat("fast")
    figures = [
        Figure(
            f"Provision city #{count - window + 1}-{count} (fast path)",
            last,
            baseline=first,
            baseline_label=f"cities #1-{window}",
            target=RatioAtMost(1.5),
        ),
        Figure(
            f"Lower bound: same DDL via psycopg at city #{count}",
            at_last.stat("ddl"),
            baseline=at_first.stat("ddl"),
            baseline_label="same, at city #1",
        ),
    ]
    ctx.note(
        f"Cities #{window + 1}-{count - window} were provisioned by {SETUP_WORKERS} threads "
        f"at once, in {middle_seconds[0]:.1f} s (set-up only, not a figure); the two timed "
        f"windows ran alone, each interleaved with {window} runs of the lower bound."
    )
    ctx.note(catalog_note())
    figures += migration_figures(ctx, [city.schema_name for city in cities])
    return figures


def catalog_note() -> str:
    """PostgreSQL's catalog size at the end, beside its buffer cache size."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))), "
            "(SELECT count(*) FROM pg_class), current_setting('shared_buffers') "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'pg_catalog'"
        )
        size, relations, buffers = cursor.fetchone()
    return (
        f"At the end: {relations:,} relations, system catalog {size}, shared_buffers "
        f"{buffers} (the catalog every CREATE TABLE and CREATE INDEX of city #500 works in)."
    )


def migration_figures(ctx: Context, schemas: list[str]) -> list[Figure]:
    from django.core.management import call_command, get_commands

    if "migrate_cities" not in get_commands():
        ctx.note(
            "`migrate_cities` is not in this checkout yet: the no-op migration is not measured."
        )
        return []
    repeat = ctx.scale(3, 1)

    def migrate(_i: int) -> None:
        sink = io.StringIO()
        with redirect_stdout(sink), redirect_stderr(sink):
            call_command("migrate_cities", no_progress=True, stdout=sink, stderr=sink)

    from tenants.city_migrations import city_schemas, stale_cities

    cities = city_schemas()
    if len(cities) != len(schemas) or stale_cities(cities):
        raise RuntimeError("Some cities are behind: a migration run would not be a no-op.")
    noop = measure(migrate, repeat=repeat, warmup=0)
    union = " UNION ALL ".join(
        f'SELECT app, name FROM "{schema}".django_migrations' for schema in schemas
    )
    with ctx.direct_connection(autocommit=True) as conn:

        def read_all(_i: int) -> None:
            conn.execute(f"SELECT count(*) FROM ({union}) AS applied").fetchone()

        floor = measure(read_all, repeat=repeat, warmup=1)
    return [
        Figure(
            f"migrate_cities with nothing to apply ({len(schemas)} cities)",
            noop,
            baseline=floor,
            baseline_label="one query over every city's django_migrations",
            target=ValueAtMost(10.0),
        )
    ]
