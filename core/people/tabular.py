"""Reading and writing the ASN spreadsheet: .xlsx (first sheet) and .csv.

CSV files come from many versions of Excel and personnel systems: UTF-8 with or
without a byte-order mark, or Windows-1252; comma- or semicolon-delimited (Excel in
the Indonesian locale writes semicolons). Headers are matched case-insensitively
with surrounding spaces ignored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from config.spreadsheet import neutralise_row

COLUMNS: tuple[str, ...] = (
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "jenis_kelamin",
    "tanggal_lahir",
    "jenis_asn",
    "golongan",
    "jabatan",
    "jenis_jabatan",
    "kelas_jabatan",
    "unit_kerja",
    "nip_atasan",
    "email",
    "telepon",
)
REQUIRED: tuple[str, ...] = ("nip", "nama", "jenis_asn", "jabatan", "unit_kerja")
# Columns the importer also reads when a file has them (exports from SIASN and BKPSDM
# spreadsheets): "eselon" tells what a "Struktural" jenis_jabatan is. Not exported.
IMPORT_COLUMNS: tuple[str, ...] = (*COLUMNS, "eselon")


# Caps checked before anything is parsed: a file's own claims (an xlsx's declared
# dimensions, a zip's compression ratio) are never trusted.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # as the ASN upload form has always said
# A month of attendance for a 20,000-ASN city is about 460,000 rows.
MAX_ROWS = 500_000
MAX_COLUMNS = 60
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024


class UnreadableFile(ValueError):
    """The upload is not a spreadsheet this importer reads."""

    @property
    def message(self) -> str:
        """A sentence for the person who uploaded the file."""
        from django.utils.translation import gettext as _

        return _("This file cannot be read as .xlsx or .csv.")


class FileTooLarge(UnreadableFile):
    """The upload is over a cap (bytes, rows, columns, or an xlsx that unpacks too big)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what

    @property
    def message(self) -> str:
        from django.utils.translation import gettext as _

        if self.what == "rows":
            return _("The file has more than %(n)s rows.") % {
                "n": f"{MAX_ROWS:,}".replace(",", ".")
            }
        if self.what == "columns":
            return _("The file has more than %(n)s columns.") % {"n": MAX_COLUMNS}
        return _("The file is larger than %(n)s MB.") % {"n": MAX_UPLOAD_BYTES // (1024 * 1024)}


class NulInFile(UnreadableFile):
    """A CSV holding a NUL byte (PostgreSQL cannot store one)."""

    def __init__(self, row: int) -> None:
        super().__init__(row)
        self.row = row

    @property
    def message(self) -> str:
        from django.utils.translation import gettext as _

        return _("Row %(row)s contains a NUL byte, which cannot be stored.") % {"row": self.row}


def check_upload_size(size: int | None) -> None:
    """Refuse an upload over the byte cap before it is read."""
    if (size or 0) > MAX_UPLOAD_BYTES:
        raise FileTooLarge("bytes")


def nul_row(body: bytes) -> int | None:
    """The 1-based line of the first NUL byte in a CSV body, or None."""
    at = body.find(b"\x00")
    if at < 0:
        return None
    return body.count(b"\n", 0, at) + 1


def _check_csv_caps(body: bytes, headers: list[str]) -> None:
    if len(body) > MAX_UPLOAD_BYTES:
        raise FileTooLarge("bytes")
    if len(headers) > MAX_COLUMNS:
        raise FileTooLarge("columns")
    if body.count(b"\n") > MAX_ROWS + 1:
        raise FileTooLarge("rows")


@dataclass(frozen=True)
class Table:
    headers: list[str]  # normalised: lower case, trimmed
    rows: list[dict[str, str]]  # row values by normalised header, trimmed; the file's row 2 first


@dataclass(frozen=True)
class CsvFile:
    """A CSV upload sniffed but not parsed, so PostgreSQL can parse it with COPY.

    `body` is the file after any byte-order mark; `encoding` is PostgreSQL's name for
    it; `headers` are the first record's names, normalised. Parsing 20,000 rows in
    Python costs several times a COPY of the same bytes.
    """

    body: bytes
    encoding: str  # "UTF8" or "WIN1252"
    delimiter: str
    headers: list[str]
    # No cell can hold whitespace other than single inner spaces: nothing to trim.
    tidy: bool = False

    def read(self) -> Table:
        """The same file parsed in Python (for what COPY refuses, e.g. ragged rows)."""
        return _read_csv(self.body if self.encoding == "WIN1252" else _BOM + self.body)


_BOM = b"\xef\xbb\xbf"


def open_upload(data: bytes, filename: str = "") -> Table | CsvFile:
    """An .xlsx parsed into a Table, or a .csv sniffed into a CsvFile (parsed later)."""
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    return _sniff_csv(data)


def _sniff_csv(data: bytes) -> CsvFile:
    body = data[3:] if data.startswith(_BOM) else data
    try:
        body.decode("utf-8")
        encoding = "UTF8"
    except UnicodeDecodeError:
        if body is not data:
            raise
        encoding = "WIN1252"
    first_line = body.split(b"\n", 1)[0].decode(
        "utf-8" if encoding == "UTF8" else "cp1252", "replace"
    )
    delimiter = _delimiter(first_line)
    header_row = next(csv.reader([first_line.rstrip("\r")], delimiter=delimiter), None)
    if not body or header_row is None:
        raise UnreadableFile("empty")
    headers = [normalise_header(h) for h in header_row]
    _check_csv_caps(body, headers)
    return CsvFile(body, encoding, delimiter, headers, _is_tidy(body, delimiter.encode()))


# Bytes that may be, or start, whitespace other than a space (the UTF-8 and Windows-1252
# forms; the lead bytes of U+1680, U+2000-U+205F and U+3000, so any character they start
# counts) or a quote, which may hide anything.
_UNTIDY_BYTES = b'"\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\xe1\xe2\xe3'


def _is_tidy(body: bytes, delimiter: bytes) -> bool:
    """Whether no cell of the file needs trimming or inner whitespace collapsed (cheap:
    two passes of bytes.translate and a few searches; False when unsure)."""
    if len(body.translate(None, _UNTIDY_BYTES)) != len(body):
        return False
    # With cell edges (delimiters, line ends) made NUL, a space beside an edge or another
    # space is what trimming or collapsing would change.
    edged = body.translate(bytes.maketrans(b"\r\n" + delimiter, b"\x00\x00\x00"))
    if b" \x00" in edged or b"\x00 " in edged or b"  " in edged:
        return False
    edges = body.startswith(b" ") or body.endswith(b" ")
    return not edges and body.count(b"\r") == body.count(b"\r\n")


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def normalise_header(value: object) -> str:
    return str(value if value is not None else "").strip().lower()


def read_table(data: bytes, filename: str = "") -> Table:
    """Parse an uploaded file into rows of trimmed strings, keyed by normalised header."""
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    return _read_csv(data)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes) -> Table:
    row = nul_row(data)
    if row is not None:
        raise NulInFile(row)
    text = _decode(data)
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header_row = next(reader)
    except StopIteration:
        raise UnreadableFile("empty") from None
    headers = [normalise_header(h) for h in header_row]
    _check_csv_caps(data, headers)
    width = len(headers)
    rows: list[dict[str, str]] = []
    for values in reader:
        if not any(v.strip() for v in values):
            rows.append({})  # keeps row numbers aligned with the file; skipped later
            continue
        if len(values) < width:
            values = values + [""] * (width - len(values))
        rows.append({h: v.strip() for h, v in zip(headers, values, strict=False) if h})
    return Table(headers, rows)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_xlsx_package(data: bytes) -> None:
    """Refuse a workbook over the byte cap, or whose parts unpack to more than the cap
    (a few kilobytes can unpack to gigabytes), before openpyxl reads any of it."""
    import zipfile

    if len(data) > MAX_UPLOAD_BYTES:
        raise FileTooLarge("bytes")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableFile(str(exc)) from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise FileTooLarge("bytes")


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    _check_xlsx_package(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # The declared dimensions (e.g. A1:XFD1048576) are the file's claim, not its
        # content: without this reset every row is padded to the claimed width.
        sheet.reset_dimensions()
        iterator = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        first = next(iterator)
    except StopIteration:
        raise UnreadableFile("empty") from None
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise UnreadableFile(str(exc)) from exc
    headers = [normalise_header(h) for h in first]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise FileTooLarge("columns")
    rows: list[dict[str, str]] = []
    blank_run = 0
    for values in iterator:
        if len(rows) >= MAX_ROWS:
            raise FileTooLarge("rows")
        cells = [_cell(v) for v in values[:MAX_COLUMNS]]
        # A sheet may end in a million formatted but empty rows: a long run of blank
        # rows ends the data rather than holding a worker.
        blank_run = 0 if any(cells) else blank_run + 1
        if blank_run > 1000:
            break
        if not any(cells):
            rows.append({})
            continue
        rows.append({h: c for h, c in zip(headers, cells, strict=False) if h})
    workbook.close()
    # Trailing blank rows of a sheet are formatting, not data.
    while rows and not rows[-1]:
        rows.pop()
    return Table(headers, rows)


def write_csv(rows: list[dict[str, str]], *, delimiter: str = ",") -> bytes:
    """UTF-8 with a BOM, so Excel opens the names with the right letters."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(neutralise_row(row.get(column, "") for column in COLUMNS))
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def write_xlsx(rows: list[dict[str, str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("ASN")
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(neutralise_row(row.get(column, "") for column in COLUMNS))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
