"""The embedded PostgreSQL used when no DATABASE_URL is given.

`make run` and `make test` must work on a machine with only Python: the `pgserver`
package ships PostgreSQL binaries and runs a server on a Unix socket in a data
folder inside the checkout (`.pgdata/`), reused on the next run.

A run can end any way (Ctrl-C, SIGTERM, kill -9 of the server or of PostgreSQL itself),
so before starting, `repair` clears what such an end can leave behind and what would
otherwise stop the next run: pgserver's handle file empty or half-written (it failed with
a JSONDecodeError), a `postmaster.pid` that is empty, cut short or names a process that is
not that server (pgserver would trust it, PostgreSQL would refuse to start), and server
processes orphaned by a killed postmaster (they hold its shared memory).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".pgdata"
HANDLE_FILE = ".handle_pids.json"
POSTMASTER_LINES = 8  # what pgserver expects of a running server's postmaster.pid

logger = logging.getLogger(__name__)


def embedded_database_url(database: str = "sinergi", data_dir: Path | None = None) -> str:
    """Start (or reuse) the embedded server and return a URL for `database` on it.

    The socket folder is given as `host` in the query string, which libpq and
    django-environ both understand.
    """
    import warnings

    data_dir = Path(data_dir or DATA_DIR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import pgserver

        logging.getLogger("pgserver").setLevel(logging.WARNING)
        from pgserver.postgres_server import PostgresServer

        with PostgresServer._lock:  # the lock pgserver itself starts servers under
            for problem in repair(data_dir):
                logger.warning("embedded PostgreSQL: %s", problem)
        server = pgserver.get_server(data_dir, cleanup_mode=None)
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
        if "(1 row)" not in exists:
            server.psql(f'CREATE DATABASE "{database}";')
    socket_dir = server.get_uri().split("host=", 1)[1]
    return f"postgres://postgres@/{database}?host={socket_dir}"


def repair(data_dir: Path) -> list[str]:
    """Clear what an interrupted run left in `data_dir`; say what was done."""
    if not data_dir.is_dir():
        return []
    done = _repair_handle_file(data_dir / HANDLE_FILE)
    postmaster = _live_postmaster(data_dir)
    if postmaster is None:
        done += _remove_stale_pid_file(data_dir)
        done += _stop_orphans(data_dir)
    return done


def _repair_handle_file(path: Path) -> list[str]:
    """pgserver's list of processes using the server: keep the live ones, valid JSON."""
    if not path.exists():
        return []
    try:
        pids = json.loads(path.read_text() or "null")
        valid = isinstance(pids, list) and all(isinstance(pid, int) for pid in pids)
    except (ValueError, OSError):
        pids, valid = [], False
    live = [pid for pid in pids if _alive(pid)] if valid else []
    if valid and live == pids:
        return []
    _write_atomically(path, json.dumps(live))
    return [f"rewrote {path.name} ({'unreadable' if not valid else 'dead processes'})"]


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


def _live_postmaster(data_dir: Path) -> int | None:
    """The pid of the PostgreSQL server running on `data_dir`, if its pid file is sound."""
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    if not _is_postgres(pid, data_dir):
        return None
    if len(lines) < POSTMASTER_LINES:
        logger.warning("embedded PostgreSQL %s is running with a short postmaster.pid", pid)
    return pid


def _remove_stale_pid_file(data_dir: Path) -> list[str]:
    path = data_dir / "postmaster.pid"
    if not path.exists():
        return []
    path.unlink(missing_ok=True)
    return ["removed a stale postmaster.pid"]


def _stop_orphans(data_dir: Path) -> list[str]:
    """Server processes of `data_dir` whose postmaster is gone (kill -9 of PostgreSQL)."""
    import psutil

    orphans = []
    for process in psutil.process_iter(["name", "cwd"]):
        if process.info["name"] == "postgres" and _same_dir(process.info["cwd"], data_dir):
            orphans.append(process)
    for process in orphans:
        with contextlib.suppress(psutil.Error):
            process.send_signal(signal.SIGKILL)
    psutil.wait_procs(orphans, timeout=5)
    time.sleep(0.1 if orphans else 0)
    return [f"stopped {len(orphans)} orphaned server processes"] if orphans else []


def _is_postgres(pid: int, data_dir: Path) -> bool:
    import psutil

    try:
        process = psutil.Process(pid)
        return process.name() == "postgres" and _same_dir(process.cwd(), data_dir)
    except psutil.Error:
        return False


def _same_dir(path: str | None, data_dir: Path) -> bool:
    try:
        return path is not None and Path(path).resolve() == data_dir.resolve()
    except OSError:
        return False


def _alive(pid: int) -> bool:
    import psutil

    return psutil.pid_exists(pid)
