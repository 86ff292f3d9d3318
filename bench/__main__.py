"""`python -m bench [NAME ...]`: run benchmark modules and record their figures.

Runs every `bench/bench_<name>.py` (or only the names given), prints each module's
table and a summary, and rewrites those modules' sections of BENCHMARKS.md. Exits 0
when figures miss their targets (the table says FAIL loudly); exits 1 only when a
module crashed, 2 on a bad command line.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
import traceback
from pathlib import Path

from bench.database import bench_database_url, database_name, reset_database

BENCH_DIR = Path(__file__).resolve().parent


def available_modules() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in BENCH_DIR.glob("bench_*.py"))


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Run the Sinergi benchmarks (see docs/bench.md)."
    )
    parser.add_argument("names", nargs="*", help="modules to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the modules and exit")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run, few repetitions, no BENCHMARKS.md"
    )
    parser.add_argument("--no-write", action="store_true", help="leave BENCHMARKS.md untouched")
    return parser.parse_args(argv)


def prepare_database() -> tuple[str, float]:
    """Create the bench database, migrate it, build the city template. (server, seconds)."""
    url = bench_database_url()
    started = time.perf_counter()
    reset_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = os.environ.get("BENCH_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tenants.schema_builder import city_schema_ddl

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    city_schema_ddl()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = "PostgreSQL " + cursor.fetchone()[0].split()[0]
    return version, time.perf_counter() - started


def run_module(name: str, *, quick: bool):
    from bench import report
    from bench.context import Context
    from bench.report import ModuleResult

    ctx = Context(module=name, quick=quick)
    ctx.drop_cities()
    load_before = report.load_average()
    started = time.perf_counter()
    title, figures, error = name, [], ""
    try:
        module = importlib.import_module(f"bench.bench_{name}")
        title = (module.__doc__ or name).strip().splitlines()[0].rstrip(".")
        figures = list(module.run(ctx))
    except Exception:
        error = traceback.format_exc()
    for figure in figures:
        figure.module = name
    seconds = time.perf_counter() - started
    load_after = report.load_average()
    load = (load_before, load_after) if None not in (load_before, load_after) else None
    return ModuleResult(name, title, figures, ctx.notes, seconds, error, load)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    modules = available_modules()
    if args.list:
        print("\n".join(modules))
        return 0
    unknown = [n for n in args.names if n not in modules]
    if unknown:
        print(f"Unknown benchmark module(s): {', '.join(unknown)}. Available: {', '.join(modules)}")
        return 2
    selected = args.names or modules

    postgres, setup_seconds = prepare_database()
    from bench import report

    host = report.machine(postgres)
    print(f"Machine: {host.summary()}")
    print(
        f"Database {database_name(os.environ['DATABASE_URL'])}: created and migrated "
        f"in {setup_seconds:.1f} s. Modules: {', '.join(selected)}"
        + (" (quick run)" if args.quick else "")
    )
    results = []
    for name in selected:
        print(f"\n== {name} ...", flush=True)
        result = run_module(name, quick=args.quick)
        results.append(result)
        print(f"== {name}: {result.title} ({result.seconds:.1f} s)")
        if result.load:
            print(f"   load average {result.load[0]:.1f} -> {result.load[1]:.1f}")
        if result.figures:
            print(report.terminal_table(result.figures))
        for note in result.notes:
            print("\n" + note)
        if result.error:
            print("MODULE FAILED:\n" + result.error)

    figures = [f for r in results for f in r.figures]
    missed = [f for f in figures if f.passed is False]
    crashed = [r.name for r in results if r.error]
    print("\n== Summary")
    print(report.terminal_table(figures) if figures else "(no figures)")
    if missed:
        print("\n" + "!" * 72)
        for figure in missed:
            print(
                f"!! TARGET MISSED: [{figure.module}] {figure.name}: "
                f"{report.measured_text(figure)}, target {figure.target.describe()}"
            )
        print("!" * 72)
    else:
        print("\nEvery target met." if figures else "")
    if crashed:
        print(f"Modules that crashed: {', '.join(crashed)}")
    if not (args.quick or args.no_write):
        path = report.write_benchmarks(results, host=host)
        print(f"Wrote {path.name}.")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
