"""What a benchmark module gets: helpers for cities, direct connections and notes."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections, transaction

from bench.timing import Stat

BENCH_ACTOR_LABEL = "bench"


@dataclass
class Context:
    """Passed to every module's `run(ctx)`.

    `quick` asks for a smoke run (few repetitions): use `ctx.scale(full, quick)` for
    every count so the whole harness can be checked in seconds.
    """

    module: str = ""
    quick: bool = False
    notes: list[str] = field(default_factory=list)
    _counter: Iterator[int] = field(default_factory=lambda: itertools.count(1), repr=False)

    # ------------------------------------------------------------ run size
    def scale(self, full: int, quick: int) -> int:
        return quick if self.quick else full

    def note(self, text: str) -> None:
        """A sentence or Markdown block printed after the table and kept in BENCHMARKS.md."""
        self.notes.append(text.strip())

    # ------------------------------------------------------------ cities
    def new_slug(self, prefix: str) -> str:
        """A fresh valid city slug, e.g. `prov-a-0007`."""
        return f"{prefix}-{next(self._counter):04d}"

    def provision(self, slug: str, **fields):
        """Provision a city through the project's own service (the fast path)."""
        from tenants.services import Actor, provision_city

        fields.setdefault("name", f"Kota {slug.title()}")
        return provision_city(slug, actor=Actor(label=BENCH_ACTOR_LABEL), **fields)

    def make_cities(self, count: int, prefix: str, *, workers: int = 1) -> tuple[list, Stat]:
        """Provision `count` cities; the cities and each one's time.

        With `workers` > 1 they are provisioned by that many threads at once (each with
        its own pooled connection): quicker set-up, but each time then includes waiting
        for the others, so use it for cities you need, not for figures.
        """
        slugs = [self.new_slug(prefix) for _ in range(count)]
        if workers <= 1:
            return self._provision_each(slugs)
        chunks = [slugs[i::workers] for i in range(workers)]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(self._provision_each_closing, chunks))
        cities = [city for part_cities, _ in parts for city in part_cities]
        return cities, Stat.of([t for _, stat in parts for t in stat.samples])

    def _provision_each(self, slugs: list[str]) -> tuple[list, Stat]:
        cities, samples = [], []
        for slug in slugs:
            started = time.perf_counter()
            cities.append(self.provision(slug).city)
            samples.append(time.perf_counter() - started)
        return cities, Stat.of(samples)

    def _provision_each_closing(self, slugs: list[str]) -> tuple[list, Stat]:
        try:
            return self._provision_each(slugs)
        finally:
            connections.close_all()  # hand this thread's connection back to the pool

    def drop_cities(self) -> int:
        """Remove every city (rows, domains, schemas) and every stray schema.

        Used between modules so each starts from a database with no cities. Only the
        public schema and the city template survive. One schema per transaction, so
        hundreds of schemas never exhaust the lock table.
        """
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname <> ALL(%s) "
                "AND nspname NOT LIKE 'pg\\_%%' ORDER BY nspname",
                [["public", "information_schema", settings.CITY_TEMPLATE_SCHEMA]],
            )
            schemas = [name for (name,) in cursor.fetchall()]
        for schema in schemas:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE tenants_city CASCADE")
        for alias in ("default", "platform"):
            caches[alias].clear()
        connection.set_schema_to_public()
        return len(schemas)

    # ------------------------------------------------------------ lower bounds
    @contextmanager
    def direct_connection(self, autocommit: bool = False):
        """A plain psycopg connection to the bench database, no Django in the way."""
        import psycopg

        params = dict(connection.get_connection_params())
        params.pop("pool", None)
        params.pop("cursor_factory", None)
        params.pop("context", None)
        params.pop("prepare_threshold", None)
        conn = psycopg.connect(**params, autocommit=autocommit)
        try:
            yield conn
        finally:
            conn.close()
