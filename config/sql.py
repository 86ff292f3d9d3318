"""Hand-written SQL helpers: prepared statements for the few queries on hot paths, and
the one identifier quoting for schema and table names built into statements."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import connection
from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]  # psycopg 3 only; django-stubs omit it
    ServerBindingCursor,
)
from django.db.backends.utils import CursorWrapper
from django.db.models import Model


@contextmanager
def prepared_cursor() -> Iterator[CursorWrapper]:
    """A cursor whose statements PostgreSQL parses and plans once per pooled connection.

    Django binds parameters on the client, so PostgreSQL plans every query anew; for
    a recursive query that is most of its cost. This cursor binds on the server, and
    the connection prepares what it runs while the cursor is open (Django leaves
    preparing off; its own cursors bind on the client and never prepare). Django's
    query logging and error translation still apply. PostgreSQL re-parses a prepared
    statement whenever `search_path` has changed, so one serves every city's schema.

    Parameters are sent typed except text and None, whose type PostgreSQL infers
    from the context: cast them in the SQL where it cannot (`%(name)s::text`).
    """
    # django-tenants forgets the path it set on every tenant switch, rollback and close;
    # only then is a throwaway cursor needed to connect and set it.
    if connection.connection is None or not getattr(connection, "search_path_set_schemas", None):
        with connection.cursor():
            pass
    database = connection.connection
    raw = ServerBindingCursor(database)
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    database.prepare_threshold = 0
    try:
        yield wrap(raw)
    finally:
        database.prepare_threshold = None
        raw.close()


def model_columns(model: type[Model], alias: str) -> str:
    """`alias."col", ...` for every column of `model`, in the order `model_from_row` reads."""
    return ", ".join(f'{alias}."{field.attname}"' for field in model._meta.concrete_fields)


_M = TypeVar("_M", bound=Model)


def model_from_row(model: type[_M], values: tuple) -> tuple[_M | None, tuple]:
    """An instance of `model` from the front of a row selected by `model_columns`, and the
    rest of the row; None when the (outer-joined) row is absent."""
    names = [field.attname for field in model._meta.concrete_fields]
    own, rest = values[: len(names)], values[len(names) :]
    instance = model.from_db(connection.alias, names, own) if own[0] is not None else None
    return instance, rest


def quote_identifier(identifier: str) -> str:
    """A PostgreSQL identifier in double quotes (inner quotes doubled): schema, table or
    column names that come from model metadata or validated slugs, never from input."""
    return '"' + identifier.replace('"', '""') + '"'
