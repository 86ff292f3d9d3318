"""The mayor's city screen (core.command) on a 20,000-ASN city, and the counters' cost.

Set-up (untimed, reported): a city with 20,000 ASN through the real import (synthetic
hierarchy, the Surabaya model adopted), 20 catalogue activities, and five activity
entries per person for every working day of the last 33 days before the logging day
(about 2.2 million rows, `INSERT ... SELECT generate_series`), submitted through the
working day (07:30-16:30 WIB); the last two days wait for verification, the rest are
approved; VACUUM ANALYZE, as autovacuum would have run by then. Then the counters are
rebuilt from those rows (`rebuild_command_counters`), this month's OPD figures computed
(what the 5-minute scheduled refresh does) and a TPP budget set.

Figures, through Django's test client on the city host, signed in as the mayor:
(a) the whole screen, GET /command/ (every panel, charts, alerts);
(b) each live fragment, GET /command/live/<name>/ (today, month, money, alerts);
(c) a refresh with nothing changed: the same fragment with If-None-Match -> 304;
(d) the counters' cost per logged activity: `log_activity` (the real service, one
    transaction, audit event included) with the counters vs the same call with
    `count_logged` replaced by a no-op, interleaved, for 60 people.
(a) and (b) run while another process logs activities at 100 req/s through the real
service (each log changes the data version, so every request recomputes its panels);
the whole screen is also measured with nothing changed (the cached panels); (c) and (d)
run without that load.
"""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from bench.bench_close_month import P95AtMost, _blank_insert
from bench.context import Context
from bench.figures import DifferenceAtMost, Figure, ValueAtMost
from bench.timing import Stat, interleave
from core.actors import Actor

PEOPLE = 20_000
ENTRIES_PER_DAY = 5
FRAGMENTS = ("today", "month", "money", "alerts")


def _generate(ctx: Context, people: int):
    from catalog.adoption import adopt_after_build
    from core.configuration.models import ActivityType
    from core.people.imports import import_asn
    from core.people.synthetic import generate_rows
    from core.people.tabular import read_table, write_csv
    from core.performance.models import ActivityEntry
    from core.performance.policy import calendar_days

    city = ctx.provision(ctx.new_slug("command"), after_build=adopt_after_build()).city
    connection.set_tenant(city)
    report = import_asn(
        read_table(write_csv(generate_rows(people, seed=15)), "asn.csv"),
        actor=Actor.system("bench"),
    )
    if report.errors:
        raise RuntimeError(f"import failed: {report.errors[:3]}")
    today = timezone.localdate()
    previous = today.replace(day=1) - timedelta(days=1)
    working = sorted(
        set(calendar_days(previous.year, previous.month) + calendar_days(today.year, today.month))
    )
    log_day = max(d for d in working if d <= today)
    days = [d for d in working if log_day - timedelta(days=33) <= d < log_day]
    waiting_days = days[-2:]
    with connection.cursor() as cursor:
        # the set-up's bulk statements may take longer than a request; reset in run()
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("UPDATE people_assignment SET starts_on = '2020-01-01'")
        cursor.execute(
            "UPDATE accounts_user SET is_active = true "
            "WHERE id IN (SELECT id FROM accounts_user LIMIT 200)"
        )
        cursor.execute(
            _blank_insert(
                ActivityType,
                {
                    "code": "'BENCH-' || g",
                    "name": "'Kegiatan ' || g",
                    "output_unit": "'dokumen'",
                    "standard_minutes": "10 + (g % 6) * 5",
                    "is_active": "true",
                },
                "FROM generate_series(1, 20) g",
            )
        )
        cursor.execute("SELECT min(id) FROM configuration_activitytype WHERE code LIKE 'BENCH-%%'")
        first_type = cursor.fetchone()[0]
        cursor.execute("SELECT min(id) FROM accounts_user")
        creator = cursor.fetchone()[0]
        submitted = (
            "(d + time '07:30' + (((e.id * 7 + k) * 37) %% 540) * interval '1 minute') "
            "AT TIME ZONE 'Asia/Jakarta'"
        )
        started = time.perf_counter()
        cursor.execute(
            _blank_insert(
                ActivityEntry,
                {
                    "employee": "e.id",
                    "activity_type": f"{first_type} + (e.id * 7 + k) %% 20",
                    "day": "d",
                    "volume": "1 + k %% 3",
                    "minutes": "(10 + (((e.id * 7 + k) %% 20 + 1) %% 6) * 5) * (1 + k %% 3)",
                    "status": "CASE WHEN d = ANY(%s::date[]) THEN 'submitted' ELSE 'approved' END",
                    "submitted_at": submitted,
                    "pending_since": submitted,
                    "created_by": str(creator),
                },
                "FROM people_employee e CROSS JOIN unnest(%s::date[]) d "
                f"CROSS JOIN generate_series(1, {ENTRIES_PER_DAY}) k",
            ),
            [waiting_days, days],
        )
        entries = cursor.rowcount
        # as autovacuum would have by then: the visibility map lets index-only scans work
        cursor.execute("VACUUM ANALYZE performance_activityentry")
        cursor.execute("ANALYZE")
    generated = time.perf_counter() - started
    return city, log_day, days, entries, generated


