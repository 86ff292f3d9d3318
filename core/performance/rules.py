"""Regulation rules for performance ratings (PermenPANRB 6/2022).

Pure functions over plain values: no models, no database. Every table here is
docs/domain.md §3.1 written as code so it can be read next to the regulation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Level(StrEnum):
    """The three rating levels used for both results (hasil) and behaviour (perilaku)."""

    BELOW = "dibawah"  # di bawah ekspektasi
    MEETS = "sesuai"  # sesuai ekspektasi
    ABOVE = "diatas"  # di atas ekspektasi


class Predicate(StrEnum):
    """Predikat kinerja, best first."""

    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"


PREDICATE_ORDER: tuple[Predicate, ...] = tuple(Predicate)

# hasil (results) -> perilaku (behaviour) -> predicate; PermenPANRB 6/2022 matrix.
_PREDICATE_MATRIX: dict[Level, dict[Level, Predicate]] = {
    Level.ABOVE: {
        Level.BELOW: Predicate.KURANG,
        Level.MEETS: Predicate.BAIK,
        Level.ABOVE: Predicate.SANGAT_BAIK,
    },
    Level.MEETS: {
        Level.BELOW: Predicate.KURANG,
        Level.MEETS: Predicate.BAIK,
        Level.ABOVE: Predicate.BAIK,
    },
    Level.BELOW: {
        Level.BELOW: Predicate.SANGAT_KURANG,
        Level.MEETS: Predicate.BUTUH_PERBAIKAN,
        Level.ABOVE: Predicate.BUTUH_PERBAIKAN,
    },
}


def predicate(hasil: Level, perilaku: Level) -> Predicate:
    """The predicate for a results rating and a behaviour rating (docs/domain.md §3.1)."""
    return _PREDICATE_MATRIX[Level(hasil)][Level(perilaku)]


def is_misconduct(hasil: Level, perilaku: Level) -> bool:
    """'Kurang' caused by behaviour is shown as 'Kurang/Misconduct'."""
    return predicate(hasil, perilaku) is Predicate.KURANG and Level(perilaku) is Level.BELOW


# ---------------------------------------------------------------------------
# Monthly workload, result score and TPP (docs/domain.md §4).
#
# Every parameter comes in a `PerformancePolicy`, a plain frozen dataclass built from
# the city's effective policy (core.performance.policy.performance_policy), so these
# functions stay pure and a closed month can be recomputed from its policy snapshot.
# ---------------------------------------------------------------------------

HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


class AttendanceStatus(StrEnum):
    """Statuses of the attendance system's export (`status` column)."""

    HADIR = "hadir"  # present: late arrival / early departure minutes are banded
    IZIN = "izin"  # permitted absence without leave: a working day not attended
    SAKIT = "sakit"  # sick leave: approved leave, removed from the working days
    CUTI = "cuti"  # annual/other leave: approved leave, removed from the working days
    DINAS_LUAR = "dinas luar"  # official duty elsewhere: counts as present, no cut
    ALPA = "alpa"  # absent without notice: the absence cut


# Approved leave reduces the person's working days (docs/domain.md §4: "minus the person's
# approved leave") and therefore their workload target.
LEAVE_STATUSES = frozenset({AttendanceStatus.CUTI, AttendanceStatus.SAKIT})
PRESENT_STATUSES = frozenset({AttendanceStatus.HADIR, AttendanceStatus.DINAS_LUAR})


@dataclass(frozen=True)
class CutBand:
    """Late-arrival or early-departure minutes up to `up_to` (inclusive) cut `pct` % of base."""

    up_to: int | None  # None: every minute above the previous band
    pct: Decimal


DEFAULT_CUT_BANDS: tuple[CutBand, ...] = (
    CutBand(30, Decimal("0.5")),
    CutBand(60, Decimal("1")),
    CutBand(90, Decimal("1.5")),
    CutBand(None, Decimal("2")),
)


