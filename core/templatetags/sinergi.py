"""The one set of display filters: numbers, money, percentages, minutes and labels, in
the active language's format (Indonesian: Rp5.000.000, 100,00 %, 1.065 menit).

Loaded everywhere as a template builtin (settings TEMPLATES "builtins"), so a template
applies `{{ value|rupiah }}` without `{% load %}`.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import cast

from django import template
from django.utils.formats import number_format
from django.utils.translation import ngettext

from core import labels

register = template.Library()

NBSP = "\u00a0"


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def number(value: object, places: int = 0) -> str:
    """1065 -> "1.065"; 12.5 with places=2 -> "12,50"; never scientific notation."""
    amount = _decimal(value)
    if amount is None:
        return "–" if value in (None, "") else str(value)
    places = int(places)
    amount = amount.quantize(Decimal(1).scaleb(-places)) if places else amount.quantize(1)
    return number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def rupiah(value: object) -> str:
    """5000000 -> "Rp5.000.000" (integer rupiah); None -> "–"."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{number(abs(amount))}"


@register.filter
def percent(value: object, places: int | None = None) -> str:
    """Decimal("100") -> "100,00 %" (two decimals, as the regulation tables); a whole
    count such as 45 -> "45 %"; `places` overrides."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    if places is None:
        places = 0 if isinstance(value, int) else 2
    return f"{number(amount, places)}{NBSP}%"


@register.filter
def minutes(value: object) -> str:
    """1065 -> "1.065 menit" (never "1065 mnt")."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    count = int(amount)
    return ngettext("%(n)s minute", "%(n)s minutes", count) % {"n": number(count)}


@register.filter
def label(value: object, kind: str) -> str:
    """`{{ row.predicate|label:"predicate" }}` -> "Butuh Perbaikan"."""
    return labels.label(kind, value)


@register.filter
def label_list(values: object, kind: str) -> str:
    """`{{ rule.predicates|label_list:"predicate" }}` -> "Sangat Baik / Baik"."""
    if values is None:
        return "–"
    items = [values] if isinstance(values, str) else cast(Iterable[object], values)
    return " / ".join(labels.label(kind, value) for value in items)


@register.filter
def role_label(value: object) -> str:
    return labels.role_label(value)


@register.filter
def roles_label(value: object) -> str:
    return labels.roles_label(cast("str | Iterable[object]", value))


@register.filter
def template_label(value: object, version: object = None) -> str:
    """'surabaya@1' (or 'surabaya' with version 1) -> 'Model Surabaya versi 1'."""
    if version not in (None, ""):
        value = f"{value}@{version}"
    return labels.template_label(value)


@register.filter
def can_open(user: object, url_name: str) -> bool:
    """`{% if user|can_open:"performance:attendance" %}`: the view's own access predicate,
    so a page never links to something that answers 403."""
    from django.urls import NoReverseMatch, reverse

    from core.navigation import view_predicate

    try:
        predicate = view_predicate(reverse(url_name))
    except NoReverseMatch:
        return False
    return predicate is None or bool(predicate(user))


@register.filter
def humanize_code(value: object) -> str:
    return labels.humanize_code(value)


@register.filter
def short_rupiah(value: object) -> str:
    """Millions and billions for tight spaces: "1,5 M" (miliar), "2,3 T" (triliun)."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    for size, suffix in ((10**12, " T"), (10**9, " M"), (10**6, " jt")):
        if abs(amount) >= size:
            return number(amount / size, 1) + suffix
    return number(amount)


@register.filter
def month_name(value: object) -> str:
    """3 -> "Mar" in the active language."""
    from django.utils.dates import MONTHS_3

    try:
        return str(MONTHS_3[int(cast(str, value))]).title()
    except (KeyError, TypeError, ValueError):
        return str(value)


@register.filter
def bar_width(value: object) -> int:
    """A percentage as a CSS width, 0-100."""
    amount = _decimal(value)
    if amount is None:
        return 0
    return int(min(max(amount, Decimal(0)), Decimal(100)))
