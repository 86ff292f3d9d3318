"""The deadline burst: a 20,000-ASN city logging its afternoon, through gunicorn.

Most of a city logs between 15:00 and 17:00. The city: a synthetic 20,000-ASN population
(onboarding's pilot generator, the Surabaya model adopted, a few days of history so the
dashboards have data), every ASN with an API token. The day: each ASN logs
`ENTRIES_PER_DAY` entries, all in the two afternoon hours, with a peak of 5x the
average rate (`peak_rate`). Three phases, each `PHASE_SECONDS` long, open loop (latency
counts from each request's scheduled send time): the average rate, the peak, and 3x
the peak (the target). During every phase:
- 5 % of the arriving phones replay an offline queue of 10 entries (one after the
  other, as the service worker sends them) and then send one of them again, as a phone
  does when an answer was lost on the way: its idempotency key must return the
  original entry, never a second one;
- supervisors read their verification queue and administrators the city and OPD
  dashboards (`READERS_PER_SECOND`).
Afterwards every accepted answer (201, or 200 for a replayed key) is checked against
the database: each accepted key has exactly one row (none lost, none duplicated).

The server is gunicorn with the production settings' pool (bench settings), 2 cores
shared with PostgreSQL and this load generator (threads, one TCP connection per
request, 127.0.0.1 only). The ratio of the logging API's capacity to a bare Django
insert view is `log_activity`'s figure. Reminders for the whole city are computed and
queued once, timed (target <= 10 s).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as dtime

from bench.context import Context
from bench.figures import Figure, P95AtMost, Target, ValueAtMost
from bench.server import start_gunicorn
from bench.timing import Stat, percentile_text

POPULATION = 20_000
ENTRIES_PER_DAY = 4
WINDOW_SECONDS = 2 * 3600  # 15:00-17:00
PEAK_FACTOR = 5
TARGET_FACTOR = 3
REPLAY_SHARE = 0.05
REPLAY_LENGTH = 10
READERS_PER_SECOND = 3
PHASE_SECONDS = 20
WORKERS = 4
API = "/api/v1/work/activities/"


def peak_rate(population: int) -> float:
    """Entries per second at the afternoon's peak (5x the two-hour average)."""
    return population * ENTRIES_PER_DAY / WINDOW_SECONDS * PEAK_FACTOR


class Exactly(Target):
    """A count that must be exactly `expected` (stored as seconds = count)."""

    def __init__(self, expected: int, what: str):
        self.expected, self.what = expected, what

    def describe(self) -> str:
        return f"{self.what} = {self.expected}"

    def met(self, figure: Figure) -> bool:
        return round(figure.value.median) == self.expected


# ---------------------------------------------------------------- the load generator
@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    accepted: dict[tuple[int, str], int] = field(default_factory=dict)  # (user, key) -> id
    replayed_ok: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, latency: float, status: int, user: int, key: str, entry_id) -> None:
        with self.lock:
            self.latencies.append(latency)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status in (200, 201):
                previous = self.accepted.setdefault((user, key), entry_id)
                if status == 200:
                    self.replayed_ok += previous == entry_id
            else:
                self.errors += 1


