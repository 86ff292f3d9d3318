"""Identifier and classification rules for ASN (docs/domain.md §3.3). Pure functions.

Each validator returns None when the value is acceptable, or a `RuleError` whose
`message` is a translatable English msgid, so the import report, forms and the API
all say the same thing in the user's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from core.typing import Text

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
    message: Text  # a lazy translatable message, formatted

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


# The NIP problems, by code: the messages of `parse_nip`/`validate_nip` and the codes of
# `nip_problem_sql`, so the form check and the bulk import say the same thing.
NIP_PROBLEMS = {
    "nip_digits": _("NIP must be exactly 18 digits."),
    "nip_birth": _("NIP digits 1-8 are not a real birth date."),
    "nip_appointment": _("NIP digits 9-14 are not a real appointment month."),
    "nip_future": _("NIP appointment month is in the future."),
    "nip_before_18": _("NIP appointment month is before the 18th birthday."),
    "nip_sex": _("NIP digit 15 (sex) must be 1 or 2."),
    "nip_sequence": _("NIP sequence (last 3 digits) must not be 000."),
    "pppk_digits": _("NI PPPK must be exactly 18 digits."),
}


def parse_nip(nip: str, *, today: date) -> NipParts | RuleError:
    """Split and check a PNS NIP: `YYYYMMDD` birth date, `YYYYMM` CPNS appointment,
    sex digit (1 male, 2 female), 3-digit sequence (docs/domain.md §3.3).

    The appointment must be a real month, after the 18th birthday and not in the
    future. No "+40 on the day for women": that is the NIK rule, not the NIP's.
    `nip_problem_sql` is the same rule for a whole file at once (a test holds them equal).
    """
    if not _DIGITS.match(nip):
        return RuleError(NIP_PROBLEMS["nip_digits"])
    born = _date_or_none(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if born is None or born > today:
        return RuleError(NIP_PROBLEMS["nip_birth"])
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or year < 1900:
        return RuleError(NIP_PROBLEMS["nip_appointment"])
    if (year, month) > (today.year, today.month):
        return RuleError(NIP_PROBLEMS["nip_future"])
    eighteenth = _date_or_none(born.year + 18, born.month, born.day) or date(born.year + 18, 3, 1)
    # The appointment month must end after the 18th birthday: (year, month) >= the birthday's.
    if (year, month) < (eighteenth.year, eighteenth.month):
        return RuleError(NIP_PROBLEMS["nip_before_18"])
    sex_digit = nip[14]
    if sex_digit not in "12":
        return RuleError(NIP_PROBLEMS["nip_sex"])
    sequence = int(nip[15:18])
    if sequence == 0:
        return RuleError(NIP_PROBLEMS["nip_sequence"])
    return NipParts(born, (year, month), "L" if sex_digit == "1" else "P", sequence)


def validate_nip(nip: str, asn_type: str, *, today: date) -> RuleError | None:
    """PNS: a full NIP check. PPPK (and part-time PPPK): an opaque 18-digit number."""
    if asn_type == "PNS":
        parsed = parse_nip(nip, today=today)
        return parsed if isinstance(parsed, RuleError) else None
    if not _DIGITS.match(nip):
        return RuleError(NIP_PROBLEMS["pppk_digits"])
    return None


def eighteen_digits_sql(text: str) -> str:
    """SQL: whether the text expression is 18 digits, as `_DIGITS` matches."""
    return f"{text} ~ '^[0-9]{{18}}$'"


def real_date_sql(year: str, month: str, day: str) -> str:
    """SQL: whether the integer expressions make a real date (make_date raises otherwise)."""
    leap = f"(mod({year}, 4) = 0 AND (mod({year}, 100) <> 0 OR mod({year}, 400) = 0))"
    return (
        f"({year} BETWEEN 1 AND 9999 AND {month} BETWEEN 1 AND 12 AND {day} BETWEEN 1 AND"
        f" CASE WHEN {month} = 2 THEN 28 + {leap}::int"
        f" WHEN {month} IN (4, 6, 9, 11) THEN 30 ELSE 31 END)"
    )


def _digits_sql(nip: str, start: int, length: int) -> str:
    return f"substr({nip}, {start}, {length})::int"


def nip_problem_sql(nip: str, today: str, *, digits: str | None = None) -> str:
    """SQL: the `NIP_PROBLEMS` code of a PNS NIP, or NULL; `parse_nip` for a whole column.

    `nip` is a text expression, `today` a date expression; `digits`, if given, a boolean
    expression already saying whether `nip` is 18 digits (a regular expression match
    costs more than the rest of this rule, so a whole file should test it only once).
    Dates are checked arithmetically before `make_date`, which raises on an impossible date.
    """
    born_y, born_m, born_d = (_digits_sql(nip, s, n) for s, n in ((1, 4), (5, 2), (7, 2)))
    year, month = _digits_sql(nip, 9, 4), _digits_sql(nip, 13, 2)
    adult_y = f"({born_y} + 18)"
    adult_leap = (
        f"(mod({adult_y}, 4) = 0 AND (mod({adult_y}, 100) <> 0 OR mod({adult_y}, 400) = 0))"
    )
    # A 29 February birthday falls on 1 March in a year without one (as in parse_nip).
    adult_m = (
        f"CASE WHEN {born_m} = 2 AND {born_d} = 29 AND NOT {adult_leap} THEN 3 ELSE {born_m} END"
    )
    return (
        f"CASE WHEN NOT {digits or eighteen_digits_sql(nip)} THEN 'nip_digits'"
        f" WHEN NOT {real_date_sql(born_y, born_m, born_d)} THEN 'nip_birth'"
        f" WHEN make_date({born_y}, {born_m}, {born_d}) > {today} THEN 'nip_birth'"
        f" WHEN {month} NOT BETWEEN 1 AND 12 OR {year} < 1900 THEN 'nip_appointment'"
        f" WHEN {year} * 12 + {month} > extract(year FROM {today})::int * 12"
        f" + extract(month FROM {today})::int THEN 'nip_future'"
        f" WHEN {year} * 12 + {month} < {adult_y} * 12 + ({adult_m}) THEN 'nip_before_18'"
        f" WHEN substr({nip}, 15, 1) NOT IN ('1', '2') THEN 'nip_sex'"
        f" WHEN substr({nip}, 16, 3) = '000' THEN 'nip_sequence' END"
    )


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


# How SIASN exports and BKPSDM spreadsheets write the position types, after upper-casing,
# dropping "JABATAN" and collapsing spaces, dots and dashes (PermenPANRB 41/2018; PP
# 11/2017 art. 54: a city's JPT is JPT Pratama, so a bare "JPT" in a city's file is one).
POSITION_TYPE_SPELLINGS = {
    **POSITION_TYPES,
    "JPT": "JPT_PRATAMA",
    "PIMPINAN TINGGI": "JPT_PRATAMA",
    "PIMPINAN TINGGI PRATAMA": "JPT_PRATAMA",
    "PIMPINAN TINGGI MADYA": "JPT_MADYA",
    "PIMPINAN TINGGI UTAMA": "JPT_UTAMA",
    "JA": "ADMINISTRATOR",
    "JP": "PENGAWAS",
    "FUNGSIONAL TERTENTU": "FUNGSIONAL",
    "JFT": "FUNGSIONAL",
    "JF": "FUNGSIONAL",
    "FUNGSIONAL UMUM": "PELAKSANA",
    "JFU": "PELAKSANA",
    "PELAKSANA UMUM": "PELAKSANA",
    "STAF": "PELAKSANA",
    "STAFF": "PELAKSANA",
}
STRUCTURAL_SPELLINGS = frozenset({"STRUKTURAL", "JS"})
# Eselon (PP 100/2000) -> position type since UU 5/2014: I -> JPT Madya, II -> JPT
# Pratama, III -> Administrator, IV (and the former V) -> Pengawas.
ESELON_TYPES = {
    "I": "JPT_MADYA",
    "II": "JPT_PRATAMA",
    "III": "ADMINISTRATOR",
    "IV": "PENGAWAS",
    "V": "PENGAWAS",
}
_ESELON_DIGITS = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V"}
_ESELON = re.compile(r"^(?:ESELON\s*)?(I{1,3}|IV|V|[1-5])\s*[./-]?\s*[AB]?$")


def _position_key(value: str) -> str:
    raw = re.sub(r"[._\-/]+", " ", value.upper())
    words = raw.split()
    if words[:1] == ["JABATAN"] and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def read_eselon(value: str) -> str:
    """The eselon's roman number ("II" for "II.a", "2a", "Eselon II/b"), or "" if unreadable."""
    found = _ESELON.match(" ".join(value.upper().split()))
    if found is None:
        return ""
    number = found.group(1)
    return _ESELON_DIGITS.get(number, number)