def run(ctx: Context) -> list[Figure]:
    from django.contrib.auth import get_user_model

    from core.accounts.roles import Role
    from core.command import counters, panels
    from core.command.services import set_tpp_budget
    from core.performance.services import activities

    people = ctx.scale(PEOPLE, 1_000)
    city, log_day, days, entries, generated = _generate(ctx, people)
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")
        rows = counters.rebuild()
    rebuilt = time.perf_counter() - started
    started = time.perf_counter()
    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
    panels.refresh_month(today.year, today.month, today)
    refreshed = time.perf_counter() - started
    with transaction.atomic():
        set_tpp_budget(actor=Actor.system("bench"), year=today.year, amount=people * 4_000_000 * 12)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("RESET statement_timeout")

    users = get_user_model()
    mayor = users.objects.create(username="walikota-bench", role=Role.EXECUTIVE, is_active=True)
    client = Client(HTTP_HOST=f"{city.slug}.localhost")
    client.force_login(mayor)

    def get(path: str, **headers) -> int:
        return client.get(path, **headers).status_code

    def cold_get(path: str) -> int:
        from django.core.cache import cache

        cache.clear()
        return get(path)

    repeat = ctx.scale(30, 5)
    loggers = list(
        users.objects.filter(is_active=True, employee__isnull=False, role=Role.ASN).order_by("pk")[
            :60
        ]
    )
    kind = _kind()
    # (a, b) under logging at LOAD_RATE req/s in another process:
    # every log changes the data version, so each request recomputes what it shows
    many = list(
        users.objects.filter(is_active=True, employee__isnull=False, role=Role.ASN).order_by("-pk")[
            :2000
        ]
    )
    with Logging(city, many, kind, log_day) as load:
        screen = _timed(lambda: get("/command/"), repeat, expect=200)
        # a cold rendering every time (what one request in each 10 s window pays)
        cold = {
            name: _timed(lambda n=name: cold_get(f"/command/{n}"), ctx.scale(10, 3), expect=200)
            for name in ("", *(f"live/{f}/" for f in FRAGMENTS))
        }
        fragments = {
            name: _timed(lambda n=name: get(f"/command/live/{n}/"), repeat, expect=200)
            for name in FRAGMENTS
        }
    # nothing changed since the last render: the cached panels (dropped first, so the
    # warm-up renders them at the current version rather than serving the load's)
    from django.core.cache import cache

    cache.clear()
    cached_screen = _timed(lambda: get("/command/"), repeat, expect=200)
    etag = client.get("/command/live/today/")["ETag"]
    not_modified = _timed(
        lambda: get("/command/live/today/", HTTP_IF_NONE_MATCH=etag), repeat * 3, expect=304
    )

    # where the alerts fragment spends its time: its slowest statements
    from django.core.cache import cache
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # a cold rendering (as after the stale window)
    with CaptureQueriesContext(connection) as captured:
        get("/command/live/alerts/")
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
    ctx.note(
        "Slowest statements of one alerts fragment rendered cold: "
        + "; ".join(f"{float(q['time']) * 1000:.0f} ms `{q['sql'][:70]}`" for q in slowest)
    )

    # (d) the counters' cost on the logging path: the real service, with and without
    real = activities.count_logged

    def log(i: int, *, counted: bool) -> None:
        activities.count_logged = real if counted else _no_count
        try:
            activities.log_activity(
                actor=loggers[i % len(loggers)],
                activity_type_id=kind,
                volume=Decimal(1),
                day=log_day,
            )
        finally:
            activities.count_logged = real

    rounds = ctx.scale(300, 30)
    logged = interleave(
        {
            "with": lambda i: log(i, counted=True),
            "without": lambda i: log(i, counted=False),
        },
        rounds=rounds,
        warmup=5,
    )
    connection.set_schema_to_public()
    with_counters, without = logged.stat("with"), logged.stat("without")
    ratio = with_counters.median / without.median if without.median else 0
    ctx.note(
        f"{people:,} ASN, {len(days)} working days, {entries:,} activity entries generated in "
        f"{generated:.1f} s; counters rebuilt from them in {rebuilt:.1f} s ({rows:,} rows); "
        f"this month's OPD figures (the 5-minute scheduled refresh, `month_rows` for "
        f"everyone) in {refreshed:.1f} s. Counters' cost per logged activity: "
        f"{(with_counters.median - without.median) * 1000:.2f} ms, ratio {ratio:.3f} to "
        f"the service without them (measured without the concurrent logging). Screen and "
        f"fragments measured while another process logged activities through "
        f"`log_activity` aiming at {LOAD_RATE} req/s: {load.done:,} logged in "
        f"{load.seconds:.1f} s ({load.rate:.0f} req/s achieved, {load.errors} errors"
        f"{load.error and ': ' + load.error})."
    )
    figures = [
        Figure(
            "City screen (GET /command/), panels within their 10 s window",
            screen,
            target=P95AtMost(0.100),
        ),
        Figure("City screen: median", screen, target=ValueAtMost(0.030)),
    ]
    figures.append(Figure("City screen, nothing changed (cached panels)", cached_screen))
    for path, stat in cold.items():
        figures.append(Figure(f"Cold rendering under the load: /command/{path}", stat))
    for name, stat in fragments.items():
        figures.append(Figure(f"Fragment '{name}'", stat, target=P95AtMost(0.100)))
        figures.append(Figure(f"Fragment '{name}': median", stat, target=ValueAtMost(0.030)))
    figures += [
        Figure("Refresh with nothing changed (304)", not_modified, target=ValueAtMost(0.005)),
        Figure(
            "Log an activity, counters on",
            with_counters,
            baseline=without,
            baseline_label="the same service call without the counters",
            target=DifferenceAtMost(0.001),
        ),
    ]
    return figures


