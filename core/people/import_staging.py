"""Getting an ASN file's rows into a temporary table, as text, in file order.

A CSV file is handed to PostgreSQL as it is (`COPY ... FORMAT csv`), which parses it
several times faster than Python; what COPY refuses (blank lines, rows with missing
or extra cells, bytes Windows-1252 lacks) is parsed in Python instead and streamed
row by row, exactly as an .xlsx file is. Either way the table `_asn_file` holds one
row per record after the header, numbered `n` from 1, and `Staged` says which of its
columns holds which of the importer's columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction

from core.people.tabular import IMPORT_COLUMNS, CsvFile, Table

FILE_TABLE = "_asn_file"


@dataclass(frozen=True)
class Staged:
    headers: list[str]  # the file's normalised headers
    columns: dict[str, str]  # importer column -> column of FILE_TABLE (absent: not in the file)
    all_columns: list[str]  # every column of FILE_TABLE with the file's cells
    tidy: bool = False  # no cell needs trimming or collapsing (see CsvFile.tidy)


def stage(source: Table | CsvFile) -> Staged:
    """Create FILE_TABLE (dropped at commit) and fill it from the file."""
    if isinstance(source, CsvFile):
        try:
            with transaction.atomic():
                return _stage_csv(source)
        except DatabaseError:
            source = source.read()  # COPY refused it: the Python reader decides
    return _stage_table(source)


def _create(width: int) -> list[str]:
    names = [f"c{i}" for i in range(1, width + 1)]
    definition = ", ".join(f"{name} text" for name in names)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FILE_TABLE}")
        cursor.execute(
            f"CREATE TEMP TABLE {FILE_TABLE} (n int GENERATED ALWAYS AS IDENTITY,"
            f" {definition}) ON COMMIT DROP"
        )
    return names


def _stage_csv(file: CsvFile) -> Staged:
    names = _create(len(file.headers))
    # A repeated header keeps its last column, as reading it into a dict would.
    columns = {h: name for h, name in zip(file.headers, names, strict=True) if h in IMPORT_COLUMNS}
    delimiter = "';'" if file.delimiter == ";" else "','"
    sql = (
        f"COPY {FILE_TABLE} ({', '.join(names)}) FROM STDIN"
        f" (FORMAT csv, HEADER true, DELIMITER {delimiter}, ENCODING '{file.encoding}')"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.write(file.body)
    return Staged(file.headers, columns, names, file.tidy)


def _stage_table(table: Table) -> Staged:
    """Rows already parsed: the importer's columns, plus one marking a row that is there
    (a Table's blank line is an empty dict, and only that is blank)."""
    names = _create(len(IMPORT_COLUMNS) + 1)
    sql = f"COPY {FILE_TABLE} ({', '.join(names)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for values in table.rows:
            copy.write_row([_text(values.get(c)) for c in IMPORT_COLUMNS] + ["x" if values else ""])
    columns = dict(zip(IMPORT_COLUMNS, names, strict=False))
    return Staged(table.headers, columns, names)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


# The checks and the writer are a few large statements over these temporary tables.
def execute(sql: str, params: dict | list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def create_temp_table(name: str, create_sql: str, params: dict | list | None = None) -> None:
    """Drop the temporary table `name` if this session has it, then run `create_sql` (its
    CREATE TEMP TABLE): two statements, two `execute`s (see tests/config/test_query_hygiene)."""
    execute(f"DROP TABLE IF EXISTS {name}")
    execute(create_sql, params)


def fetch(sql: str, params: dict | list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
