"""Provisioning a city three ways, for the same tenant apps.

(a) `tenants.services.provision_city`, this project's path: City, Domain and status
    rows plus the schema built from the DDL of the migrated template schema.
(b) django-tenants' default: the same City and Domain rows, then `create_schema`,
    which creates the schema and replays every tenant migration into it.
(c) the lower bound: the very DDL script of (a) run directly with psycopg in one
    transaction (CREATE SCHEMA, SET LOCAL search_path, script); no Django, no rows.

The three run interleaved (a, b, c, a, b, c, ...), so a catalog that grows with every
schema, or a busy neighbour, weighs on all three alike: 15 rounds, after one untimed
warm-up round; (b) takes part in as many rounds as fit in 45 s (at least 5), since it
is the slow one and its median is steady long before 15 runs.
"""

from __future__ import annotations

from django.db import connection, transaction

from bench.context import Context
from bench.figures import Figure, RatioAtLeast, RatioAtMost
from bench.timing import interleave, measure

REPLAY_BUDGET = 45.0  # seconds for the replayed-migrations side, to keep `make bench` short


def run(ctx: Context) -> list[Figure]:
    from tenants.models import City, Domain
    from tenants.rules import schema_name_for
    from tenants.schema_builder import city_schema_ddl
    from tenants.services import primary_host_for

    rounds = ctx.scale(15, 2)
    # The lower bound sends the builder's statements as one script (one round trip);
    # provision_city runs them one `execute` each, as Citus requires.
    ddl = ";\n".join(city_schema_ddl()) + ";\n"

    def fast_path(_round: int) -> None:
        ctx.provision(ctx.new_slug("prov-a"))

    def replayed(_round: int) -> None:
        slug = ctx.new_slug("prov-b")
        with transaction.atomic():
            city = City.objects.create(
                schema_name=schema_name_for(slug), slug=slug, name=f"Kota {slug}", status="active"
            )
            Domain.objects.create(domain=primary_host_for(slug), tenant=city, is_primary=True)
        city.create_schema(check_if_exists=False, sync_schema=True, verbosity=0)
        connection.set_schema_to_public()

    with ctx.direct_connection() as conn:

        def lower_bound(_round: int) -> None:
            schema = schema_name_for(ctx.new_slug("prov-c"))
            with conn.transaction():
                conn.execute(f'CREATE SCHEMA "{schema}"')
                conn.execute(f'SET LOCAL search_path = "{schema}", public')
                conn.execute(ddl)

        operations = {"fast": fast_path, "replay": replayed, "ddl": lower_bound}
        warmup = {name: measure(op, repeat=1, warmup=0) for name, op in operations.items()}
        # Replaying is the slow one: as many rounds as fit the time budget, at least 5.
        replay_rounds = min(rounds, max(5, int(REPLAY_BUDGET / warmup["replay"].median)))
        timings = interleave(
            operations,
            rounds=rounds,
            warmup=0,
            repeat_each={"replay": ctx.scale(replay_rounds, 1)},
        )

    fast, replay, ddl_only = timings.stat("fast"), timings.stat("replay"), timings.stat("ddl")
    statements = ddl.count(";\n")
    ctx.note(
        f"The DDL script has {statements} statements ({len(ddl) / 1024:.0f} KiB) for the "
        f"tenant apps installed now; (b) replays {_tenant_migration_count()} migrations."
    )
    return [
        Figure(
            "(a) provision_city (DDL from template)",
            fast,
            baseline=ddl_only,
            baseline_label="(c) same DDL via psycopg",
            target=RatioAtMost(1.5),
        ),
        Figure(
            "(b) django-tenants default (migrations replayed)",
            replay,
            baseline=fast,
            baseline_label="(a) provision_city",
            target=RatioAtLeast(5),
            note="ratio = how many times slower replaying is than (a); target: (a) ≥ 5× faster.",
        ),
        Figure("(c) lower bound: DDL script in one transaction", ddl_only),
    ]


def _tenant_migration_count() -> int:
    from django.conf import settings

    from tenants.schema_builder import expected_migrations

    labels = {app.rsplit(".", 1)[-1] for app in settings.TENANT_APPS}
    return sum(1 for app, _ in expected_migrations() if app in labels)