def _request(port, host, method, path, token, body=None, key=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": host, "Authorization": f"Token {token}", "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if key:
        headers["Idempotency-Key"] = key
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, data
    except OSError:
        return 599, b""
    finally:
        conn.close()


class Burst:
    def __init__(self, port, host, phones, kind_ids, day, readers):
        self.port, self.host = port, host
        self.phones = phones  # [(user_id, token)]
        self.kind_ids, self.day, self.readers = kind_ids, day, readers
        self.rng = random.Random(17)
        self.next_phone = 0
        self.lock = threading.Lock()

    def _phone(self):
        with self.lock:
            phone = self.phones[self.next_phone % len(self.phones)]
            self.next_phone += 1
            return phone

    def _body(self, key: str, made: datetime) -> bytes:
        return json.dumps(
            {
                "activity_type": self.rng.choice(self.kind_ids),
                "volume": "1",
                "day": self.day.isoformat(),
                "device_time": made.isoformat(),
            }
        ).encode()

    def _log(self, out: Outcome, scheduled: float, user, token, key, made) -> None:
        status, data = _request(
            self.port, self.host, "POST", API, token, self._body(key, made), key
        )
        entry_id = json.loads(data).get("id") if status in (200, 201) else None
        out.record(time.perf_counter() - scheduled, status, user, key, entry_id)

    def _replay(self, out: Outcome, scheduled: float, made) -> None:
        user, token = self._phone()
        keys = [uuid.uuid4().hex for _ in range(REPLAY_LENGTH)]
        for key in keys:
            self._log(out, scheduled, user, token, key, made)
            scheduled = time.perf_counter()
        # the answer to the last one was lost: the phone sends it again
        self._log(out, time.perf_counter(), user, token, keys[-1], made)

    def _read(self, reads: dict, start: float, stop: float) -> None:
        """Open loop, READERS_PER_SECOND: supervisors' queues and the city dashboard in
        turn, from a few threads so one slow answer does not delay the next read."""
        paths = {"queue": "/api/v1/work/verification/", "dashboard": "/api/v1/work/dashboard/city/"}
        counter = iter(range(int((stop - start) * READERS_PER_SECOND)))
        lock = threading.Lock()

        def worker() -> None:
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                scheduled = start + n / READERS_PER_SECOND
                delay = scheduled - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                kind = "queue" if n % 2 == 0 else "dashboard"
                tokens = self.readers[n % 2]  # supervisors, then administrators
                token = tokens[(n // 2) % len(tokens)]
                status, _data = _request(self.port, self.host, "GET", paths[kind], token)
                out = reads[kind]
                with out.lock:
                    out.latencies.append(time.perf_counter() - scheduled)
                    if status != 200:
                        out.errors += 1

        pool = [threading.Thread(target=worker) for _ in range(8)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()

    def phase(self, rate: float, seconds: float, threads: int = 96) -> tuple[Outcome, dict]:
        """Open loop at `rate` new entries/s for `seconds`; 5 % of arrivals are replays."""
        total = max(1, int(rate * seconds))
        start = time.perf_counter() + 0.3
        out, reads = Outcome(), {"queue": Outcome(), "dashboard": Outcome()}
        counter = iter(range(total))
        lock = threading.Lock()
        made = datetime.now().astimezone() - timedelta(minutes=30)
        every = round(1 / REPLAY_SHARE)

        def worker() -> None:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                scheduled = start + i / rate
                delay = scheduled - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                if i % every == every - 1:
                    self._replay(out, scheduled, made)
                else:
                    user, token = self._phone()
                    self._log(out, scheduled, user, token, uuid.uuid4().hex, made)

        reader = threading.Thread(target=self._read, args=(reads, start, start + seconds))
        pool = [threading.Thread(target=worker) for _ in range(threads)]
        reader.start()
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        out.elapsed = time.perf_counter() - start  # type: ignore[attr-defined]
        reader.join()
        return out, reads


# ---------------------------------------------------------------- set-up
def _setup(ctx: Context, population: int):
    from django.contrib.auth import get_user_model
    from django.db import connection

    from catalog.adoption import adopt_after_build
    from core.accounts.models import ApiToken
    from core.accounts.roles import Role
    from core.accounts.rules import new_token_key, token_digest
    from core.configuration.models import ActivityType
    from core.people.models import Employee
    from core.performance.policy import calendar_days
    from onboarding.services.pilots import create_pilot
    from tenants.services import Actor

    started = time.perf_counter()
    result = create_pilot(
        ctx.new_slug("burst"),
        name="Kota Tenggat Bench",
        population=population,
        history_days=ctx.scale(5, 1),
        lifetime_days=30,
        actor=Actor(label="bench"),
        seed=23,
        after_build=adopt_after_build(),
    )
    city = result.profile.city
    connection.set_tenant(city)
    User = get_user_model()
    # A phone for every ASN who holds a position: an API token each (one bulk insert).
    now = datetime.now().astimezone()
    users = list(User.objects.filter(employee__isnull=False, is_active=True).only("id", "password"))
    keys = {u.pk: new_token_key() for u in users}
    ApiToken.objects.bulk_create(
        [
            ApiToken(
                user_id=u.pk,
                key_digest=token_digest(keys[u.pk]),
                device="bench",
                auth_hash=u.get_session_auth_hash(),
                last_used_at=now,
                expires_at=now + timedelta(days=30),
            )
            for u in users
        ],
        batch_size=5000,
    )
    supervisors = set(
        Employee.objects.exclude(user=None)
        .filter(pk__in=_verifier_ids())
        .values_list("user_id", flat=True)[:50]
    )
    admins = list(User.objects.filter(role=Role.CITY_ADMIN).values_list("id", flat=True))
    if not admins:
        admin = User.objects.create(username="bench-admin", role=Role.CITY_ADMIN, full_name="A")
        admins = [admin.pk]
        keys[admin.pk] = new_token_key()
        ApiToken.objects.create(
            user=admin,
            key_digest=token_digest(keys[admin.pk]),
            device="bench",
            auth_hash=admin.get_session_auth_hash(),
            last_used_at=now,
            expires_at=now + timedelta(days=30),
        )
    phones = [(u.pk, keys[u.pk]) for u in users]
    random.Random(5).shuffle(phones)
    readers = ([keys[u] for u in supervisors] or [keys[admins[0]]], [keys[a] for a in admins])
    kinds = [
        ActivityType.objects.create(
            code=f"BURST-{n}",
            name=f"Kegiatan tenggat {n}",
            output_unit="kegiatan",
            standard_minutes=15,
            evidence_required=False,
        ).pk
        for n in range(3)
    ]
    today = datetime.now().astimezone().date()
    working = set(calendar_days(today.year, today.month))
    day = next(
        (today - timedelta(days=n) for n in range(4) if today - timedelta(days=n) in working), today
    )
    connection.set_schema_to_public()
    return city, phones, readers, kinds, day, time.perf_counter() - started, result.counts


def _verifier_ids():
    from core.performance.models import ActivityEntry

    return ActivityEntry.objects.exclude(verifier=None).values("verifier_id").distinct()[:200]


def _reminders(city, day) -> tuple[float, int]:
    """Compute and queue the afternoon reminders for the whole city: (seconds, rows)."""
    from django.db import connection
    from django.utils import timezone

    from core.people.models import Employee
    from core.reminders.models import PushSubscription
    from core.reminders.services import queue_reminders

    connection.set_tenant(city)
    Employee.objects.filter(email="").update(email="asn@kota.example")
    PushSubscription.objects.bulk_create(
        [
            PushSubscription(
                user_id=u, endpoint=f"https://push.example/{u}", p256dh="k" * 87, auth="a" * 22
            )
            for u in Employee.objects.exclude(user=None).values_list("user_id", flat=True)
        ],
        batch_size=5000,
    )
    at = timezone.make_aware(datetime.combine(day, dtime(15, 30)))
    started = time.perf_counter()
    queued = queue_reminders(at)
    seconds = time.perf_counter() - started
    connection.set_schema_to_public()
    return seconds, queued.rows


def _count(city, outcomes: list[Outcome]) -> dict:
    """Accepted answers against rows: lost (accepted, no row) and duplicated keys."""
    from django.db import connection
    from django.db.models import Count

    from core.performance.models import ActivityEntry

    accepted: dict[tuple[int, str], int] = {}
    for out in outcomes:
        accepted.update(out.accepted)
    connection.set_tenant(city)
    keys = {k for _u, k in accepted}
    rows = {}
    for chunk_start in range(0, len(keys), 5000):
        chunk = list(keys)[chunk_start : chunk_start + 5000]
        for user, key, entry_id in ActivityEntry.objects.filter(
            idempotency_key__in=chunk
        ).values_list("created_by_id", "idempotency_key", "id"):
            rows.setdefault((user, key), []).append(entry_id)
    duplicated_keys = (
        ActivityEntry.objects.exclude(idempotency_key="")
        .values("created_by_id", "idempotency_key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    connection.set_schema_to_public()
    lost = sum(1 for k in accepted if k not in rows)
    mismatched = sum(1 for k, i in accepted.items() if k in rows and rows[k] != [i])
    return {
        "accepted": len(accepted),
        "rows": sum(len(v) for v in rows.values()),
        "lost": lost,
        "duplicated": duplicated_keys + mismatched,
    }


def _cache_used() -> str:
    """Which cache the workers share: the city figures are recomputed once per data
    version and window by one of them (Redis), or by each worker (per-process memory)."""
    if os.environ.get("REDIS_URL"):
        return "Redis (REDIS_URL), shared by the workers"
    return "per-process memory (no REDIS_URL): each worker recomputes the city figures"


def run(ctx: Context) -> list[Figure]:
    population = ctx.scale(POPULATION, 400)
    seconds = ctx.scale(PHASE_SECONDS, 3)
    city, phones, readers, kinds, day, setup_seconds, counts = _setup(ctx, population)
    reminder_seconds, reminder_rows = _reminders(city, day)
    host = f"{city.slug}.localhost"
    server, port = start_gunicorn("config.wsgi:application", workers=WORKERS, timeout=120)
    peak = peak_rate(population)
    phases = [("average", peak / PEAK_FACTOR), ("peak", peak), ("3x peak", peak * TARGET_FACTOR)]
    results = []
    try:
        burst = Burst(port, host, phones, kinds, day, readers)
        for _ in range(150):
            status, _data = _request(port, host, "GET", "/api/v1/work/dashboard/me/", phones[0][1])
            if status == 200:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        burst.phase(min(peak, 20), 2)  # warm every worker
        for name, rate in phases:
            out, reads = burst.phase(rate, seconds)
            results.append((name, rate, out, reads))
    finally:
        server.terminate()
        server.wait(timeout=30)
    tally = _count(city, [r[2] for r in results])

    figures = []
    lines = []
    for name, rate, out, reads in results:
        sent = len(out.latencies)
        lines.append(
            f"{name}: {rate:.0f} new entries/s offered for {seconds} s, "
            f"{sent / out.elapsed:.0f} requests/s served (replays included), "
            f"p50 {percentile_text(out.latencies, 0.5)}, "
            f"p95 {percentile_text(out.latencies, 0.95)}, "
            f"p99 {percentile_text(out.latencies, 0.99)}, {out.errors} errors of {sent} "
            f"({', '.join(f'{k}: {v}' for k, v in sorted(out.statuses.items()))}), "
            f"{out.replayed_ok} resent keys answered with the original; verification queues "
            f"{len(reads['queue'].latencies)} reads, p95 "
            f"{percentile_text(reads['queue'].latencies, 0.95)}, {reads['queue'].errors} errors; "
            f"city dashboard {len(reads['dashboard'].latencies)} reads, p95 "
            f"{percentile_text(reads['dashboard'].latencies, 0.95)}, "
            f"{reads['dashboard'].errors} errors"
        )
        target = P95AtMost(0.300) if name == "3x peak" else None
        figures.append(
            Figure(
                f"Log an entry, {name} ({rate:.0f}/s + replays)",
                Stat.of(out.latencies),
                target=target,
            )
        )
    figures.append(
        Figure(
            "Entries lost (accepted, no row)",
            Stat.of([float(tally["lost"])]),
            target=Exactly(0, "lost"),
            count=True,
        )
    )
    figures.append(
        Figure(
            "Entries duplicated (one key, two rows)",
            Stat.of([float(tally["duplicated"])]),
            target=Exactly(0, "duplicated"),
            count=True,
        )
    )
    figures.append(
        Figure(
            f"Queue reminders for {population:,} ASN",
            Stat.of([reminder_seconds]),
            target=ValueAtMost(10.0),
        )
    )
    ctx.note(
        f"City: {population:,} ASN ("
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
        + f"), built in {setup_seconds:.0f} s. A day of {ENTRIES_PER_DAY} entries per ASN "
        f"in 15:00-17:00 averages {peak / PEAK_FACTOR:.1f} entries/s; the peak (5x) is "
        f"{peak:.1f}/s; the target load is {TARGET_FACTOR}x the peak, "
        f"{peak * TARGET_FACTOR:.0f}/s. "
        f"Each phase {seconds} s open loop; {REPLAY_SHARE:.0%} of arriving phones replay "
        f"{REPLAY_LENGTH} queued entries then resend the last; {READERS_PER_SECOND} reads/s "
        f"of verification queues and the city dashboard. gunicorn {WORKERS} sync workers "
        f"(config.wsgi, bench settings: pool {{'min_size': 1, 'max_size': 4}} each); "
        f"cache: {_cache_used()}."
    )
    ctx.note("\n".join(f"- {line}" for line in lines))
    ctx.note(
        f"Database check: {tally['accepted']:,} keys accepted (201, or 200 for a resent key), "
        f"{tally['rows']:,} rows hold them; lost {tally['lost']}, duplicated "
        f"{tally['duplicated']}. Reminders: {reminder_rows:,} queued (push and e-mail, "
        f"'not logged' and supervisors' reminders) in {reminder_seconds:.2f} s."
    )
    return figures
