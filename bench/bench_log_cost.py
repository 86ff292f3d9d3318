"""Where logging an activity's cost goes: CPU per request, in one process.

`log_activity` measures capacity through gunicorn, where the load generator, the
scheduler and lock waits blur the picture. This module calls the same WSGI application
directly, one request at a time, and counts CPU: the process's own (Django, DRF, the
service, psycopg) plus PostgreSQL's (every server process's, read from /proc). Three
endpoints on the same city, token and row, in interleaved batches:
(a) `POST /api/v1/work/activities/` - the real API (DRF, serializers, `log_activity`);
(b) `POST /bench/plain-log/` - the same `log_activity` behind a plain Django view: the
    token looked up by hand, `json.loads`, the same response serializer, `JsonResponse`;
(c) `POST /bench/bare-log/` - the lower bound of `log_activity`: the token and one insert.
(a) against (b) is what the framework costs; (b) against (c) what the regulated work
costs (the rules' preflight, the audit event, the command centre's counters).
"""

from __future__ import annotations

import io
import itertools
import json
import os
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

from bench.context import Context
from bench.figures import Figure
from bench.timing import Stat

STAFF = 400
BATCH = 100
ROUNDS = 20


# ---------------------------------------------------------------- the plain view
def plain_log(request):
    """The API's work without DRF: the token, the service, the same response body."""
    from datetime import date

    from django.http import HttpResponse, JsonResponse

    from core.accounts.token_lookup import load_token
    from core.performance.api.serializers import ActivitySerializer
    from core.performance.services.activities import log_activity

    user, token = load_token(request.headers.get("Authorization", "")[6:])
    if token is None:
        return HttpResponse(status=401)
    data = json.loads(request.body)
    result = log_activity(
        actor=user,
        activity_type_id=int(data["activity_type"]),
        volume=Decimal(data["volume"]),
        day=date.fromisoformat(data["day"]),
        idempotency_key=request.headers.get("Idempotency-Key", ""),
    )
    body = ActivitySerializer(result.entry).data
    return JsonResponse(body, status=201 if result.created else 200)


def _urlpatterns():
    from django.urls import path
    from django.views.decorators.csrf import csrf_exempt

    from bench import bench_log_activity

    return [
        path("api/v1/bench/plain-log/", csrf_exempt(plain_log)),
        *bench_log_activity._urlpatterns(),
    ]


def __getattr__(name: str):  # `urlpatterns` is built lazily, once Django is set up
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


# ---------------------------------------------------------------- measuring
def postgres_cpu_seconds() -> float | None:
    """CPU seconds used so far by every PostgreSQL process on this machine (Linux)."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        return None
    ticks = 0
    for stat in proc.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, _, rest = text.partition("(")[2].partition(")")
        if name.startswith(("postgres", "postmaster")):
            fields = rest.split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


class Caller:
    """Calls the WSGI application in this process as a client would over HTTP."""

    def __init__(self, app, host: str, tokens: list[str], body: bytes):
        self.app, self.host, self.body = app, host, body
        self.tokens = itertools.cycle(tokens)

    def post(self, path: str) -> None:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "SCRIPT_NAME": "",
            "SERVER_NAME": self.host,
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": self.host,
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(self.body)),
            "HTTP_AUTHORIZATION": f"Token {next(self.tokens)}",
            "HTTP_IDEMPOTENCY_KEY": uuid.uuid4().hex,
            "wsgi.input": io.BytesIO(self.body),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
        }
        status: list[str] = []
        response = self.app(environ, lambda line, headers, *exc: status.append(line))
        b"".join(response)
        response.close()
        if not status[0].startswith("20"):
            raise RuntimeError(f"{path} answered {status[0]}")

    def cpu_per_request(self, path: str, count: int) -> float:
        """Seconds of CPU (this process and PostgreSQL's) per request, over `count`."""
        process, database = time.process_time(), postgres_cpu_seconds()
        for _ in range(count):
            self.post(path)
        used = time.process_time() - process
        if database is not None:
            used += postgres_cpu_seconds() - database
        return used / count


def run(ctx: Context) -> list[Figure]:
    from django.conf import settings

    from bench import bench_log_activity

    staff = ctx.scale(STAFF, 50)
    city, tokens, kind, day = bench_log_activity._setup(ctx, staff)
    app = bench_log_activity.wsgi_app()
    settings.ROOT_URLCONF = "bench.bench_log_cost"
    body = json.dumps({"activity_type": kind.pk, "volume": "1", "day": day.isoformat()})
    caller = Caller(app, f"{city.slug}.localhost", tokens, body.encode())
    paths = {
        "api": "/api/v1/work/activities/",
        "plain": "/api/v1/bench/plain-log/",
        "bare": "/bench/bare-log/",
    }
    batch = ctx.scale(BATCH, 20)
    for path in paths.values():  # warm: imports, prepared statements, caches
        caller.cpu_per_request(path, batch)
    samples: dict[str, list[float]] = {name: [] for name in paths}
    for _round in range(ctx.scale(ROUNDS, 2)):
        for name, path in paths.items():
            samples[name].append(caller.cpu_per_request(path, batch))
    api, plain, bare = (Stat.of(samples[name]) for name in ("api", "plain", "bare"))
    with_database = postgres_cpu_seconds() is not None
    counted = "this process and PostgreSQL" if with_database else "this process"

    def round_ratio(top: str, bottom: str) -> float:
        """The median of each round's ratio: drift between rounds cancels out."""
        return Stat.of([a / b for a, b in zip(samples[top], samples[bottom], strict=True)]).median

    ctx.note(
        f"CPU per request ({counted}), medians of {api.n} interleaved batches of {batch}: "
        f"API {api.median * 1000:.2f} ms, the same service in a plain Django view "
        f"{plain.median * 1000:.2f} ms, the bare insert {bare.median * 1000:.2f} ms. "
        f"Median of the rounds' ratios: API / plain view {round_ratio('api', 'plain'):.2f}, "
        f"plain view / bare insert {round_ratio('plain', 'bare'):.2f}, "
        f"API / bare insert {round_ratio('api', 'bare'):.2f}."
    )
    return [
        Figure(
            "CPU per logged entry: the API vs the same service in a plain view",
            api,
            baseline=plain,
            baseline_label="plain Django view, same service",
            note="what DRF (parsing, authentication, serializers, rendering) adds",
        ),
        Figure(
            "CPU per logged entry: the service vs the bare insert",
            plain,
            baseline=bare,
            baseline_label="bare Django view, same insert",
            note="what the rules, the audit event and the counters cost",
        ),
    ]
