"""Numbers, money, percentages, minutes and dates in the active language's form.

One helper for templates (the `number`, `rupiah`, `percent`, `minutes` filters in
core/templatetags/sinergi.py are these functions) and for Python text: refusal messages,
notices and exports format their figures here, so a service says "1.065 menit" and
"7 Desember 2026" in Indonesian, never "1065 minutes" or "07/12/2026".
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import ngettext

NBSP = "\u00a0"


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def number(value: object, places: int = 0) -> str:
    """1065 -> "1.065"; 12.5 with places=2 -> "12,50"; never scientific notation."""
    amount = _decimal(value)
    if amount is None:
        return "–" if value in (None, "") else str(value)
    places = int(places)
    amount = amount.quantize(Decimal(1).scaleb(-places)) if places else amount.quantize(1)
    return formats.number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


def rupiah(value: object) -> str:
    """5000000 -> "Rp5.000.000" (integer rupiah); None -> "–"."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{number(abs(amount))}"


def percent(value: object, places: int | None = None) -> str:
    """Decimal("100") -> "100,00 %" (two decimals, as the regulation tables); a whole
    count such as 45 -> "45 %"; `places` overrides."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    if places is None:
        places = 0 if isinstance(value, int) else 2
    return f"{number(amount, places)}{NBSP}%"


def share(value: object) -> str:
    """0.456 -> "46 %": a fraction of one (accounts activated, people who logged) as a
    whole percentage; None -> "–"."""
    amount = _decimal(value)
    return "–" if amount is None else percent(amount * 100, 0)


def minutes(value: object) -> str:
    """1065 -> "1.065 menit" (never "1065 mnt")."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    count = int(amount)
    return ngettext("%(n)s minute", "%(n)s minutes", count) % {"n": number(count)}


def short_date(value: datetime.date | None) -> str:
    """date(2026, 12, 7) -> "7 Des 2026" in Indonesian, "7 Dec 2026" in English."""
    if value is None:
        return "–"
    return formats.date_format(value, "j M Y")


def long_date(value: datetime.date | None) -> str:
    """date(2026, 12, 7) -> "7 Desember 2026" in Indonesian, "7 December 2026" in English."""
    if value is None:
        return "–"
    return formats.date_format(value, "j F Y")


def month_year(value: datetime.date | None) -> str:
    """date(2027, 1, 1) -> "Januari 2027" in Indonesian."""
    if value is None:
        return "–"
    return formats.date_format(value, "F Y")
