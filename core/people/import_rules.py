"""Checking the rows of an ASN import file. Pure: no database, no models.

`check_rows` validates every row on its own and against the rest of the file
(duplicate NIPs, positions described two ways, supervisors). What needs the
city's data (does `nip_atasan` exist in the city? does a chain of supervisors
close into a cycle with the positions already there?) is passed in as plain
mappings by the service, so the whole decision stays testable without a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from core.people import rules
from core.people.tabular import COLUMNS, REQUIRED

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()\-\s.]{5,30}$")
_LENGTH_LIMITS = (("nama", 200), ("gelar_depan", 60), ("gelar_belakang", 80), ("jabatan", 255))


def _is_18_digits(value: str) -> bool:
    return len(value) == 18 and value.isascii() and value.isdigit()


@dataclass(frozen=True)
class ImportError_:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class CleanRow:
    row: int  # the file's row number, header = 1
    nip: str
    name: str
    front_title: str
    back_title: str
    sex: str
    birth_date: date | None
    asn_type: str
    golongan: str
    position_name: str
    position_type: str
    kelas_jabatan: int | None
    unit_levels: list[str]
    supervisor_nip: str
    email: str
    phone: str
    unit_path: str = ""
    position_key: tuple[str, str] = ("", "")

    def __post_init__(self) -> None:
        self.unit_path = " > ".join(self.unit_levels)
        self.position_key = (self.unit_path, self.position_name)


@dataclass
class CheckResult:
    rows: list[CleanRow] = field(default_factory=list)
    errors: list[ImportError_] = field(default_factory=list)


def check_headers(headers: list[str]) -> list[ImportError_]:
    missing = [column for column in REQUIRED if column not in headers]
    return [ImportError_(1, column, _("Required column is missing.")) for column in missing]


def check_row(number: int, values: dict[str, str], *, today: date) -> CleanRow | list[ImportError_]:
    """One row on its own: required values, formats, and the NIP rules."""
    errors: list[ImportError_] = []

    def fail(column: str, message: object) -> None:
        errors.append(ImportError_(number, column, str(message)))

    for column in REQUIRED:
        if not values.get(column, ""):
            fail(column, _("This value is required."))
    get = values.get
    asn_type = rules.normalise_asn_type(get("jenis_asn", "")) if get("jenis_asn") else ""
    if isinstance(asn_type, rules.RuleError):
        fail("jenis_asn", asn_type)
        asn_type = ""
    nip = get("nip", "")
    nip_parts = None
    if nip and asn_type == "PNS":
        nip_parts = rules.parse_nip(nip, today=today)
        if isinstance(nip_parts, rules.RuleError):
            fail("nip", nip_parts)
    elif nip and asn_type:
        problem = rules.validate_nip(nip, asn_type, today=today)
        if problem:
            fail("nip", problem)
    elif nip and not _is_18_digits(nip):
        fail("nip", _("NIP must be exactly 18 digits."))
    sex = rules.normalise_sex(get("jenis_kelamin", ""))
    if isinstance(sex, rules.RuleError):
        fail("jenis_kelamin", sex)
        sex = ""
    birth_date = rules.parse_birth_date(get("tanggal_lahir", ""))
    if isinstance(birth_date, rules.RuleError):
        fail("tanggal_lahir", birth_date)
        birth_date = None
    if isinstance(nip_parts, rules.NipParts):
        if birth_date and birth_date != nip_parts.birth_date:
            fail("tanggal_lahir", _("Birth date does not match the NIP."))
        if sex and sex != nip_parts.sex:
            fail("jenis_kelamin", _("Sex does not match the NIP."))
        birth_date = birth_date or nip_parts.birth_date
        sex = sex or nip_parts.sex
    golongan = rules.normalise_golongan(get("golongan", ""), asn_type) if asn_type else ""
    if isinstance(golongan, rules.RuleError):
        fail("golongan", golongan)
        golongan = ""
    position_type = rules.normalise_position_type(get("jenis_jabatan", ""))
    if isinstance(position_type, rules.RuleError):
        fail("jenis_jabatan", position_type)
        position_type = ""
    kelas = rules.parse_kelas_jabatan(get("kelas_jabatan", ""))
    if isinstance(kelas, rules.RuleError):
        fail("kelas_jabatan", kelas)
        kelas = None
    levels: list[str] | rules.RuleError = []
    if get("unit_kerja"):
        levels = rules.split_unit_path(get("unit_kerja", ""))
        if isinstance(levels, rules.RuleError):
            fail("unit_kerja", levels)
            levels = []
    supervisor = get("nip_atasan", "")
    if supervisor and not _is_18_digits(supervisor):
        fail("nip_atasan", _("NIP must be exactly 18 digits."))
    elif supervisor and supervisor == nip:
        fail("nip_atasan", _("A person cannot be their own supervisor."))
    email = get("email", "")
    if email and not _EMAIL.match(email):
        fail("email", _("Not a valid e-mail address."))
    phone = get("telepon", "")
    if phone and not _PHONE.match(phone):
        fail("telepon", _("Not a valid phone number."))
    for column, limit in _LENGTH_LIMITS:
        if len(get(column, "")) > limit:
            fail(column, _("At most %(limit)d characters.") % {"limit": limit})
    if errors:
        return errors
    return CleanRow(
        row=number,
        nip=nip,
        name=" ".join(get("nama", "").split()),
        front_title=get("gelar_depan", ""),
        back_title=get("gelar_belakang", ""),
        sex=sex,
        birth_date=birth_date,
        asn_type=asn_type,
        golongan=golongan,
        position_name=" ".join(get("jabatan", "").split()),
        position_type=position_type,
        kelas_jabatan=kelas,
        unit_levels=levels,
        supervisor_nip=supervisor,
        email=email.lower(),
        phone=phone,
    )


def check_rows(
    rows: list[dict[str, str]],
    *,
    today: date,
    city_supervisor_positions: dict[str, tuple[str, str]],
    existing_position_parents: dict[tuple[str, str], tuple[str, str] | None],
) -> CheckResult:
    """Every row, then the file as a whole.

    `city_supervisor_positions`: NIP -> position key (unit path, position name) of
    people already in the city who are named as `nip_atasan` but not in the file.
    `existing_position_parents`: position key -> supervising position key, for the
    city's positions, so a cycle through positions outside the file is also found.
    """
    result = CheckResult()
    seen: dict[str, int] = {}
    for index, values in enumerate(rows):
        number = index + 2
        if not values:
            continue
        checked = check_row(number, values, today=today)
        if isinstance(checked, list):
            result.errors.extend(checked)
            continue
        if checked.nip in seen:
            result.errors.append(
                ImportError_(
                    number,
                    "nip",
                    _("NIP %(nip)s is already on row %(row)d.")
                    % {"nip": checked.nip, "row": seen[checked.nip]},
                )
            )
            continue
        seen[checked.nip] = number
        result.rows.append(checked)
    _check_positions(result)
    named_in_file = {values.get("nip", "") for values in rows if values}
    _check_supervisors(result, city_supervisor_positions, existing_position_parents, named_in_file)
    result.errors.sort(
        key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99)
    )
    return result


def _check_positions(result: CheckResult) -> None:
    """Rows naming the same position must describe it the same way."""
    first: dict[tuple[str, str], CleanRow] = {}
    for row in result.rows:
        other = first.setdefault(row.position_key, row)
        if other is row:
            continue
        if row.position_type and other.position_type and row.position_type != other.position_type:
            result.errors.append(
                ImportError_(
                    row.row,
                    "jenis_jabatan",
                    _("Row %(row)d gives this position another type.") % {"row": other.row},
                )
            )
        if row.kelas_jabatan and other.kelas_jabatan and row.kelas_jabatan != other.kelas_jabatan:
            result.errors.append(
                ImportError_(
                    row.row,
                    "kelas_jabatan",
                    _("Row %(row)d gives this position another kelas jabatan.")
                    % {"row": other.row},
                )
            )


def _check_supervisors(
    result: CheckResult,
    city_positions: dict[str, tuple[str, str]],
    existing_parents: dict[tuple[str, str], tuple[str, str] | None],
    named_in_file: set[str],
) -> None:
    """`nip_atasan` resolves; holders of one position share one supervising position;
    no chain of supervising positions closes into a cycle."""
    in_file = {row.nip: row.position_key for row in result.rows}
    parent_of: dict[tuple[str, str], tuple[str, str] | None] = dict(existing_parents)
    decided_by: dict[tuple[str, str], CleanRow] = {}
    for row in result.rows:
        parent = None
        if row.supervisor_nip:
            parent = in_file.get(row.supervisor_nip) or city_positions.get(row.supervisor_nip)
            if parent is None and row.supervisor_nip in named_in_file:
                continue  # the supervisor's own row is invalid and reported already
            if parent is None:
                result.errors.append(
                    ImportError_(
                        row.row,
                        "nip_atasan",
                        _("Supervisor %(nip)s is neither in this file nor in the city.")
                        % {"nip": row.supervisor_nip},
                    )
                )
                continue
        earlier = decided_by.get(row.position_key)
        if earlier is not None and parent_of[row.position_key] != parent:
            result.errors.append(
                ImportError_(
                    row.row,
                    "nip_atasan",
                    _("Row %(row)d names a supervisor in another position for the same position.")
                    % {"row": earlier.row},
                )
            )
            continue
        decided_by[row.position_key] = row
        parent_of[row.position_key] = parent
    as_text = {_key(k): (_key(v) if v else None) for k, v in parent_of.items()}
    cyclic = rules.would_cycle(as_text)
    for row in result.rows:
        if row.supervisor_nip and _key(row.position_key) in cyclic:
            result.errors.append(
                ImportError_(
                    row.row,
                    "nip_atasan",
                    _("This supervisor makes the chain of supervisors a cycle."),
                )
            )


def _key(position_key: tuple[str, str]) -> str:
    return position_key[0] + "\x1f" + position_key[1]
