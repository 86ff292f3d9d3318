"""Citus: a city page and provisioning on the coordinator vs plain, a city moved under load.

Runs only when a Citus coordinator answers at `CITUS_DATABASE_URL` (default: the local
cluster of platform/citus/build_cluster.sh, 127.0.0.1:9700); otherwise it records why
it was skipped. Each side runs bench/citus_probe.py in a process of its own: the plain
side on the bench database of this run, the Citus side on `<name>_bench` of the
coordinator, recreated on all three nodes when it is the local cluster.

The city page is bench/views.city_reads (three ORM reads of city tables) through the
full tenanted middleware, in-process WSGI. The move is `citus_schema_move` with
`shard_transfer_mode => 'auto'` (logical replication) while a second thread requests
the page every 50 ms; every request must succeed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench.context import Context
from bench.database import database_name, with_database
from bench.figures import Figure, RatioAtMost, Target, ValueAtMost
from bench.timing import Stat

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:9700/sinergi_citus"


@dataclass(frozen=True)
class NoFailedRequests(Target):
    failed: int

    def describe(self) -> str:
        return "0 failed requests"

    def met(self, figure: Figure) -> bool:
        return self.failed == 0


def _reachable(url: str) -> bool:
    parts = urlsplit(url)
    pg_isready = shutil.which("pg_isready")
    if pg_isready is None:
        return False
    host, port = parts.hostname or "127.0.0.1", str(parts.port or 5432)
    result = subprocess.run([pg_isready, "-q", "-h", host, "-p", port], check=False)
    return result.returncode == 0


def _probe(url: str, *args: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.citus_probe", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"citus_probe failed on {url}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(ctx: Context) -> list[Figure]:
    citus_url = os.environ.get("CITUS_DATABASE_URL", DEFAULT_URL)
    if not _reachable(citus_url):
        ctx.note(
            f"Skipped: no Citus coordinator answers at {urlsplit(citus_url).netloc} "
            "(start the local cluster: platform/citus/README.md)."
        )
        return []
    bench_url = with_database(citus_url, database_name(citus_url) + "_bench")
    parts = urlsplit(citus_url)
    if (parts.hostname, parts.port) == ("127.0.0.1", 9700):
        script = str(ROOT / "platform/citus/build_cluster.sh")
        name = database_name(bench_url)
        subprocess.run([script, "dropdb", name], check=True, capture_output=True)
        subprocess.run([script, "createdb", name], check=True, capture_output=True)
    cities, requests = str(ctx.scale(3, 1)), str(ctx.scale(400, 50))
    plain = _probe(os.environ["DATABASE_URL"], "--cities", cities, "--requests", requests)
    citus = _probe(bench_url, "--cities", cities, "--requests", requests, "--move")
    move = citus["move"]
    figures = [
        Figure(
            "City page, 3 reads of city tables: Citus coordinator",
            Stat.of(citus["request_samples"]),
            baseline=Stat.of(plain["request_samples"]),
            baseline_label="plain PostgreSQL",
            target=RatioAtMost(2.5),
        ),
        Figure(
            "Provision a city (Surabaya model): Citus coordinator",
            Stat.of(citus["provision_seconds"]),
            baseline=Stat.of(plain["provision_seconds"]),
            baseline_label="plain PostgreSQL",
        ),
        Figure(
            f"Requests every 50 ms during citus_schema_move ({move['requests']} requests, "
            f"{move['failed']} failed)",
            Stat.of(move["samples"] or [0.0]),
            target=NoFailedRequests(move["failed"]),
        ),
        Figure(
            "citus_schema_move of a city between workers (logical replication)",
            Stat.of([move["move_seconds"]]),
            target=ValueAtMost(60.0),
        ),
    ]
    ctx.note(
        f"Every bench city was a distributed schema: {citus['distributed']}. The move took "
        f"the city from worker port {move['from_port']} to {move['to_port']} "
        f"(placement afterwards correct: {move['moved']}); slowest request during it "
        f"{move['worst_ms']:.0f} ms, median {move['median_ms']:.0f} ms."
        + (f" Failures: {move['failures']}" if move["failed"] else "")
    )
    return figures
