"""BKN SIASN link against the local fake: queueing, sending and reconciling 20,000 ASN.

Set-up (untimed): a city with 20,000 ASN through the real import (synthetic hierarchy),
a closed month with a result for everyone (INSERT ... SELECT), the fake SIASN on
127.0.0.1 knowing every person, and the city's connection to it (1,000 calls/s).

(a) reconciliation: `services.run_pull` for every ASN (data-utama per person, compared
    with the registry, differences and SIASN ids stored in batches). The figure is the
    product's own overhead per person: the run's wall time minus the time spent inside
    the HTTP calls to the fake, measured around each call in the same run (a separate
    bare-client run was too noisy on a shared machine). Target: at most 2 ms.
(b) queueing the month's results (`services.queue_results`: ratings, mapping, each
    person's assessor on the month's last day, the outbox rows): at most 5 s.
(c) sending them with 5 % of saves failing on the fake's side (`services.send_all`):
    informational time; the target is that every item ends sent or stopped with a
    reason and the fake holds exactly one record per sent item, none twice.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from bench.bench_close_month import _blank_insert
from bench.context import Context
from bench.figures import Figure, Target, ValueAtMost
from bench.timing import Stat

PEOPLE = 20_000


class Holds(Target):
    """A correctness condition checked in the run (no loss, nothing twice)."""

    def __init__(self, ok: bool, text: str):
        self.ok, self.text = ok, text

    def describe(self) -> str:
        return self.text

    def met(self, figure: Figure) -> bool:
        return self.ok


def _setup(ctx: Context, people: int):
    from catalog.adoption import adopt_after_build
    from core.people.imports import import_asn
    from core.people.synthetic import generate_rows
    from core.people.tabular import read_table, write_csv
    from core.performance.models import MonthlyResult, Period, PeriodStatus
    from core.siasn import fake as fakes
    from core.siasn import services

    city = ctx.provision(ctx.new_slug("siasn"), after_build=adopt_after_build()).city
    connection.set_tenant(city)
    report = import_asn(
        read_table(write_csv(generate_rows(people, seed=16)), "asn.csv"), actor="bench"
    )
    if report.errors:
        raise RuntimeError(f"import failed: {report.errors[:3]}")
    month_end = timezone.localdate().replace(day=1) - timedelta(days=1)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_assignment SET starts_on = '2020-01-01'")
    period = Period.objects.create(
        year=month_end.year, month=month_end.month, status=PeriodStatus.CLOSED,
        closed_at=timezone.now(),
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            _blank_insert(
                MonthlyResult,
                {
                    "employee": "a.employee_id",
                    "period": str(period.pk),
                    "position": "a.position_id",
                    "results_rating": (
                        "(ARRAY['dibawah','sesuai','diatas'])[1 + a.employee_id % 3]"
                    ),
                    "behaviour_rating": "'sesuai'",
                    "predicate": (
                        "(ARRAY['baik','butuh_perbaikan','sangat_baik'])[1 + a.employee_id % 3]"
                    ),
                    "tpp_lines": "'[]'::jsonb",
                },
                "FROM people_assignment a WHERE NOT a.is_acting",
            )
        )
    server_fake = fakes.FakeSiasn()
    from core.people.models import Employee

    for row in Employee.objects.values("nip", "name", "golongan").iterator(chunk_size=5000):
        server_fake.people[row["nip"]] = fakes.person_record(
            nip=row["nip"], name=row["name"], golongan=row["golongan"]
        )
    server, thread, url = fakes.serve(server_fake)
    services.save_connection(
        {
            "gateway_url": url, "api_url": url, "sso_url": url + fakes.SSO_PATH,
            "sso_client_id": fakes.SSO_CLIENT_ID, "sso_username": fakes.SSO_USERNAME,
            "consumer_key": fakes.CONSUMER_KEY, "consumer_secret": fakes.CONSUMER_SECRET,
            "sso_password": fakes.SSO_PASSWORD, "calls_per_second": 1000,
        },
        actor=None,
    )  # fmt: skip
    return city, period, server_fake, server


def _open_differences() -> int:
    from core.siasn.models import Difference

    return Difference.objects.count()


def run(ctx: Context) -> list[Figure]:
    from core.siasn import services
    from core.siasn.models import OutboxItem, PersonLink

    people = ctx.scale(PEOPLE, 300)
    city, period, server_fake, server = _setup(ctx, people)
    try:
        # The product's own overhead: the pull's wall time minus the time spent inside
        # the HTTP calls to the fake (measured around each call in the same run).
        from core.siasn.client import SiasnClient

        inside = [0.0]
        original = SiasnClient.data_utama

        def timed(self, nip):
            begun = time.perf_counter()
            try:
                return original(self, nip)
            finally:
                inside[0] += time.perf_counter() - begun

        SiasnClient.data_utama = timed
        try:
            started = time.perf_counter()
            run_ = services.run_pull(services.start_pull(scope="all", actor=None).pk)
            pull = time.perf_counter() - started
        finally:
            SiasnClient.data_utama = original
        assert run_.done == people, (run_.done, people)
        overhead = (pull - inside[0]) / people
        figures = [
            Figure(
                f"reconcile {people:,} ASN: own overhead per person",
                Stat.of([overhead]),
                target=ValueAtMost(0.002),
                note=(
                    f"whole fetch {pull:.1f} s, of which {inside[0]:.1f} s in calls to the fake; "
                    f"{_open_differences():,} differences stored"
                ),
            )
        ]
        samples = []
        for _round in range(ctx.scale(3, 1)):
            OutboxItem.objects.all().delete()
            started = time.perf_counter()
            queued = services.queue_results(period.year, period.month, actor=None)
            samples.append(time.perf_counter() - started)
        figures.append(
            Figure(
                f"queue a {people:,}-ASN month's results",
                Stat.of(samples),
                target=ValueAtMost(5.0),
                note=f"{queued.created:,} items, assessor of each on the month's last day",
            )
        )
        server_fake.failure_rate = 0.05
        server_fake.records.clear()
        started = time.perf_counter()
        sent = services.send_all(actor=None)
        send = time.perf_counter() - started
        states = Counter(OutboxItem.objects.values_list("state", flat=True))
        per_person = Counter(r["pnsDinilaiId"] for r in server_fake.records.values())
        twice = sum(1 for n in per_person.values() if n > 1)
        ok = (
            set(states) <= {"sent", "stopped"}
            and sum(states.values()) == queued.created
            and len(server_fake.records) == states["sent"]
            and twice == 0
        )
        saves = server_fake.count("POST", "/apisiasn/1.0/kinerjaperiodik/save")
        figures.append(
            Figure(
                f"send {queued.created:,} results, 5 % failing at the fake",
                Stat.of([send]),
                target=Holds(ok, "each sent or stopped once"),
                note=(
                    f"sent {states['sent']:,}, stopped {states['stopped']:,}, "
                    f"{saves:,} save calls for {len(server_fake.records):,} records, "
                    f"{twice} people twice; {sent.handled / send:,.0f} items/s"
                ),
            )
        )
        assert PersonLink.objects.count() == people
        return figures
    finally:
        server.shutdown()
        server.server_close()
        connection.set_schema_to_public()
