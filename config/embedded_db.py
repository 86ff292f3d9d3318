"""The embedded PostgreSQL used when no DATABASE_URL is given.

`make run` and `make test` must work on a machine with only Python: the `pgserver`
package ships PostgreSQL binaries and runs a server on a Unix socket in a data
folder inside the checkout (`.pgdata/`), reused on the next run.
"""

from __future__ import annotations

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".pgdata"


def embedded_database_url(database: str = "sinergi") -> str:
    """Start (or reuse) the embedded server and return a URL for `database` on it.

    The socket folder is given as `host` in the query string, which libpq and
    django-environ both understand.
    """
    import logging
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import pgserver

        logging.getLogger("pgserver").setLevel(logging.WARNING)
        server = pgserver.get_server(DATA_DIR, cleanup_mode=None)
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
        if "(1 row)" not in exists:
            server.psql(f'CREATE DATABASE "{database}";')
    socket_dir = server.get_uri().split("host=", 1)[1]
    return f"postgres://postgres@/{database}?host={socket_dir}"
