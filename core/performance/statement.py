"""The TPP statement in words: each line of rules.tpp explained for the ASN."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from core.formats import percent, rupiah


def _rp(amount: int) -> str:
    return rupiah(abs(int(amount)))


def _band_words(code: str) -> str:
    kind, _sep, rest = code.partition("_")
    what = _("Late arrival") if kind == "late" else _("Early departure")
    if rest == "no_record":
        return _("%(what)s: no attendance record") % {"what": what}
    if rest.startswith("over_"):
        return _("%(what)s of more than %(n)s minutes") % {"what": what, "n": rest[5:]}
    low, _sep, high = rest.partition("_")
    return _("%(what)s of %(low)s-%(high)s minutes") % {"what": what, "low": low, "high": high}


def explain(line: dict, *, estimate: bool = False) -> str:
    """One statement line as a sentence (an estimate's full cut says it is not final)."""
    code, pct, count = line["code"], line.get("pct"), line.get("count")
    # "26,57 %" in Indonesian (never "26.57%" or "1E+2"), as every page writes a percentage.
    pct = None if pct is None else percent(Decimal(str(pct)), 2)
    if code == "base":
        return _("TPP base for your kelas jabatan: %(amount)s") % {"amount": _rp(line["amount"])}
    if code == "performance_factor":
        return _(
            "Performance factor %(pct)s (60\u00a0%% result score + 40\u00a0%% attendance): "
            "%(amount)s"
        ) % {
            "pct": pct,
            "amount": _rp(line["amount"]),
        }
    if code == "full_cut" and estimate:
        return _(
            "If the month ended today, the result score would be below the minimum and the "
            "whole allowance would be cut (−%(amount)s)"
        ) % {"amount": _rp(line["amount"])}
    if code == "full_cut":
        return _("Result score below the minimum: the whole allowance is cut (−%(amount)s)") % {
            "amount": _rp(line["amount"])
        }
    if code == "absent":
        label = _("Absent without notice (alpa)")
    elif code == "permitted_absence":
        label = _("Absent with permission (izin)")
    elif code == "no_record_day":
        label = _("Working day with no attendance record")
    elif code == "cut_adjustment":
        return _("Cuts are limited to 100\u00a0%% of the base (+%(amount)s)") % {
            "amount": _rp(line["amount"])
        }
    elif code == "zero_floor":
        return _("The allowance never goes below zero (+%(amount)s)") % {
            "amount": _rp(line["amount"])
        }
    else:
        label = _band_words(code)
    return _("%(label)s: %(count)s times, %(pct)s of the base (−%(amount)s)") % {
        "label": label,
        "count": count,
        "pct": pct,
        "amount": _rp(line["amount"]),
    }


def explained(lines: list[dict], *, estimate: bool = False) -> list[dict]:
    return [
        {**line, "text": explain(line, estimate=estimate), "abs": abs(int(line["amount"]))}
        for line in lines
    ]
