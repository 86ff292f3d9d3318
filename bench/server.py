"""A gunicorn server for the HTTP figures: the bench settings, a free port on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_gunicorn(app: str, *, workers: int, timeout: int, backlog: int = 2048):
    """(the server process, its port) for `app` (a gunicorn app spec), with sync workers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "PYTHONPATH": str(ROOT),
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        *("--workers", str(workers), "--bind", f"127.0.0.1:{port}"),
        *("--backlog", str(backlog), "--log-level", "warning", "--timeout", str(timeout)),
        app,
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env), port
