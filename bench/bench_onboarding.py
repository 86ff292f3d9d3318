"""Pilot cities: generating a synthetic population, and resetting it to its initial data.

(a) `create_pilot` for 20,000 ASN with 20 days of activity history (org units,
    positions, accounts, people, assignments, ~575,000 activity entries), the data
    snapshot and its checksum, in one transaction.
(b) a reset by rebuilding the schema from the snapshot (DDL, INSERT ... SELECT of every
    table, then foreign keys and indexes), against
(c) the lower bound: `CREATE TABLE ... AS TABLE` of the same snapshot tables into a
    scratch schema (the rows copied once, no constraints, no indexes).
(d) a reset by swapping in the ready standby schema (a rename), the trainer's path.
"""

from __future__ import annotations

import time

from django.db import connection, transaction

from bench.context import Context
from bench.figures import Figure, ValueAtMost
from bench.timing import Stat


def run(ctx: Context) -> list[Figure]:
    from onboarding import schema_data
    from onboarding.models import PilotProfile
    from onboarding.services.pilots import build_standby, create_pilot, reset_pilot
    from tenants.services import Actor

    population, days = ctx.scale(20_000, 300), ctx.scale(20, 3)
    rounds = ctx.scale(3, 1)
    actor = Actor(label="bench")
    slug = ctx.new_slug("pilot")

    started = time.perf_counter()
    with transaction.atomic():  # the standby is built after commit: not part of (a)
        result = create_pilot(
            slug,
            name="Kota Latihan Bench",
            population=population,
            history_days=days,
            lifetime_days=30,
            actor=actor,
            seed=11,
        )
        generated = time.perf_counter() - started
    profile = PilotProfile.objects.get(pk=result.profile.pk)
    city = profile.city
    ddl = schema_data.SchemaDDL.from_dict(profile.ddl)

    rebuilds, bounds, swaps = [], [], []
    scratch = "bench_pilot_copy"
    for _ in range(rounds):
        started = time.perf_counter()
        schema_data.restore_from_snapshot(city.schema_name, profile.snapshot_schema, ddl)
        rebuilds.append(time.perf_counter() - started)

        started = time.perf_counter()
        schema_data.snapshot_schema(profile.snapshot_schema, scratch)
        bounds.append(time.perf_counter() - started)
        schema_data.drop_schema(scratch)

        build_standby(city)
        with transaction.atomic():  # the next standby is built after commit: not timed
            started = time.perf_counter()
            reset_pilot(city, actor=actor)
            swaps.append(time.perf_counter() - started)
    connection.set_schema_to_public()

    ctx.note(
        f"{population:,} ASN, {days} days of history: "
        + ", ".join(f"{count:,} {name}" for name, count in result.counts.items())
        + ". Generation writes each table with one COPY (activities with one INSERT ... "
        "SELECT) into tables without foreign keys or secondary indexes, which are added "
        "after the data."
    )
    return [
        Figure(
            f"(a) generate a {population:,}-ASN pilot",
            Stat.of([generated]),
            target=ValueAtMost(120),
        ),
        Figure(
            "(b) reset by rebuilding from the snapshot",
            Stat.of(rebuilds),
            baseline=Stat.of(bounds),
            baseline_label="(c) copy the snapshot's rows",
            note="fallback path; shown for information",
        ),
        Figure("(d) reset by swapping in the standby", Stat.of(swaps), target=ValueAtMost(2)),
    ]
