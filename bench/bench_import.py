"""Importing 20,000 ASN from a CSV file, against PostgreSQL COPY of the same rows.

(a) `core.people.imports.import_asn` on the uploaded bytes (`open_upload`) into a
    freshly provisioned, empty city: parsing, every check, then units, positions,
    accounts, people and assignments, in one transaction (all of it in the time).
(b) the lower bound: the same CSV bytes streamed by psycopg `COPY ... FROM STDIN`
    into a bare table of 15 text columns (no checks, no indexes, no relations).
(c) re-importing the unchanged file into the city of (a): everything is compared,
    nothing is written.

(a) and (b) run interleaved; each round of (a) gets a new city (provisioned untimed).
"""

from __future__ import annotations

import time

from django.db import connection

from bench.context import Context
from bench.figures import Figure, RatioAtMost, ValueAtMost
from bench.timing import Stat

ROWS = 20_000


def run(ctx: Context) -> list[Figure]:
    from core.people.imports import import_asn
    from core.people.synthetic import generate_rows
    from core.people.tabular import COLUMNS, open_upload, write_csv

    rounds = ctx.scale(5, 1)
    data = write_csv(generate_rows(ROWS, seed=7))
    cities = [ctx.provision(ctx.new_slug("imp")).city for _ in range(rounds + 1)]
    imports, copies, reimports = [], [], []

    def import_into(city) -> float:
        connection.set_tenant(city)
        started = time.perf_counter()
        report = import_asn(open_upload(data, "asn.csv"), actor="bench")
        elapsed = time.perf_counter() - started
        connection.set_schema_to_public()
        if report.errors or report.created != ROWS:
            raise RuntimeError(f"import failed: {report.errors[:3]}")
        return elapsed

    with ctx.direct_connection(autocommit=True) as conn:
        columns = ", ".join(f"{c} text" for c in COLUMNS)

        def copy_once() -> float:
            conn.execute("DROP TABLE IF EXISTS bench_import_bare")
            conn.execute(f"CREATE TABLE bench_import_bare ({columns})")
            started = time.perf_counter()
            sql = "COPY bench_import_bare FROM STDIN (FORMAT csv, HEADER)"
            with conn.transaction(), conn.cursor() as cursor, cursor.copy(sql) as copy:
                copy.write(data[3:])  # without the BOM
            return time.perf_counter() - started

        copy_once()  # warm-up
        import_into(cities[0])
        for city in cities[1:]:
            imports.append(import_into(city))
            copies.append(copy_once())
        conn.execute("DROP TABLE IF EXISTS bench_import_bare")

    for city in cities[1:]:
        connection.set_tenant(city)
        started = time.perf_counter()
        report = import_asn(open_upload(data, "asn.csv"), actor="bench")
        reimports.append(time.perf_counter() - started)
        connection.set_schema_to_public()
        if report.unchanged != ROWS:
            raise RuntimeError(f"re-import changed rows: {report.as_dict()}")

    imported, copied, again = Stat.of(imports), Stat.of(copies), Stat.of(reimports)
    ctx.note(
        f"{ROWS:,} rows, {len(data) / 1024:.0f} KiB of CSV; each import creates "
        f"{ROWS:,} people, {ROWS:,} inactive accounts (no password hashing) and "
        f"{ROWS:,} assignments, plus the units and positions named in the file."
    )
    return [
        Figure(
            f"(a) import {ROWS:,} ASN, empty city",
            imported,
            baseline=copied,
            baseline_label="(b) COPY into a bare table",
            target=RatioAtMost(5),
        ),
        Figure(f"(a) import {ROWS:,} ASN, absolute", imported, target=ValueAtMost(15)),
        Figure("(c) re-import of the unchanged file", again, target=ValueAtMost(5)),
    ]