LOAD_RATE = 100


class Logging:
    """Log activities at LOAD_RATE per second in a separate Python process while the
    block runs (the real service, one transaction each, audit and counters included),
    so the load competes for the cores and the database, not for this process's GIL."""

    def __init__(self, city, loggers, kind: int, day) -> None:
        self.spec = {
            "schema": city.schema_name,
            "users": [u.pk for u in loggers],
            "kind": kind,
            "day": day.isoformat(),
            "rate": LOAD_RATE,
        }
        self.done = self.errors = 0
        self.error = ""
        self.seconds = self.rate = 0.0

    def __enter__(self) -> Logging:
        import json
        import os
        import subprocess
        import sys

        env = {**os.environ, "BENCH_LOAD": json.dumps(self.spec)}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from bench.bench_command_centre import load; load()"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the logging process did not start")
        time.sleep(1.0)  # let it reach its pace
        return self

    def __exit__(self, *exc) -> None:
        import json

        out, _err = self.proc.communicate("stop\n", timeout=120)
        found = json.loads(out.strip().splitlines()[-1])
        self.done, self.errors, self.error = found["done"], found["errors"], found["error"]
        self.seconds = found["seconds"]
        self.rate = self.done / self.seconds if self.seconds else 0.0


def load() -> None:
    """The logging process of `Logging` (its spec in BENCH_LOAD): logs until told to stop
    on stdin, then prints what it did as one JSON line."""
    import json
    import os
    import sys
    import threading
    from datetime import date

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection as own

    from core.performance.services import activities
    from tenants.models import City

    spec = json.loads(os.environ["BENCH_LOAD"])
    own.set_tenant(City.objects.get(schema_name=spec["schema"]))
    users = list(get_user_model().objects.filter(pk__in=spec["users"]))
    day = date.fromisoformat(spec["day"])
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    print("ready", flush=True)
    done = errors = 0
    error = ""
    started = time.perf_counter()
    while not stop.is_set():
        wait = started + done / spec["rate"] - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        try:
            activities.log_activity(
                actor=users[done % len(users)],
                activity_type_id=spec["kind"],
                volume=Decimal(1),
                day=day,
            )
        except Exception as failure:
            errors += 1
            error = error or repr(failure)[:120]
        done += 1
    seconds = time.perf_counter() - started
    print(json.dumps({"done": done, "errors": errors, "error": error, "seconds": seconds}))


def _no_count(**_kwargs) -> None:
    return None


def _kind() -> int:
    from core.configuration.models import ActivityType

    return ActivityType.objects.filter(code="BENCH-2").values_list("pk", flat=True).get()


def _timed(call, repeat: int, *, expect: int, warmup: int = 2) -> Stat:
    samples = []
    for i in range(-warmup, repeat):
        started = time.perf_counter()
        status = call()
        elapsed = time.perf_counter() - started
        if status != expect:
            raise RuntimeError(f"expected {expect}, got {status}")
        if i >= 0:
            samples.append(elapsed)
    return Stat.of(samples)
