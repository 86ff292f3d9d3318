"""Loading many rows into nearly empty tables: secondary indexes and constraints rebuilt.

Adding 20,000 rows one index entry and one foreign-key trigger at a time costs several
times building each index once afterwards and checking each foreign key with one join
(what `ALTER TABLE ... ADD FOREIGN KEY` does). So for a first import into a city, the
tables' foreign keys, unique constraints (other than those a foreign key relies on) and
plain indexes are dropped, the rows written, and every one of them re-created from its
own catalogued definition, under its own name, in the same transaction: what commits is
the same schema, and a failure rolls the drop back with everything else.

Dropping takes an ACCESS EXCLUSIVE lock on the tables until commit, which is why this is
for loading into tables that hold little yet (see core.people.import_writer).
Primary keys stay: other tables' foreign keys depend on them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

_DEFINITIONS_SQL = """
SELECT 1, c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
FROM pg_constraint c
WHERE c.conrelid = ANY(%(tables)s::regclass[]) AND (c.contype = 'f' OR (c.contype = 'u'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint r WHERE r.contype = 'f' AND r.conindid = c.conindid)))
UNION ALL
SELECT 2, i.indrelid::regclass::text, i.indexrelid::regclass::text,
  pg_get_indexdef(i.indexrelid), 'i'
FROM pg_index i
WHERE i.indrelid = ANY(%(tables)s::regclass[]) AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
"""


@contextmanager
def secondary_structures_dropped(tables: list[str]) -> Iterator[None]:
    """Drop the tables' foreign keys, unique constraints and indexes; re-create them after."""
    with connection.cursor() as cursor:
        cursor.execute(_DEFINITIONS_SQL, {"tables": tables})
        found = cursor.fetchall()
        # Foreign keys first (a unique constraint may be what they stand on), then the rest.
        found.sort(key=lambda item: (item[4] != "f", item[0]))
        for _order, table, name, _definition, kind in found:
            if kind == "i":
                cursor.execute(f"DROP INDEX {name}")
            else:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    yield
    with connection.cursor() as cursor:
        for _order, table, name, definition, kind in reversed(found):
            if kind == "i":
                cursor.execute(definition)
            else:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
