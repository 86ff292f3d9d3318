"""Importing 20,000 ASN from a CSV file, against PostgreSQL COPY of the same rows.

(a) `core.people.imports.import_asn` on the uploaded bytes (`open_upload`) into a
    freshly provisioned, empty city: parsing, every check, then units, positions,
    accounts, people and assignments, in one transaction (all of it in the time).
(b) the lower bound: the same CSV bytes streamed by psycopg `COPY ... FROM STDIN`
    into a bare table of 15 text columns (no checks, no indexes, no relations).
(c) re-importing the unchanged file into the city of (a): everything is compared,
    nothing is written.
(d) the floor of any import into this schema: the file COPY'd into a temporary table
    (the least parsing an import can do), then the very rows (a) wrote, taken from a
    city it filled, COPY'd in binary into an empty city's tables with the keys and
    indexes built once afterwards, as (a) builds them. No check, no transformation.

(a), (b) and (d) run interleaved; each round of (a) and (d) gets a new city
(provisioned untimed).
"""

from __future__ import annotations

import time

from django.db import connection, transaction

from bench.context import Context
from bench.figures import Figure, RatioAtMost, ValueAtMost
from bench.timing import Stat
from core.actors import Actor

ROWS = 20_000


def run(ctx: Context) -> list[Figure]:
    from core.people.imports import import_asn
    from core.people.synthetic import generate_rows
    from core.people.tabular import COLUMNS, open_upload, write_csv

    rounds = ctx.scale(5, 1)
    data = write_csv(generate_rows(ROWS, seed=7))
    cities = [ctx.provision(ctx.new_slug("imp")).city for _ in range(rounds + 1)]
    empty_cities = [ctx.provision(ctx.new_slug("flr")).city for _ in range(rounds)]
    imports, copies, floors, reimports = [], [], [], []

    def import_into(city) -> float:
        connection.set_tenant(city)
        started = time.perf_counter()
        report = import_asn(open_upload(data, "asn.csv"), actor=Actor.system("bench"))
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
        written = _written_rows(cities[0])
        for city, empty in zip(cities[1:], empty_cities, strict=True):
            imports.append(import_into(city))
            copies.append(copy_once())
            floors.append(_store_only(empty, data[3:], columns, written))
        conn.execute("DROP TABLE IF EXISTS bench_import_bare")

    for city in cities[1:]:
        connection.set_tenant(city)
        started = time.perf_counter()
        report = import_asn(open_upload(data, "asn.csv"), actor=Actor.system("bench"))
        reimports.append(time.perf_counter() - started)
        connection.set_schema_to_public()
        if report.unchanged != ROWS:
            raise RuntimeError(f"re-import changed rows: {report.as_dict()}")

    imported, copied, again = Stat.of(imports), Stat.of(copies), Stat.of(reimports)
    floor = Stat.of([steps["total"] for steps in floors])
    ctx.note(
        f"{ROWS:,} rows, {len(data) / 1024:.0f} KiB of CSV; each import creates "
        f"{ROWS:,} people, {ROWS:,} inactive accounts (no password hashing) and "
        f"{ROWS:,} assignments, plus the units and positions named in the file."
    )
    ctx.note(
        f"(d) is what merely storing (a)'s result costs: {floor.median / copied.median:.1f}× "
        "(b) in this run. Whenever that is above 5×, no import into this schema can meet "
        "(a)'s 5× target, however it checks the file."
    )
    ctx.note(_floor_breakdown(floors, copied))
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
        Figure(
            "(d) floor: stage the file, store (a)'s rows",
            floor,
            baseline=copied,
            baseline_label="(b) COPY into a bare table",
        ),
        Figure(
            "(a) against its floor",
            imported,
            baseline=floor,
            baseline_label="(d) floor",
        ),
    ]


def _written_rows(city) -> dict[str, bytes]:
    """Every row the import wrote into `city`, per table, in binary COPY format."""
    from core.people.import_writer import BULK_TABLES

    connection.set_tenant(city)
    dumps = {}
    with connection.cursor() as cursor:
        for table in BULK_TABLES:
            with cursor.cursor.copy(f"COPY {table} TO STDOUT (FORMAT binary)") as copy:
                dumps[table] = b"".join(bytes(chunk) for chunk in copy)
    connection.set_schema_to_public()
    return dumps


def _store_only(city, csv_body: bytes, columns: str, written: dict[str, bytes]) -> dict[str, float]:
    """(d): the file into a temporary table, then `written` into `city`'s empty tables.

    Seconds per step ("stage the file", "drop keys and indexes", "write <table>",
    "rebuild keys and indexes") and in all ("total").
    """
    from core.people.bulk_load import secondary_structures_dropped

    connection.set_tenant(city)
    steps: dict[str, float] = {}
    started = lap = time.perf_counter()

    def step(name: str) -> None:
        nonlocal lap
        now = time.perf_counter()
        steps[name], lap = now - lap, now

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(f"CREATE TEMP TABLE bench_staged ({columns}) ON COMMIT DROP")
        with cursor.cursor.copy("COPY bench_staged FROM STDIN (FORMAT csv, HEADER)") as copy:
            copy.write(csv_body)
        step("stage the file")
        with secondary_structures_dropped(list(written)):
            step("drop keys and indexes")
            for table, rows in written.items():
                with cursor.cursor.copy(f"COPY {table} FROM STDIN (FORMAT binary)") as copy:
                    copy.write(rows)
                step(f"write {table}")
        step("rebuild keys and indexes")
    steps["total"] = time.perf_counter() - started
    connection.set_schema_to_public()
    return steps


def _floor_breakdown(floors: list[dict[str, float]], copied: Stat) -> str:
    """A Markdown table of (d)'s steps: median and share of (b)."""
    lines = ["| (d) step | Median | × (b) |", "|---|---|---|"]
    for name in floors[0]:
        median = Stat.of([steps[name] for steps in floors]).median
        lines.append(f"| {name} | {median * 1000:.1f} ms | {median / copied.median:.2f}× |")
    return "\n".join(lines)
