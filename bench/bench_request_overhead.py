"""Request overhead of tenancy: a minimal page on a city host vs the same page untenanted.

Both sides are Django WSGI handlers called in-process with prepared environ dicts
(no sockets, no test client), with the same settings, URLconf (bench/urls.py) and
middleware, except that the untenanted handler is built without the three tenancy
middlewares (CityRoutingMiddleware, SessionBelongsToSchemaMiddleware,
ReadOnlyCityMiddleware). Requests run in alternating blocks, each timed alone; the
figure is the difference of the medians.

A second pair does one `SELECT 1` per request: the city side through django-tenants'
backend (which must set the city's search_path), the untenanted side through the
`plain` alias (Django's own backend). It shows what a page that touches the database
pays for tenancy; the 0.3 ms target is set on the minimal page.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import time

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.test.utils import override_settings

from bench.context import Context
from bench.figures import DifferenceAtMost, Figure
from bench.timing import Stat, format_seconds

TENANCY_MIDDLEWARE = (
    "tenants.middleware.CityRoutingMiddleware",
    "tenants.middleware.SessionBelongsToSchemaMiddleware",
    "tenants.middleware.ReadOnlyCityMiddleware",
)
OVERHEAD_BUDGET = 0.3e-3


def environ_for(host: str, path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": host,
        "HTTP_ACCEPT_LANGUAGE": "id",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def _start_response(status, headers, exc_info=None):
    if not status.startswith("200"):
        raise RuntimeError(f"Benchmark page answered {status}")


def serve(handler: WSGIHandler, environ: dict) -> None:
    """One request, closed as a WSGI server would (which fires request_finished)."""
    response = handler(dict(environ), _start_response)
    response.close()


def timed_requests(handler: WSGIHandler, environ: dict, count: int) -> list[float]:
    samples = []
    perf = time.perf_counter
    for _ in range(count):
        request_environ = dict(environ)
        started = perf()
        response = handler(request_environ, _start_response)
        response.close()
        samples.append(perf() - started)
    return samples


def compare(sides: dict[str, tuple[WSGIHandler, dict]], *, blocks: int, per_block: int):
    """Alternate blocks of requests between the sides; per-request samples per side."""
    samples: dict[str, list[float]] = {name: [] for name in sides}
    for handler, environ in sides.values():
        timed_requests(handler, environ, 200)  # warm caches, pools and the route cache
    for _ in range(blocks):
        for name, (handler, environ) in sides.items():
            samples[name].extend(timed_requests(handler, environ, per_block))
    return {name: Stat.of(values) for name, values in samples.items()}


def build_handlers() -> tuple[WSGIHandler, WSGIHandler]:
    tenanted = WSGIHandler()
    untenanted_middleware = [m for m in settings.MIDDLEWARE if m not in TENANCY_MIDDLEWARE]
    with override_settings(MIDDLEWARE=untenanted_middleware):
        untenanted = WSGIHandler()
    return tenanted, untenanted


def run(ctx: Context) -> list[Figure]:
    city = ctx.provision(ctx.new_slug("overhead")).city
    host = f"{city.slug}.{settings.ROOT_DOMAIN}"
    blocks, per_block = ctx.scale(10, 2), ctx.scale(1000, 100)
    with override_settings(ROOT_URLCONF="bench.urls"):
        tenanted, untenanted = build_handlers()
        minimal = compare(
            {
                "city": (tenanted, environ_for(host, "/bench/ping/")),
                "plain": (untenanted, environ_for(host, "/bench/ping/")),
            },
            blocks=blocks,
            per_block=per_block,
        )
        with_query = compare(
            {
                "city": (tenanted, environ_for(host, "/bench/db/")),
                "plain": (untenanted, environ_for(host, "/bench/plain-db/")),
            },
            blocks=blocks,
            per_block=per_block,
        )
        minimal_figure = Figure(
            "Minimal page on a city host (full middleware)",
            minimal["city"],
            baseline=minimal["plain"],
            baseline_label="same view, no tenancy",
            target=DifferenceAtMost(OVERHEAD_BUDGET),
        )
        query_figure = Figure(
            "Page with one query on a city host",
            with_query["city"],
            baseline=with_query["plain"],
            baseline_label="same view, no tenancy, plain backend",
        )
        ctx.note(
            f"Tenancy overhead per request (difference of medians): minimal page "
            f"{format_seconds(minimal_figure.difference)}, page with one query "
            f"{format_seconds(query_figure.difference)}."
        )
        ctx.note(profile_note(tenanted, environ_for(host, "/bench/ping/"), ctx.scale(3000, 200)))
    return [minimal_figure, query_figure]


def profile_note(handler: WSGIHandler, environ: dict, count: int) -> str:
    """Where the tenancy time goes: cProfile of the city side, tenancy functions only."""
    # CPU time, not wall time: on a busy machine waiting for the CPU would swamp the rows.
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(count):
        serve(handler, environ)
    profiler.disable()
    stats = pstats.Stats(profiler)
    names = _middleware_names()
    rows = []
    for (filename, line, function), (_cc, calls, own, cumulative, _callers) in stats.stats.items():
        if "/tenants/" in filename or "django_tenants" in filename:
            name = names.get((filename, line), function)
            rows.append((cumulative, own, calls, f"{_short(filename)}:{name}"))
    rows.sort(reverse=True)
    lines = [
        f"cProfile (CPU time) of {count} city requests, tenancy functions only. The "
        "profiler inflates absolute times, so compare the rows. Cumulative time includes "
        "everything called below, i.e. the rest of the middleware chain and the view for "
        "the middlewares' `__call__`:",
        "",
        "| Function | Cumulative per request | Own per request |",
        "|---|---|---|",
    ]
    for cumulative, own, _calls, name in rows[:10]:
        lines.append(
            f"| `{name}` | {format_seconds(cumulative / count)} | {format_seconds(own / count)} |"
        )
    return "\n".join(lines)


def _middleware_names() -> dict[tuple[str, int], str]:
    """(file, first line) of each tenancy middleware's __call__ -> "Class.__call__"."""
    from django.utils.module_loading import import_string

    names = {}
    for path in TENANCY_MIDDLEWARE:
        code = import_string(path).__call__.__code__
        names[(code.co_filename, code.co_firstlineno)] = f"{path.rsplit('.', 1)[1]}.__call__"
    return names


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/main/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename
