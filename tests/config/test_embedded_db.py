"""`make run` starts cleanly however the last run ended: the embedded PostgreSQL is started
in a temporary folder, killed with SIGKILL, its folder left as a killed run leaves it
(handle file empty, postmaster.pid stale or naming another live process), and started again.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import time
from pathlib import Path

import psycopg
import pytest

from config import embedded_db

pgserver = pytest.importorskip("pgserver", reason="pgserver (the embedded PostgreSQL) is absent")


def _postmaster_pid(data: Path) -> int:
    return int((data / "postmaster.pid").read_text().splitlines()[0])


def _forget(data: Path) -> None:
    """Make this process start over, like a new `make run` (pgserver caches its handle)."""
    from pgserver.postgres_server import PostgresServer

    instance = PostgresServer._instances.pop(data.resolve(), None)
    if instance is not None:
        atexit.unregister(instance._cleanup)


def _kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
    raise AssertionError(f"process {pid} survived SIGKILL")


def _answers(url: str) -> bool:
    with psycopg.connect(url.replace("postgres://", "postgresql://"), connect_timeout=5) as conn:
        return conn.execute("SELECT 1").fetchone() == (1,)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    """One data folder (initdb once) for the module; each test leaves a server running."""
    # A short path: the server's Unix socket lives in it (socket paths are limited).
    folder = Path(tmp_path_factory.mktemp("pg", numbered=True)) / "d"
    folder.mkdir()
    yield folder
    try:
        pid = _postmaster_pid(folder)
        os.kill(pid, signal.SIGQUIT)  # immediate shutdown of what the test started
    except (OSError, ValueError, IndexError):
        pass
    _forget(folder)


def test_a_running_server_is_reused_and_never_touched(data):
    assert _answers(embedded_db.embedded_database_url("uji", data_dir=data))
    pid = _postmaster_pid(data)
    _forget(data)
    assert embedded_db.repair(data) == []
    assert _answers(embedded_db.embedded_database_url("uji", data_dir=data))
    assert _postmaster_pid(data) == pid


def test_starts_again_after_kill_9_with_an_empty_handle_file_and_a_stale_pid(data):
    assert _answers(embedded_db.embedded_database_url("uji", data_dir=data))
    _kill(_postmaster_pid(data))  # kill -9 of the embedded PostgreSQL
    _forget(data)
    (data / embedded_db.HANDLE_FILE).write_text("")  # what a SIGTERM mid-write left
    lines = (data / "postmaster.pid").read_text().splitlines()
    lines[0] = str(os.getpid())  # a live process that is not the server: pgserver trusts it
    (data / "postmaster.pid").write_text("\n".join(lines) + "\n")

    started = time.monotonic()
    url = embedded_db.embedded_database_url("uji", data_dir=data)
    assert _answers(url)
    assert time.monotonic() - started < 30
    assert json.loads((data / embedded_db.HANDLE_FILE).read_text()) == [os.getpid()]


def test_starts_again_after_an_empty_postmaster_pid_and_a_corrupt_handle_file(data):
    assert _answers(embedded_db.embedded_database_url("uji", data_dir=data))
    _kill(_postmaster_pid(data))
    _forget(data)
    (data / embedded_db.HANDLE_FILE).write_text("[12, ")
    (data / "postmaster.pid").write_text("")
    assert _answers(embedded_db.embedded_database_url("uji", data_dir=data))
