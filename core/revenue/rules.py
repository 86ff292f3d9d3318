"""Pure rules of local own-source revenue (PAD): phasing, projection, gaps, comparison,
and the checks of a realisation import. No models, no database.

Money is integer rupiah; shares are exact fractions so that phased months always sum to
the annual target to the rupiah.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from statistics import median, quantiles

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MONTHS = range(1, 13)
HISTORY_YEARS = 3
# APEKSI comparison: a figure is shown only when at least this many cities contribute.
MIN_CONTRIBUTING_CITIES = 5


# ---------------------------------------------------------------- phasing
def largest_remainder(total: int, weights: Sequence[Fraction | int]) -> list[int]:
    """Split `total` rupiah in proportion to `weights`, summing exactly to `total`.

    Each share is floored; the rupiah left over go one each to the largest fractional
    remainders, earlier months first on a tie (deterministic).
    """
    if total < 0:
        raise ValueError("total must not be negative")
    weights = [Fraction(w) for w in weights]
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    whole = sum(weights)
    if whole == 0:
        weights = [Fraction(1)] * len(weights)
        whole = Fraction(len(weights))
    exact = [total * w / whole for w in weights]
    shares = [int(x) for x in exact]  # floor: all non-negative
    left = total - sum(shares)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[:left]:
        shares[i] += 1
    return shares


def seasonal_weights(
    history: Mapping[int, Mapping[int, int]], *, before_year: int, years: int = HISTORY_YEARS
) -> tuple[list[Fraction] | None, list[int]]:
    """The seasonal pattern of a source: each month's mean share of its year's total.

    `history` maps year -> {month: realisation}. A year counts when all twelve months are
    recorded and its total is positive; the (up to) `years` latest such years before
    `before_year` are averaged. Returns (twelve weights summing to 1, years used), or
    (None, []) when there is no usable year: the caller then phases evenly.
    """
    usable = [
        y
        for y in sorted(history, reverse=True)
        if y < before_year
        and all(m in history[y] for m in MONTHS)
        and sum(history[y][m] for m in MONTHS) > 0
    ][:years]
    if not usable:
        return None, []
    weights = [Fraction(0)] * 12
    for y in usable:
        total = sum(history[y][m] for m in MONTHS)
        for m in MONTHS:
            weights[m - 1] += Fraction(history[y][m], total)
    return [w / len(usable) for w in weights], sorted(usable)


class PhasingError(ValueError):
    """The annual target cannot be phased (e.g. below what closed months already hold)."""


def phase(
    annual: int, weights: Sequence[Fraction] | None, locked: Mapping[int, int] | None = None
) -> list[int]:
    """Twelve monthly targets summing exactly to `annual`.

    `weights` is the seasonal pattern (None: even). `locked` months (closed for revenue)
    keep their phased amount; the rest of the annual target is spread over the open
    months by the same pattern, renormalised (this is how an APBD-P revision is phased).
    """
    locked = dict(locked or {})
    weights = list(weights) if weights is not None else [Fraction(1)] * 12
    open_months = [m for m in MONTHS if m not in locked]
    remaining = annual - sum(locked.values())
    if remaining < 0 or (remaining > 0 and not open_months):
        raise PhasingError(
            _("The target is lower than, or differs from, what the closed months already hold.")
        )
    open_weights = [weights[m - 1] for m in open_months]
    if open_months and sum(open_weights) == 0:
        open_weights = [Fraction(1)] * len(open_months)
    shares = dict(zip(open_months, largest_remainder(remaining, open_weights), strict=True))
    return [locked[m] if m in locked else shares[m] for m in MONTHS]


# ---------------------------------------------------------------- projection and gaps
class ProjectionMethod:
    SEASONAL = "seasonal"
    LINEAR = "linear"
    NONE = "none"


PROJECTION_TEXT = {
    ProjectionMethod.SEASONAL: gettext_lazy(
        "Seasonal: realisation to date divided by the share of the year that the same "
        "months brought in over the last three years."
    ),
    ProjectionMethod.LINEAR: gettext_lazy(
        "Linear (no full year of history): realisation to date divided by the months "
        "elapsed, times twelve."
    ),
    ProjectionMethod.NONE: gettext_lazy("No projection before the first month is reported."),
}


@dataclass(frozen=True)
class Projection:
    amount: int | None
    method: str


def round_rupiah(value: Fraction) -> int:
    """Round half up to the whole rupiah (amounts are not negative)."""
    value = Fraction(value)
    return int((value * 2 + 1) // 2)


def project_year_end(
    ytd: int, through_month: int, weights: Sequence[Fraction] | None
) -> Projection:
    """Year-end realisation projected from the year to date.

    Seasonal when the source has a pattern whose months to date carry a positive share:
    ytd / (share of months 1..through_month). Otherwise linear: ytd / through_month x 12.
    Rounded half up to the rupiah.
    """
    if through_month < 1:
        return Projection(None, ProjectionMethod.NONE)
    if through_month >= 12:
        return Projection(ytd, ProjectionMethod.SEASONAL if weights else ProjectionMethod.LINEAR)
    if weights is not None:
        share = sum(weights[:through_month], Fraction(0))
        if share > 0:
            return Projection(round_rupiah(Fraction(ytd) / share), ProjectionMethod.SEASONAL)
    return Projection(round_rupiah(Fraction(ytd * 12, through_month)), ProjectionMethod.LINEAR)


def pct(part: int | None, whole: int | None) -> Decimal | None:
    """part / whole in percent, two decimals; None when there is no target."""
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Gap:
    code: str
    target: int
    realisation: int

    @property
    def amount(self) -> int:
        """Rupiah still missing against the target to date (negative: ahead)."""
        return self.target - self.realisation


def rank_by_gap(gaps: Iterable[Gap]) -> list[Gap]:
    """Largest shortfall first; ties by the lower realisation rate, then by code."""

    def key(gap: Gap):
        rate = Fraction(gap.realisation, gap.target) if gap.target else Fraction(1)
        return (-gap.amount, rate, gap.code)

    return sorted(gaps, key=key)


# ---------------------------------------------------------------- APEKSI comparison
@dataclass(frozen=True)
class Comparison:
    code: str
    cities: int
    shown: bool
    median: Decimal | None = None
    lower_quartile: Decimal | None = None
    upper_quartile: Decimal | None = None


def _two(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def anonymised_comparison(
    city_rates: Iterable[Mapping[str, Decimal]], *, minimum: int = MIN_CONTRIBUTING_CITIES
) -> list[Comparison]:
    """Per source code, the spread of cities' realisation rates without naming any city.

    `city_rates` holds one mapping per city (source code -> realisation %). A source is
    shown (median and quartiles) only when at least `minimum` cities contribute to it;
    below that, only that it is hidden.
    """
    by_code: dict[str, list[Decimal]] = {}
    for rates in city_rates:
        for code, rate in rates.items():
            if rate is not None:
                by_code.setdefault(code, []).append(Decimal(rate))
    result = []
    for code in sorted(by_code):
        values = sorted(by_code[code])
        if len(values) < minimum:
            result.append(Comparison(code, len(values), False))
            continue
        q1, _q2, q3 = quantiles(values, n=4, method="inclusive")
        result.append(Comparison(code, len(values), True, _two(median(values)), _two(q1), _two(q3)))
    return result


# ---------------------------------------------------------------- realisation import
IMPORT_COLUMNS = ("kode_sumber", "bulan", "jumlah")
# No city collects a quadrillion rupiah from one source in a month: beyond it is a typo.
MAX_AMOUNT = 10**15
FIRST_YEAR, LAST_YEAR = 2000, 2100
_WHOLE = re.compile(r"^\d+$")
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")
_MONTH_OF_YEAR = re.compile(r"^(\d{4})-(\d{1,2})$|^(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class CleanRow:
    row: int
    code: str
    month: int
    amount: int


@dataclass
class CheckedFile:
    rows: list[CleanRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def parse_amount(text: str) -> int | None:
    """Whole rupiah: "1500000", "1.500.000", "1,500,000", "Rp 1.500.000" or "1500000,00"."""
    value = text.replace("Rp", "").replace("rp", "").replace(" ", "").strip()
    for cents in (",00", ".00"):
        if value.endswith(cents) and len(value) > 3:
            value = value[: -len(cents)]
    number = None
    if _WHOLE.match(value):
        number = int(value)
    elif _GROUPED.match(value) and len({c for c in value if c in ".,"}) == 1:
        number = int(value.replace(".", "").replace(",", ""))
    return number if number is not None and number <= MAX_AMOUNT else None


def parse_month(text: str, year: int) -> int | None:
    """A month of `year`: "3", "03", "2026-03" or "03/2026"; None when not."""
    value = text.strip()
    if value.isascii() and value.isdigit():
        month = int(value)
        return month if 1 <= month <= 12 else None
    found = _MONTH_OF_YEAR.match(value)
    if not found:
        return None
    given_year = int(found.group(1) or found.group(4))
    month = int(found.group(2) or found.group(3))
    return month if given_year == year and 1 <= month <= 12 else None


def check_headers(headers: Sequence[str]) -> list[RowError]:
    return [
        RowError(1, column, _("Required column is missing."))
        for column in IMPORT_COLUMNS
        if column not in headers
    ]


def _code_problem(code: str, sources: Mapping[str, bool], writable: set[str]) -> str | None:
    if not code:
        return _("A source code is required.")
    if code not in sources:
        return _("Unknown revenue source code.")
    if not sources[code]:
        return _("This revenue source is inactive.")
    if code not in writable:
        return _("You are not responsible for this source.")
    return None


def _month_problem(
    raw: str, month: int | None, year: int, last_month: int, closed_months: set[int]
) -> str | None:
    if not raw:
        return _("A month is required.")
    if month is None:
        return _("Give a month 1-12 (or YYYY-MM) of %(year)s.") % {"year": year}
    if month > last_month:
        return _("This month has not started yet.")
    if month in closed_months:
        return _("This month is closed; only a recorded correction can change it.")
    return None


def _amount_problem(raw: str, amount: int | None) -> str | None:
    if not raw:
        return _("An amount is required.")
    if amount is None:
        return _("The amount must be whole rupiah, not negative.")
    return None


def check_rows(
    rows: Sequence[Mapping[str, str]],
    *,
    year: int,
    sources: Mapping[str, bool],
    writable: set[str],
    closed_months: set[int],
    last_month: int,
) -> CheckedFile:
    """Every row of a realisation file, each rule giving its own error.

    `sources`: code -> active for the city's sources; `writable`: codes this user may
    enter; `closed_months`: months of `year` closed for revenue; `last_month`: the
    latest month that may be reported (the current month of the current year).
    Row numbers are the file's (header = 1); blank rows are skipped.
    """
    result = CheckedFile()
    seen: dict[tuple[str, int], int] = {}
    for index, values in enumerate(rows, start=2):
        if not values or not any(values.values()):
            continue
        code = values.get("kode_sumber", "").strip().upper()
        raw_month = values.get("bulan", "").strip()
        month = parse_month(raw_month, year) if raw_month else None
        raw_amount = values.get("jumlah", "").strip()
        amount = parse_amount(raw_amount) if raw_amount else None
        problems = [
            ("kode_sumber", _code_problem(code, sources, writable)),
            ("bulan", _month_problem(raw_month, month, year, last_month, closed_months)),
            ("jumlah", _amount_problem(raw_amount, amount)),
        ]
        if code and month is not None:
            first = seen.setdefault((code, month), index)
            if first != index:
                message = _("Same source and month as row %(row)s.") % {"row": first}
                problems.append(("kode_sumber", message))
        errors = [RowError(index, column, message) for column, message in problems if message]
        if errors or month is None or amount is None:
            result.errors.extend(errors)
        else:
            result.rows.append(CleanRow(index, code, month, amount))
    if not result.rows and not result.errors:
        result.errors.append(RowError(1, "", _("The file has no rows.")))
    return result
