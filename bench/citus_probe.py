"""`python -m bench.citus_probe [--move]`: the measurements of bench/bench_citus.py on the
database of DATABASE_URL (a Citus coordinator or plain PostgreSQL), in a process of
its own so each side gets its own Django set-up. Prints one JSON line last.

It migrates the database, provisions `--cities` cities with the Surabaya model (timed),
then times a city page (bench/views.city_reads: three ORM reads of city tables, through
the full tenanted middleware). With `--move` (Citus only), it requests that page every
50 ms from a second thread while `citus_schema_move` moves the city to another worker,
and reports failed requests and the slowest one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)


def _provision(slug: str) -> float:
    from catalog.adoption import adopt_after_build
    from tenants.services import Actor, provision_city

    started = time.perf_counter()
    provision_city(
        slug,
        name=f"Kota {slug.title()}",
        actor=Actor(label="bench"),
        after_build=adopt_after_build(),
    )
    return time.perf_counter() - started


def _handler():
    from django.core.handlers.wsgi import WSGIHandler

    return WSGIHandler()


def _request(handler, host: str) -> float:
    from bench.bench_request_overhead import environ_for

    failed: list[str] = []

    def start_response(status, headers, exc_info=None):
        if not status.startswith("200"):
            failed.append(status)

    started = time.perf_counter()
    response = handler(environ_for(host, "/bench/city/"), start_response)
    b"".join(response)
    response.close()
    if failed:
        raise RuntimeError(failed[0])
    return time.perf_counter() - started


def _move_under_load(handler, host: str, schema: str) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT s.nodeport FROM citus_shards s "
            "JOIN pg_class c ON c.oid = s.table_name "
            "WHERE c.relnamespace = %s::regnamespace",
            [schema],
        )
        (source,) = [port for (port,) in cursor.fetchall()]
        cursor.execute(
            "SELECT nodename, nodeport FROM pg_dist_node WHERE groupid > 0 AND nodeport <> %s "
            "ORDER BY nodeport LIMIT 1",
            [source],
        )
        target_host, target = cursor.fetchone()

    samples: list[float] = []
    failures: list[str] = []
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            began = time.perf_counter()
            try:
                samples.append(_request(handler, host))
            except Exception as exc:  # counted, never raised: the figure is the count
                failures.append(repr(exc)[:200])
            finally:
                from django.db import connections

                connections.close_all()
            stop.wait(max(0.0, 0.05 - (time.perf_counter() - began)))

    import psycopg

    settings = connection.settings_dict
    thread = threading.Thread(target=load)
    thread.start()
    time.sleep(1.0)
    started = time.perf_counter()
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    ) as conn:
        conn.execute("CALL citus_cleanup_orphaned_resources()")
        conn.execute(
            "SELECT citus_schema_move(%s::regnamespace, %s, %s, shard_transfer_mode => 'auto')",
            [schema, target_host, target],
        )
        seconds = time.perf_counter() - started
        moved_to = conn.execute(
            "SELECT DISTINCT s.nodeport FROM citus_shards s "
            "JOIN pg_class c ON c.oid = s.table_name "
            "WHERE c.relnamespace = %s::regnamespace",
            [schema],
        ).fetchall()
    time.sleep(1.0)
    stop.set()
    thread.join()
    return {
        "move_seconds": seconds,
        "from_port": source,
        "to_port": target,
        "moved": moved_to == [(target,)],
        "requests": len(samples) + len(failures),
        "failed": len(failures),
        "failures": failures[:3],
        "worst_ms": max(samples) * 1000 if samples else None,
        "median_ms": statistics.median(samples) * 1000 if samples else None,
        "samples": samples,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cities", type=int, default=3)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--prefix", default="citusb")
    parser.add_argument("--move", action="store_true")
    args = parser.parse_args(argv)
    _setup()
    from django.test.utils import override_settings

    with override_settings(ROOT_URLCONF="bench.urls"):
        return _measure(args)


def _measure(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.db import connections

    from tenants.citus import citus_present, is_distributed_schema

    slugs = [f"{args.prefix}-{i:02d}-{int(time.time()) % 100000}" for i in range(args.cities)]
    provision = [_provision(slug) for slug in slugs]
    from tenants.models import City

    city = City.objects.get(slug=slugs[0])
    host = f"{city.slug}.{settings.ROOT_DOMAIN}"
    handler = _handler()
    for _ in range(50):  # warm pools, caches and plans
        _request(handler, host)
    samples = [_request(handler, host) for _ in range(args.requests)]
    result = {
        "citus": citus_present(),
        "distributed": all(is_distributed_schema(f"city_{s.replace('-', '_')}") for s in slugs),
        "provision_seconds": provision,
        "request_median_ms": statistics.median(samples) * 1000,
        "request_p95_ms": sorted(samples)[int(len(samples) * 0.95)] * 1000,
        "request_samples": samples,
    }
    connections.close_all()
    if args.move and result["citus"]:
        result["move"] = _move_under_load(handler, host, city.schema_name)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
