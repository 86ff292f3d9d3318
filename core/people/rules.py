"""Identifier and classification rules for ASN (DOMAIN.md section 3.3). Pure functions.

Each validator returns None when the value is acceptable, or a `RuleError` whose
`message` is a translatable English msgid, so the import report, forms and the API
all say the same thing in the user's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import wraps

from django.utils.translation import gettext_lazy as _

NIP_LENGTH = 18
_DIGITS = re.compile(r"^\d{18}$")

# Golongan/ruang for PNS (PP 99/2000 as amended): I/a ... IV/e.
PNS_GOLONGAN: tuple[str, ...] = (
    *(f"I/{r}" for r in "abcd"),
    *(f"II/{r}" for r in "abcd"),
    *(f"III/{r}" for r in "abcd"),
    *(f"IV/{r}" for r in "abcde"),
)
# Golongan for PPPK (Perpres 98/2020): I ... XVII.
PPPK_GOLONGAN: tuple[str, ...] = (
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
)
_PNS_BY_KEY = {g.upper(): g for g in PNS_GOLONGAN}
_PPPK_BY_KEY = {g: g for g in PPPK_GOLONGAN}

ASN_TYPES = {"PNS": "PNS", "PPPK": "PPPK", "PPPK PARUH WAKTU": "PPPK_PW", "PPPK_PW": "PPPK_PW"}
ASN_TYPE_LABELS = {"PNS": "PNS", "PPPK": "PPPK", "PPPK_PW": "PPPK Paruh Waktu"}
SEXES = {"L": "L", "P": "P"}

POSITION_TYPES = {
    "JPT UTAMA": "JPT_UTAMA",
    "JPT MADYA": "JPT_MADYA",
    "JPT PRATAMA": "JPT_PRATAMA",
    "ADMINISTRATOR": "ADMINISTRATOR",
    "PENGAWAS": "PENGAWAS",
    "FUNGSIONAL": "FUNGSIONAL",
    "PELAKSANA": "PELAKSANA",
}
POSITION_TYPE_LABELS = {v: k.title().replace("Jpt", "JPT") for k, v in POSITION_TYPES.items()}


@dataclass(frozen=True)
class RuleError:
    message: str  # a lazy translatable message, formatted

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class NipParts:
    birth_date: date
    appointed: tuple[int, int]  # (year, month) of the CPNS appointment
    sex: str  # "L" or "P"
    sequence: int


_MISSING = object()


def _memo_ok(function):
    """Remember accepted values (a 20,000-row file repeats a few hundred of them).

    Errors are not remembered: their messages are rendered in the active language.
    """
    memory: dict = {}

    @wraps(function)
    def wrapper(*args):
        found = memory.get(args, _MISSING)
        if found is not _MISSING:
            return found
        result = function(*args)
        if not isinstance(result, RuleError) and len(memory) < 50_000:
            memory[args] = result
        return result

    return wrapper


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_nip(nip: str, *, today: date) -> NipParts | RuleError:
    """Split and check a PNS NIP: `YYYYMMDD` birth date, `YYYYMM` CPNS appointment,
    sex digit (1 male, 2 female), 3-digit sequence (DOMAIN.md 3.3).

    The appointment must be a real month, after the 18th birthday and not in the
    future. No "+40 on the day for women": that is the NIK rule, not the NIP's.
    """
    if not _DIGITS.match(nip):
        return RuleError(_("NIP must be exactly 18 digits."))
    born = _date_or_none(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if born is None or born > today:
        return RuleError(_("NIP digits 1-8 are not a real birth date."))
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or year < 1900:
        return RuleError(_("NIP digits 9-14 are not a real appointment month."))
    if (year, month) > (today.year, today.month):
        return RuleError(_("NIP appointment month is in the future."))
    eighteenth = _date_or_none(born.year + 18, born.month, born.day) or date(born.year + 18, 3, 1)
    # The appointment month must end after the 18th birthday: (year, month) >= the birthday's.
    if (year, month) < (eighteenth.year, eighteenth.month):
        return RuleError(_("NIP appointment month is before the 18th birthday."))
    sex_digit = nip[14]
    if sex_digit not in "12":
        return RuleError(_("NIP digit 15 (sex) must be 1 or 2."))
    sequence = int(nip[15:18])
    if sequence == 0:
        return RuleError(_("NIP sequence (last 3 digits) must not be 000."))
    return NipParts(born, (year, month), "L" if sex_digit == "1" else "P", sequence)


def validate_nip(nip: str, asn_type: str, *, today: date) -> RuleError | None:
    """PNS: a full NIP check. PPPK (and part-time PPPK): an opaque 18-digit number."""
    if asn_type == "PNS":
        parsed = parse_nip(nip, today=today)
        return parsed if isinstance(parsed, RuleError) else None
    if not _DIGITS.match(nip):
        return RuleError(_("NI PPPK must be exactly 18 digits."))
    return None


@_memo_ok
def normalise_golongan(value: str, asn_type: str) -> str | RuleError:
    """Canonical golongan for the ASN type ("iii/b" -> "III/b"); blank stays blank."""
    raw = value.strip().replace(" ", "")
    if not raw:
        return ""
    if asn_type == "PNS":
        found = _PNS_BY_KEY.get(raw.upper())
        if found is None:
            return RuleError(
                _("Unknown golongan %(value)s for PNS (I/a to IV/e).") % {"value": value}
            )
        return found
    found = _PPPK_BY_KEY.get(raw.upper())
    if found is None:
        return RuleError(_("Unknown golongan %(value)s for PPPK (I to XVII).") % {"value": value})
    return found


@_memo_ok
def normalise_asn_type(value: str) -> str | RuleError:
    found = ASN_TYPES.get(" ".join(value.upper().split()))
    if found is None:
        return RuleError(
            _("Unknown ASN type %(value)s (PNS, PPPK, PPPK Paruh Waktu).") % {"value": value}
        )
    return found


@_memo_ok
def normalise_sex(value: str) -> str | RuleError:
    raw = value.strip().upper()
    if not raw:
        return ""
    found = SEXES.get(raw)
    if found is None:
        return RuleError(_("Sex must be L or P."))
    return found


@_memo_ok
def normalise_position_type(value: str) -> str | RuleError:
    raw = " ".join(value.upper().replace("_", " ").split())
    if not raw:
        return ""
    found = POSITION_TYPES.get(raw)
    if found is None:
        return RuleError(
            _(
                "Unknown position type %(value)s (JPT Utama, JPT Madya, JPT Pratama, Administrator,"
                " Pengawas, Fungsional, Pelaksana)."
            )
            % {"value": value}
        )
    return found


@_memo_ok
def parse_kelas_jabatan(value: str) -> int | None | RuleError:
    raw = value.strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= 17:
        return RuleError(_("Kelas jabatan must be a whole number from 1 to 17."))
    return int(raw)


def parse_birth_date(value: str) -> date | None | RuleError:
    """YYYY-MM-DD or DD/MM/YYYY; blank is None."""
    raw = value.strip()
    if not raw:
        return None
    parsed = None
    if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        parsed = _safe_int_date(raw[0:4], raw[5:7], raw[8:10])
    elif len(raw) == 10 and raw[2] == "/" and raw[5] == "/":
        parsed = _safe_int_date(raw[6:10], raw[3:5], raw[0:2])
    if parsed is None:
        return RuleError(_("Date must be YYYY-MM-DD or DD/MM/YYYY."))
    return parsed


def _safe_int_date(year: str, month: str, day: str) -> date | None:
    if not (year.isdigit() and month.isdigit() and day.isdigit()):
        return None
    return _date_or_none(int(year), int(month), int(day))


@_memo_ok
def split_unit_path(value: str) -> tuple[str, ...] | RuleError:
    """`Dinas Pendidikan > Bidang SD` -> ["Dinas Pendidikan", "Bidang SD"]."""
    levels = [" ".join(level.split()) for level in value.split(">")]
    if not value.strip() or any(not level for level in levels):
        return RuleError(_("Unit path has an empty level (levels are joined by ' > ')."))
    return tuple(levels)


def format_name(name: str, front_title: str = "", back_title: str = "") -> str:
    """`Dr. dr. H.` + `Maulana` + `M.K.M` -> `Dr. dr. H. Maulana, M.K.M`."""
    text = " ".join(part for part in (front_title.strip(), name.strip()) if part)
    return f"{text}, {back_title.strip()}" if back_title.strip() else text


def would_cycle(supervisor_of: dict[str, str | None]) -> set[str]:
    """Keys that sit on a cycle of the `key -> supervisor key` mapping.

    Walks each chain once (iterative colouring), so a file of 35,000 rows costs
    linear time.
    """
    state: dict[str, int] = {}  # 1 = on current walk, 2 = done
    on_cycle: set[str] = set()
    for start in supervisor_of:
        if state.get(start):
            continue
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in supervisor_of and not state.get(node):
            state[node] = 1
            walk.append(node)
            node = supervisor_of[node]
        if node is not None and state.get(node) == 1:
            index = walk.index(node)
            on_cycle.update(walk[index:])
        for visited in walk:
            state[visited] = 2
    return on_cycle


_KIND_PREFIXES: tuple[tuple[str, str], ...] = (
    ("kecamatan", "kecamatan"),
    ("kelurahan", "kelurahan"),
    ("upt", "upt"),
    ("uptd", "upt"),
    ("sub ", "subbidang"),
    ("subbagian", "subbidang"),
    ("subbidang", "subbidang"),
    ("seksi", "subbidang"),
    ("bidang", "bidang"),
    ("bagian", "bidang"),
    ("sekretariat", "bidang"),
)


def guess_unit_kind(name: str, depth: int) -> str:
    """The kind of a unit created by an import, from its name and level (0 = OPD)."""
    if depth == 0:
        return "opd"
    lowered = name.lower()
    for prefix, kind in _KIND_PREFIXES:
        if lowered.startswith(prefix):
            return kind
    return "other"
