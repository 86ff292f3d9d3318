"""The benchmark's own database, dropped and created afresh at every run.

Which server: `BENCH_DATABASE_URL` if set (used as is); otherwise the server of
`DATABASE_URL` with a database named `BENCH_DATABASE_NAME`, by default the name of the
`DATABASE_URL` database plus `_bench` (`h_dev` -> `h_dev_bench`), so `make bench` never
touches the database you develop or test with, and people sharing a server do not
drop each other's bench database; otherwise the embedded PostgreSQL
(`config.embedded_db`) with a database named `BENCH_DATABASE_NAME` or `sinergi_bench`.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

DEFAULT_NAME = "sinergi_bench"


def bench_database_url() -> str:
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    shared = os.environ.get("DATABASE_URL")
    if shared:
        name = os.environ.get("BENCH_DATABASE_NAME") or f"{database_name(shared)}_bench"
        return with_database(shared, name)
    from config.embedded_db import embedded_database_url

    return embedded_database_url(os.environ.get("BENCH_DATABASE_NAME") or DEFAULT_NAME)


def with_database(url: str, name: str) -> str:
    """The same server URL pointing at database `name`."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _libpq_url(url: str) -> str:
    """A URL libpq accepts (Django's `postgres://` scheme and `?host=` socket folder work)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql"))


def reset_database(url: str) -> None:
    """Drop the database of `url` (closing its sessions) and create it empty."""
    import psycopg
    from psycopg import sql

    name = database_name(url)
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"Refusing to reset database {name!r}: give the bench its own database.")
    maintenance = _libpq_url(with_database(url, "postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        ident = sql.Identifier(name)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(ident))