@dataclass(frozen=True)
class PerformancePolicy:
    """The parameters of docs/domain.md §4, template defaults shown."""

    minutes_per_day: int = 300
    weight_workload: Decimal = Decimal("0.5")
    weight_iki: Decimal = Decimal("0.5")
    above_threshold: Decimal = Decimal(110)
    meets_threshold: Decimal = Decimal(80)
    iki_achievement_cap: Decimal = Decimal(120)
    tpp_base: dict[int, int] = field(default_factory=dict)  # kelas jabatan -> rupiah
    factor_result_weight: Decimal = Decimal("0.6")
    factor_attendance_weight: Decimal = Decimal("0.4")
    cut_bands: tuple[CutBand, ...] = DEFAULT_CUT_BANDS
    no_record_pct: Decimal = Decimal("2")
    absent_pct: Decimal = Decimal("4")
    permitted_absence_pct: Decimal = Decimal("2")
    full_cut_below_score: Decimal = Decimal(50)
    max_backdate_days: int = 3
    allow_non_working_days: bool = False
    daily_max_minutes: int = 720
    escalation_days: int = 3
    # A correction changing someone's TPP by more than this (rupiah) waits for a second
    # administrator's approval (issue 20 section 1); 0 = every correction that moves pay.
    correction_approval_rupiah: int = 250_000
    # Working hours (Perpres 21/2023: 37.5 hours over 5 days, breaks excluded).
    work_starts: str = "07:30"
    work_ends: str = "16:00"
    friday_work_ends: str = "16:30"

    def snapshot(self) -> dict:
        """A JSON-safe copy stored with a closed month (the policy it was closed with)."""
        data = asdict(self)
        data["tpp_base"] = {str(k): v for k, v in self.tpp_base.items()}
        data["cut_bands"] = [[b.up_to, str(b.pct)] for b in self.cut_bands]
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in data.items()}

    @classmethod
    def from_snapshot(cls, data: dict) -> PerformancePolicy:
        values: dict = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            raw = data[f.name]
            if f.name == "tpp_base":
                values[f.name] = {int(k): int(v) for k, v in raw.items()}
            elif f.name == "cut_bands":
                values[f.name] = tuple(CutBand(up, Decimal(str(p))) for up, p in raw)
            elif f.type in ("Decimal",):
                values[f.name] = Decimal(str(raw))
            else:
                values[f.name] = raw
        return cls(**values)