@_memo_ok
def normalise_position_type(value: str, eselon: str = "") -> str | RuleError:
    """The position type of a `jenis_jabatan` cell, as a city's file spells it.

    "Struktural" is read from the row's eselon column (II -> JPT Pratama, III ->
    Administrator, IV -> Pengawas); without a readable eselon it is refused.
    """
    raw = _position_key(value)
    if not raw:
        return ""
    found = POSITION_TYPE_SPELLINGS.get(raw)
    if found is not None:
        return found
    if raw in STRUCTURAL_SPELLINGS or raw.startswith("STRUKTURAL "):
        level = read_eselon(eselon) or read_eselon(raw.removeprefix("STRUKTURAL "))
        if level:
            return ESELON_TYPES[level]
        return RuleError(
            _(
                "%(value)s needs the eselon (II, III or IV) in the eselon column to know"
                " the position type."
            )
            % {"value": value}
        )
    return RuleError(
        _(
            "Unknown position type %(value)s (JPT Utama, JPT Madya, JPT Pratama, Administrator,"
            " Pengawas, Fungsional, Pelaksana)."
        )
        % {"value": value}
    )


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
        return RuleError(BIRTH_DATE_FORMAT)
    return parsed


BIRTH_DATE_FORMAT = _("Date must be YYYY-MM-DD or DD/MM/YYYY.")


