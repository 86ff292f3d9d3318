"""The cost of the 500th city: provisioning at 500 cities vs at 1, and a no-op migration.

500 cities are provisioned one after the other through the fast path, each timed.
The first figure compares the median of cities 491-500 with that of cities 1-10:
provisioning must not slow down as the catalog fills with schemas.

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
from bench.timing import format_seconds, measure


def run(ctx: Context) -> list[Figure]:
    from tenants.schema_builder import city_schema_ddl

    count, window = ctx.scale(500, 20), ctx.scale(10, 3)
    city_schema_ddl()  # the script is generated once per process; not a city's cost
    cities, each = ctx.make_cities(count, "scale")
    first, last = each.window(0, window), each.window(count - window, count)
    figures = [
        Figure(
            f"Provision city #{count - window + 1}-{count} (with {count - window} existing)",
            last,
            baseline=first,
            baseline_label=f"cities #1-{window}",
            target=RatioAtMost(1.5),
        )
    ]
    step = max(count // 5, 1)
    trend = ", ".join(
        f"#{start + 1}-{start + step}: {format_seconds(each.window(start, start + step).median)}"
        for start in range(0, count, step)
    )
    ctx.note(
        f"{count} cities provisioned in {each.total:.1f} s. Median per city by block: {trend}."
    )
    figures += migration_figures(ctx, [city.schema_name for city in cities])
    return figures


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
            call_command("migrate_cities", verbosity=0, stdout=sink, stderr=sink)

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