def _pct(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------- calendar


def person_working_days(
    calendar_days: Iterable[date],
    *,
    leave_days: Iterable[date] = (),
    spans: Iterable[tuple[date, date | None]] = (),
) -> list[date]:
    """A person's effective working days in a month (docs/domain.md §4, issue 5 item 1).

    The city's working days (holidays and collective leave already removed by the city
    calendar), minus the person's approved leave (cuti, sakit), minus the days outside
    every one of their position spans (start, end inclusive; end None = still held).
    A person who changes position mid-month keeps the days of both spans.
    """
    leave = set(leave_days)
    spans = list(spans)
    return [
        day
        for day in sorted(set(calendar_days))
        if day not in leave
        and any(start <= day and (end is None or day <= end) for start, end in spans)
    ]


def monthly_target_minutes(working_days: int, policy: PerformancePolicy) -> int:
    """Monthly workload target = effective working days x effective minutes per day."""
    return working_days * policy.minutes_per_day


def workload_pct(verified_minutes: int, target_minutes: int) -> Decimal:
    """Workload % = min(verified minutes, target) / target (docs/domain.md §4), 0-100.

    A person with no working days in the month has a target of 0 and a workload of 0 %:
    there was nothing to measure, and the result rests on the indicators alone (see
    `result_score`).
    """
    if target_minutes <= 0:
        return Decimal(0)
    return _pct(Decimal(min(verified_minutes, target_minutes)) * HUNDRED / Decimal(target_minutes))


def indicator_achievement_pct(
    target: Decimal, realisation: Decimal, *, lower_is_better: bool, policy: PerformancePolicy
) -> Decimal:
    """Achievement of one individual indicator (IKI), capped at `iki_achievement_cap`.

    Higher-is-better: realisation / target. Lower-is-better (e.g. days to process):
    target / realisation, a realisation of 0 counting as the cap. A target of 0 on a
    higher-is-better indicator is met by any realisation (100 %).
    """
    target, realisation = Decimal(target), Decimal(realisation)
    cap = policy.iki_achievement_cap
    if lower_is_better:
        value = cap if realisation <= 0 else target * HUNDRED / realisation
    else:
        value = HUNDRED if target <= 0 else realisation * HUNDRED / target
    return _pct(min(max(value, Decimal(0)), cap))


def iki_pct(achievements: Iterable[Decimal]) -> Decimal | None:
    """The mean achievement of the month's confirmed indicators; None when there are none."""
    values = [Decimal(a) for a in achievements]
    if not values:
        return None
    return _pct(sum(values, Decimal(0)) / len(values))


def result_score(workload: Decimal, iki: Decimal | None, policy: PerformancePolicy) -> Decimal:
    """Monthly result score = w_workload x workload % + w_iki x IKI achievement %.

    Template default 50/50 (docs/domain.md §4). With no confirmed indicators in the month the
    score is the workload % alone (the weights renormalise to the one measured part).
    """
    if iki is None:
        return _pct(Decimal(workload))
    total = policy.weight_workload + policy.weight_iki
    return _pct((policy.weight_workload * workload + policy.weight_iki * iki) / total)


def results_rating(score: Decimal, policy: PerformancePolicy) -> Level:
    """Rating hasil kerja: >= 110 above, >= 80 meets, else below (template defaults)."""
    if score >= policy.above_threshold:
        return Level.ABOVE
    if score >= policy.meets_threshold:
        return Level.MEETS
    return Level.BELOW


LEVEL_RANK = {Level.BELOW: 0, Level.MEETS: 1, Level.ABOVE: 2}
BERAKHLAK: tuple[str, ...] = (
    "berorientasi_pelayanan",
    "akuntabel",
    "kompeten",
    "harmonis",
    "loyal",
    "adaptif",
    "kolaboratif",
)


def behaviour_rating(levels: Iterable[Level | str]) -> Level:
    """Rating perilaku = the median of the seven BerAKHLAK ratings (docs/domain.md §3.1, §4)."""
    ranked = sorted((Level(level) for level in levels), key=LEVEL_RANK.__getitem__)
    if len(ranked) != len(BERAKHLAK):
        raise ValueError("behaviour needs one rating per BerAKHLAK value (seven)")
    return ranked[len(ranked) // 2]


# --------------------------------------------------------------- attendance


def band_cut_pct(minutes: int | None, policy: PerformancePolicy) -> Decimal:
    """The cut for one late arrival or one early departure.

    `minutes` None means no record (no tap in or out): the no-record cut. 0 minutes cut
    nothing. Otherwise the first band whose upper bound holds the minutes (1-30 0.5 %,
    31-60 1 %, 61-90 1.5 %, over 90 2 %: docs/domain.md §4).
    """
    if minutes is None:
        return policy.no_record_pct
    if minutes <= 0:
        return Decimal(0)
    for band in policy.cut_bands:
        if band.up_to is None or minutes <= band.up_to:
            return band.pct
    return policy.cut_bands[-1].pct


@dataclass(frozen=True)
class AttendanceDay:
    """One working day of attendance: status, and minutes late / left early (None = no tap)."""

    status: AttendanceStatus
    late_minutes: int | None = 0
    early_minutes: int | None = 0


@dataclass(frozen=True)
class AttendanceSummary:
    working_days: int  # after leave
    present_days: int
    attendance_pct: Decimal
    cuts: tuple[tuple[str, int, Decimal], ...]  # (reason code, occurrences, total %)
    cut_pct: Decimal  # summed and capped at 100


def attendance_summary(
    days: Iterable[AttendanceDay],
    *,
    working_days: int,
    policy: PerformancePolicy,
    clean_days: int = 0,
) -> AttendanceSummary:
    """Attendance % and the attendance/discipline cuts of one month.

    Attendance % = days present (hadir or dinas luar) / the person's working days
    (approved leave already removed) x 100; 100 % when there are no working days.
    A working day with no attendance row counts as not present with a no-record cut for
    both the tap in and the tap out. Cuts (docs/domain.md §4), each a % of the TPP base:
    every late arrival and every early departure by its minute band; a missing tap the
    no-record cut; alpa the absence cut per day; izin the permitted-absence cut per day.
    The cuts are summed, then capped at 100 % of the base. `clean_days` counts further
    days present on time (the common case, passed as a number to save building them).
    """
    days = list(days)
    counts: dict[str, list] = {}

    def add(code: str, pct: Decimal) -> None:
        entry = counts.setdefault(code, [0, Decimal(0)])
        entry[0] += 1
        entry[1] += pct

    present = clean_days
    for day in days:
        status = AttendanceStatus(day.status)
        if status in LEAVE_STATUSES:
            continue
        if status is AttendanceStatus.ALPA:
            add("absent", policy.absent_pct)
        elif status is AttendanceStatus.IZIN:
            add("permitted_absence", policy.permitted_absence_pct)
        elif status is AttendanceStatus.DINAS_LUAR:
            present += 1
        else:
            present += 1
            for code, minutes in (("late", day.late_minutes), ("early", day.early_minutes)):
                pct = band_cut_pct(minutes, policy)
                if pct:
                    add(_band_code(code, minutes, policy), pct)
    recorded = clean_days + sum(1 for d in days if AttendanceStatus(d.status) not in LEAVE_STATUSES)
    for _missing in range(max(working_days - recorded, 0)):
        add("no_record_day", policy.no_record_pct * 2)
    cuts = tuple((code, n, _pct(total)) for code, (n, total) in sorted(counts.items()))
    cut_pct = min(HUNDRED, sum((c[2] for c in cuts), Decimal(0)))
    pct = (
        HUNDRED
        if working_days <= 0
        else _pct(Decimal(min(present, working_days)) * HUNDRED / working_days)
    )
    return AttendanceSummary(working_days, present, pct, cuts, _pct(cut_pct))


def _band_code(kind: str, minutes: int | None, policy: PerformancePolicy) -> str:
    if minutes is None:
        return f"{kind}_no_record"
    lower = 1
    for band in policy.cut_bands:
        if band.up_to is None or minutes <= band.up_to:
            return f"{kind}_{lower}_{band.up_to}" if band.up_to else f"{kind}_over_{lower - 1}"
        lower = band.up_to + 1
    return f"{kind}_over_{lower - 1}"


# --------------------------------------------------------------- TPP


@dataclass(frozen=True)
class TppLine:
    """One line of the statement: a code, its amount in rupiah (negative for cuts)."""

    code: str
    amount: int
    pct: Decimal | None = None
    count: int | None = None


@dataclass(frozen=True)
class TppResult:
    base: int
    performance_factor: Decimal  # percent, 0-100
    gross: int
    cut_pct: Decimal
    cut_amount: int
    paid: int
    full_cut: bool
    lines: tuple[TppLine, ...]


def performance_factor(score: Decimal, attendance: Decimal, policy: PerformancePolicy) -> Decimal:
    """Performance factor % = 60 % x result score + 40 % x attendance % (template default).

    The result score counts up to 100 here (a score above 100 rates 'above' but does not
    pay more than the base), so the factor is 0-100 %.
    """
    score = min(max(Decimal(score), Decimal(0)), HUNDRED)
    attendance = min(max(Decimal(attendance), Decimal(0)), HUNDRED)
    return _pct(policy.factor_result_weight * score + policy.factor_attendance_weight * attendance)


def _rupiah(value: Decimal) -> int:
    """Round half up to a whole rupiah (amounts here are never negative)."""
    if value < 0:
        return -_rupiah(-value)
    return int(value + _HALF)  # int() truncates: for x >= 0 this is half-up rounding


_HALF = Decimal("0.5")


def tpp(
    *, base: int, score: Decimal, attendance: AttendanceSummary, policy: PerformancePolicy
) -> TppResult:
    """TPP received = base x performance factor - cuts, never below zero, integer rupiah.

    docs/domain.md §4 (template defaults): the cuts are a % of the base (see
    `attendance_summary`: summed, capped at 100 %); a result score below the minimum
    (50) cuts 100 %, so nothing is paid. Each amount is rounded half up to the rupiah
    once, and paid = max(0, gross - cut amount), so the statement's lines add up.
    """
    factor = performance_factor(score, attendance.attendance_pct, policy)
    gross = _rupiah(Decimal(base) * factor / HUNDRED)
    lines = [
        TppLine("base", base),
        TppLine("performance_factor", gross, pct=factor),
    ]
    if Decimal(score) < policy.full_cut_below_score:
        lines.append(TppLine("full_cut", -gross, pct=HUNDRED))
        return TppResult(base, factor, gross, HUNDRED, gross, 0, True, tuple(lines))
    cut_amount = _rupiah(Decimal(base) * attendance.cut_pct / HUNDRED)
    running = 0
    for code, count, pct in attendance.cuts:
        amount = _rupiah(Decimal(base) * pct / HUNDRED)
        running += amount
        lines.append(TppLine(code, -amount, pct=pct, count=count))
    if running != cut_amount:  # the 100 % cap (or rounding) adjusts the total
        lines.append(TppLine("cut_adjustment", running - cut_amount))
    paid = max(0, gross - cut_amount)
    if gross - cut_amount < 0:
        lines.append(TppLine("zero_floor", paid - (gross - cut_amount)))
    return TppResult(base, factor, gross, attendance.cut_pct, cut_amount, paid, False, tuple(lines))


# --------------------------------------------------------------- activity log

EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
# extension -> accepted leading bytes (the file must be what its name says)
EVIDENCE_TYPES: dict[str, tuple[bytes, ...]] = {
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "webp": (b"RIFF",),
    "pdf": (b"%PDF-",),
}


def evidence_problem(filename: str, size: int, head: bytes) -> str | None:
    """Why an evidence upload is refused ("size", "type"), or None when it is acceptable.

    Photos (JPEG, PNG, WebP) and PDF documents up to 5 MB; the first bytes must match
    the extension, so a renamed executable is refused.
    """
    if size > EVIDENCE_MAX_BYTES:
        return "size"
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    signatures = EVIDENCE_TYPES.get(extension)
    if not signatures or not any(head.startswith(sig) for sig in signatures):
        return "type"
    return None


def activity_minutes(standard_minutes: int, volume: Decimal) -> int:
    """Minutes of an entry = standard minutes x volume (docs/domain.md §4), rounded half up."""
    return _rupiah(Decimal(standard_minutes) * Decimal(volume))


def late_minutes(checked_in, starts) -> int:
    """Minutes after the start of the working day (0 when on time)."""
    return max(0, (checked_in.hour * 60 + checked_in.minute) - (starts.hour * 60 + starts.minute))


def early_minutes(checked_out, ends) -> int:
    """Minutes before the end of the working day (0 when staying to the end)."""
    return max(0, (ends.hour * 60 + ends.minute) - (checked_out.hour * 60 + checked_out.minute))


# ---------------------------------------------- rules every write path obeys (issue 20 §1)
# Logging, resubmitting and correcting a closed month all go through these, so a
# correction cannot do what logging may not (volume 999, another position type's
# activity, an evidence-required activity without evidence, a 10^9-minute late arrival).

VOLUME_MAX = Decimal(1000)
# The longest working day (Friday 07:30-16:30): a late arrival or early departure of
# more than that is not a late arrival, it is an absence.
ATTENDANCE_MINUTES_MAX = 540


def volume_problem(volume: Decimal) -> str | None:
    """ "volume" unless 0 < volume <= 1000 (the log form's bound)."""
    if not volume.is_finite() or volume <= 0 or volume > VOLUME_MAX:
        return "volume"
    return None


def activity_allowed_for_position(allowed_types: Iterable[str], held_types: Iterable[str]) -> bool:
    """May a person holding positions of `held_types` on the day log an activity reserved
    for `allowed_types`? An activity with no types listed is open to everyone; otherwise
    one of the person's positions that day (acting ones included) must be of a listed type.
    """
    allowed = {str(t) for t in allowed_types or ()}
    return not allowed or bool(allowed & {str(t) for t in held_types})


def attendance_correction_problem(status: str, late: int | None, early: int | None) -> str | None:
    """Why a corrected attendance day is impossible, or None.

    "negative": minutes below zero; "too_many": more late or early minutes (or both
    together) than the longest working day; "not_present": late or early minutes on a
    day the person was not present (only `hadir` has arrival and departure times).
    """
    late, early = late or 0, early or 0
    if late < 0 or early < 0:
        return "negative"
    if late + early > ATTENDANCE_MINUTES_MAX:
        return "too_many"
    if (late or early) and status != AttendanceStatus.HADIR:
        return "not_present"
    return None


def correction_needs_approval(
    tpp_before: int | None, tpp_after: int | None, threshold: int
) -> bool:
    """A correction moving the person's TPP by more than `threshold` rupiah (either way)
    needs a second administrator's approval before it takes effect."""
    return abs((tpp_after or 0) - (tpp_before or 0)) > max(0, int(threshold))


def days_counted(working_days: list[date], today: date) -> list[date]:
    """The working days a month's figures are measured on, as of `today`.

    A month that has ended counts all its working days. An open month counts the working
    days before today (today is still being worked and verified), so an estimate on day 7
    compares a week's verified work with a week's target, not the whole month's; on the
    month's first working day (nothing finished yet) that day alone. A month not yet begun
    counts its first working day, so its estimate is a day's worth, never a month's.
    """
    days = sorted(working_days)
    if not days or today > days[-1]:
        return days
    return [d for d in days if d < today] or days[:1]


# ---------------------------------------------------------------- verification flags

UNUSUAL_VOLUME_FACTOR = Decimal(3)  # more than 3x the person's usual volume of that activity
UNUSUAL_ENTRY_MINUTES = 240  # one entry worth half a working day or more


@dataclass(frozen=True)
class EntryFlags:
    unusual_volume: bool
    long_entry: bool

    @property
    def any(self) -> bool:
        return self.unusual_volume or self.long_entry


def entry_flags(volume: Decimal, minutes: int, usual_volume: Decimal | None) -> EntryFlags:
    """What a supervisor should look at twice before approving one entry.

    `usual_volume`: the person's average volume of the same activity over recent
    approved entries, None without history. Unusual: more than 3x that average.
    """
    unusual = (
        usual_volume is not None
        and usual_volume > 0
        and Decimal(volume) > UNUSUAL_VOLUME_FACTOR * usual_volume
    )
    return EntryFlags(unusual_volume=unusual, long_entry=minutes >= UNUSUAL_ENTRY_MINUTES)


def day_over_cap(day_minutes: int, daily_max_minutes: int) -> bool:
    """A day whose logged minutes exceed the city's daily maximum (e.g. entries made
    before a lower maximum took effect, or by an import)."""
    return day_minutes > daily_max_minutes