def birth_date_sql(value: str) -> str:
    """SQL: `parse_birth_date` of a trimmed text expression as a date, NULL when blank or
    not a date (a test holds the two equal)."""
    iso = [f"substr({value}, {s}, {n})::int" for s, n in ((1, 4), (6, 2), (9, 2))]
    dmy = [f"substr({value}, {s}, {n})::int" for s, n in ((7, 4), (4, 2), (1, 2))]
    # Nested CASEs: SQL does not promise to test `AND` operands in order.
    return (
        f"CASE WHEN {value} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$' THEN"
        f" CASE WHEN {real_date_sql(*iso)} THEN make_date({', '.join(iso)}) END"
        f" WHEN {value} ~ '^[0-9]{{2}}/[0-9]{{2}}/[0-9]{{4}}$' THEN"
        f" CASE WHEN {real_date_sql(*dmy)} THEN make_date({', '.join(dmy)}) END END"
    )


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


# ---------------------------------------------------------------- unit names nearly alike
_UNIT_WORD = re.compile(r"[^\w]+")


def _unit_words(name: str) -> list[str]:
    return [w for w in _UNIT_WORD.split(name.upper()) if w]


def _expanded(words: list[str], other: list[str]) -> list[str]:
    """`words` with each abbreviation spelled out as in `other` ("SD" -> "SEKOLAH DASAR"
    when `other` has "Sekolah Dasar"): the initials of consecutive words of `other`."""
    result: list[str] = []
    for word in words:
        spelled = None
        if 2 <= len(word) <= 5 and word not in other:
            for start in range(len(other) - len(word) + 1):
                run = other[start : start + len(word)]
                if "".join(w[0] for w in run) == word:
                    spelled = run
                    break
        result.extend(spelled or [word])
    return result


def unit_name_likeness(new: str, existing: str) -> float:
    """How alike two unit names are, 0 to 1, abbreviations spelled out and case ignored.

    "Bidang Pembinaan SD" and "Bidang Pembinaan Sekolah Dasar" are 1.0; an import that
    would create the first next to the second is most likely a spelling, not a new unit.
    """
    from difflib import SequenceMatcher

    a, b = _unit_words(new), _unit_words(existing)
    a, b = _expanded(a, b), _expanded(b, a)
    return SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()


UNIT_LIKENESS_THRESHOLD = 0.85


def nearly_matching_unit(new: str, existing: list[str]) -> str | None:
    """The existing sibling name most like `new` if alike enough (and not the same)."""
    scored = [(unit_name_likeness(new, name), name) for name in existing if name != new]
    best = max(scored, default=(0.0, None))
    return best[1] if best[0] >= UNIT_LIKENESS_THRESHOLD else None
