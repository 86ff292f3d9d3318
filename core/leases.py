"""Leases for long operations: a PostgreSQL advisory lock held by the session doing the work.

A month close, a revenue close, an ASN import or a pilot reset must run once at a time,
and must never leave behind an "in progress" mark that outlives the process that wrote
it (a close killed half-way used to leave its month "closing" for ever). A lease here is
not a row: it is an advisory lock on the database session that does the work, so

- a second attempt is refused at once while the holder is alive (`LeaseBusy`);
- when the holder dies (process killed, connection dropped, backend terminated) the
  server drops the lock with the session, and the next attempt takes over;
- a holder that goes quiet inside a transaction loses its session after
  `LEASE_IDLE_SECONDS` (idle_in_transaction_session_timeout), and TCP keepalives on the
  session notice a client whose network vanished;
- who holds what is visible in `pg_stat_activity` (the holder's `application_name`
  names the lease and when it was taken), which `manage.py leases` lists and can release.

Inside a transaction the lock is transaction-scoped (it ends with the transaction);
outside, session-scoped and released when the block ends. If the block fails because the
connection broke, the broken connection is closed so that any clean-up after it runs on
a fresh one. Advisory locks are database-wide, so the key includes the schema (city).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection

# First half of every lease key (pg_advisory_lock(int, int)): "SNRG" as an int4.
NAMESPACE = 0x534E5247
APP_PREFIX = "lease:"

_SESSION_SETTINGS = {
    # A holder silent inside a transaction this long loses its session, and its lease.
    "idle_in_transaction_session_timeout": lambda: f"{_idle_seconds()}s",
    # A holder whose network vanished is noticed within about 25 s (TCP sessions only).
    "tcp_keepalives_idle": lambda: "10",
    "tcp_keepalives_interval": lambda: "5",
    "tcp_keepalives_count": lambda: "3",
    # Long operations set their own statement limit, not the web requests' one.
    "statement_timeout": lambda: f"{getattr(settings, 'LEASE_STATEMENT_TIMEOUT', 600)}s",
}


class LeaseBusy(Exception):
    """Somebody alive holds this lease."""

    def __init__(self, name: str):
        super().__init__(f"lease {name!r} is held by another session")
        self.name = name


@dataclass(frozen=True)
class Holder:
    """A session holding a lease, read from pg_stat_activity."""

    pid: int
    name: str
    started: datetime | None
    last_activity: datetime | None
    state: str
    client: str

    @property
    def idle_seconds(self) -> float:
        if self.last_activity is None:
            return 0.0
        return max(0.0, (datetime.now(UTC) - self.last_activity).total_seconds())


def _idle_seconds() -> int:
    return int(getattr(settings, "LEASE_IDLE_SECONDS", 60))


def _schema() -> str:
    return getattr(connection, "schema_name", None) or "public"


def lease_key(name: str, schema: str | None = None) -> str:
    """The text a lease is known by: `<schema>:<name>`."""
    return f"{schema or _schema()}:{name}"


@contextmanager
def hold(name: str) -> Iterator[None]:
    """Hold the lease `name` of the current schema for the block, or raise LeaseBusy."""
    key = lease_key(name)
    scoped = connection.in_atomic_block
    function = "pg_try_advisory_xact_lock" if scoped else "pg_try_advisory_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, hashtext(%s))", [NAMESPACE, key])
        if not cursor.fetchone()[0]:
            raise LeaseBusy(key)
        label = f"{APP_PREFIX}{int(time.time())}:{key}"[:63]
        names = ["application_name", *_SESSION_SETTINGS]
        values = [label, *(value() for value in _SESSION_SETTINGS.values())]
        cursor.execute(
            "SELECT count(set_config(n, v, false)) FROM unnest(%s::text[], %s::text[]) AS s(n, v)",
            [names, values],
        )
    failed = False
    try:
        yield
    except BaseException:
        failed = True
        raise
    finally:
        _release(key, scoped=scoped, failed=failed)


def _release(key: str, *, scoped: bool, failed: bool) -> None:
    raw = connection.connection
    if raw is None or raw.closed or getattr(raw, "broken", False):
        # The session is gone and the server dropped the lock with it: make sure whatever
        # runs next on this thread gets a fresh connection instead of the dead one.
        connection.close()
        return
    if connection.in_atomic_block and connection.needs_rollback:
        return  # an aborted transaction: the lock and the settings go with its rollback
    resets = "; ".join(f"RESET {setting}" for setting in ["application_name", *_SESSION_SETTINGS])
    try:
        with connection.cursor() as cursor:
            if not scoped:
                cursor.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", [NAMESPACE, key])
            cursor.execute(resets)
    except Exception:
        if failed:
            connection.close()  # never let the release hide the original error
        else:
            raise


_HOLDERS_SQL = """
SELECT a.pid, a.application_name, a.state_change, a.state, coalesce(a.client_addr::text, 'local')
FROM pg_locks l
JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s AND l.objsubid = 2
  AND a.datname = current_database()
ORDER BY a.pid
"""


def holders() -> list[Holder]:
    """Every session of this database holding a lease, oldest lease first."""
    with connection.cursor() as cursor:
        cursor.execute(_HOLDERS_SQL, [NAMESPACE])
        rows = cursor.fetchall()
    result = []
    for pid, app, last, state, client in rows:
        started, name = None, app or "?"
        if app and app.startswith(APP_PREFIX):
            stamp, _sep, name = app.removeprefix(APP_PREFIX).partition(":")
            if stamp.isdigit():
                started = datetime.fromtimestamp(int(stamp), UTC)
        result.append(Holder(pid, name, started, last, state or "", client))
    return sorted(result, key=lambda h: (h.started or datetime.max.replace(tzinfo=UTC), h.pid))


def release(pid: int) -> bool:
    """End the session `pid` if it holds a lease (its work rolls back, its lease is freed)."""
    if not any(holder.pid == pid for holder in holders()):
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        return bool(cursor.fetchone()[0])
