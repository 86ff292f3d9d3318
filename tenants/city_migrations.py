"""Deploy-time migrations for many cities (`manage.py migrate_cities`).

The order is public schema, then the city template schema, then every city that is
behind. Which cities are behind is found with one query over every city schema's
`django_migrations` (a UNION ALL), so a deploy with nothing to apply costs a handful
of queries whatever the number of cities. Each city migrates in ONE transaction
(`schema_builder.migrate_schema`): a failure leaves that city exactly as it was.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

from django.db import connection, connections

from config.sql import quote_identifier
from tenants import schema_builder
from tenants.models import City


@dataclass(frozen=True)
class CitySchema:
    slug: str
    schema: str


@dataclass
class CityFailure:
    slug: str
    schema: str
    error: str


@dataclass
class RunReport:
    current: list[str] = field(default_factory=list)
    migrated: list[str] = field(default_factory=list)
    failed: CityFailure | None = None
    not_started: list[str] = field(default_factory=list)


_q = quote_identifier  # config.sql: the one identifier quoting


def city_schemas() -> list[CitySchema]:
    """Every city whose schema exists (archived cities too: their schema is kept)."""
    rows = City.objects.order_by("slug").values_list("slug", "schema_name")
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        existing = {name for (name,) in cursor.fetchall()}
    return [CitySchema(slug, schema) for slug, schema in rows if schema in existing]


def stale_cities(cities: list[CitySchema]) -> list[CitySchema]:
    """The cities missing at least one migration the code ships.

    Two queries whatever the number of cities: which schemas have a
    `django_migrations` table, then one UNION ALL over those tables counting the
    expected migrations each has recorded.
    """
    if not cities:
        return []
    expected = sorted(schema_builder.expected_migrations())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relname = 'django_migrations' AND c.relkind = 'r' "
            "AND n.nspname = ANY(%s)",
            [[city.schema for city in cities]],
        )
        with_table = {name for (name,) in cursor.fetchall()}
        counts: dict[str, int] = {}
        if with_table:
            applied = " UNION ALL ".join(
                f"SELECT {_literal(schema)}, app, name FROM {_q(schema)}.django_migrations"
                for schema in sorted(with_table)
            )
            cursor.execute(
                f"WITH expected(app, name) AS (SELECT * FROM unnest(%s::text[], %s::text[])), "
                f"applied(schema, app, name) AS ({applied}) "
                f"SELECT applied.schema, count(*) FROM applied "
                f"JOIN expected USING (app, name) GROUP BY applied.schema",
                [[app for app, _ in expected], [name for _, name in expected]],
            )
            counts = dict(cursor.fetchall())
    return [city for city in cities if counts.get(city.schema, 0) < len(expected)]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def migrate_city(schema: str) -> int:
    """Bring one city schema up to date in one transaction; how many migrations ran."""
    return schema_builder.migrate_schema(schema)


def _migrate_one(city: CitySchema) -> tuple[CitySchema, int | None, str]:
    """Returns (city, applied, "") or (city, None, error)."""
    try:
        return city, migrate_city(city.schema), ""
    except Exception as exc:  # reported to the parent, which names the city and stops
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return city, None, detail


def _migrate_in_worker(city: CitySchema) -> tuple[CitySchema, int | None, str]:
    """Runs in a worker process: one city, then the connection goes back."""
    try:
        return _migrate_one(city)
    finally:
        connection.close()


def _forget_inherited_connections() -> None:
    """Worker initializer: never reuse a socket inherited from the parent."""
    for conn in connections.all(initialized_only=True):
        conn.connection = None
    connections.close_all()


def migrate_stale(
    stale: list[CitySchema],
    *,
    processes: int,
    on_done: Callable[[CitySchema], None] = lambda city: None,
) -> RunReport:
    """Migrate `stale` cities, `processes` at a time; stop starting new ones on a failure."""
    report = RunReport()
    if processes <= 1:
        results: Iterable = (_migrate_one(city) for city in stale)
        for city, applied, error in results:
            if _record(report, city, applied, error, on_done):
                report.not_started = [c.slug for c in stale[stale.index(city) + 1 :]]
                break
        return report
    # Forked workers inherit the settings as they are (including a test database name);
    # the parent's connections and pool are closed first so no socket is shared.
    connections.close_all()
    for conn in connections.all():
        if hasattr(conn, "close_pool"):
            conn.close_pool()
    context = multiprocessing.get_context("fork")
    pending = list(stale)
    with ProcessPoolExecutor(
        max_workers=processes, mp_context=context, initializer=_forget_inherited_connections
    ) as pool:
        running: set[Future] = set()
        while pending or running:
            while pending and len(running) < processes and report.failed is None:
                running.add(pool.submit(_migrate_in_worker, pending.pop(0)))
            if report.failed is not None:
                report.not_started = [city.slug for city in pending]
                pending = []
            if not running:
                break
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                city, applied, error = future.result()
                _record(report, city, applied, error, on_done)
    return report


def _record(report: RunReport, city, applied, error, on_done) -> bool:
    """Add one city's outcome to the report; True when it failed."""
    on_done(city)
    if applied is None:
        if report.failed is None:
            report.failed = CityFailure(city.slug, city.schema, error)
        return True
    report.migrated.append(city.slug)
    return False
