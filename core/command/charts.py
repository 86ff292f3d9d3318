"""The screen's charts: panel data (core.command.panels) -> SVG (core.command.svg)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.command import svg
from core.templatetags.sinergi import percent, rupiah

PREDICATE_CSS = ("pred-sb", "pred-b", "pred-bp", "pred-k", "pred-sk")


def day_chart(today: dict) -> str:
    series = [svg.Series(_("Today"), today["today"], "chart-a")]
    if today["usual"]:
        series.append(svg.Series(_("Usual (median of 4 weeks)"), today["usual"], "chart-b"))
    last = next((v for v in reversed(today["today"]) if v is not None), 0)
    return svg.line_chart(
        _("ASN who have logged today, by hour"),
        today["hours"],
        series,
        desc=_("%(n)s so far") % {"n": last},
    )


def month_chart(month: dict) -> str:
    labels = [f"{d.day}" for d in month["days"]]
    return svg.line_chart(
        _("ASN who logged, day by day"),
        labels,
        [svg.Series(_("ASN who logged"), month["city_people"], "chart-a")],
    )


def opd_bars(month: dict, today_by_opd: dict | None = None) -> str:
    rows = [(o["name"], float(o["progress_pct"]), "chart-a") for o in month["opds"]]
    city = month["totals"].get("progress_pct")
    return svg.bar_chart(
        _("Month progress per OPD"),
        rows,
        max_value=100,
        marker=float(city) if city is not None else None,
        unit=" %",
        desc=_("The line marks the city: %(v)s") % {"v": percent(city or 0)},
    )


def predicate_chart(month: dict, labels: list[str]) -> str:
    rows = [(_("City"), list(month["totals"].get("predicates", {}).values()))]
    rows += [(o["name"], list(o["predicates"].values())) for o in month["opds"]]
    return svg.stacked_bars(
        _("Projected predicates per OPD"),
        rows,
        list(zip(labels, PREDICATE_CSS, strict=True)),
    )


def tpp_chart(tpp: dict) -> str | None:
    if not tpp["year_budget"]:
        return None
    return svg.bullet_chart(
        _("TPP of the year against the budget"),
        actual=tpp["paid_before"] + tpp["this_month"],
        target_to_date=tpp["budget_to_date"] or 0,
        target_total=tpp["year_budget"],
        projection=tpp["projection"],
        actual_label=_("paid and estimated: %(v)s")
        % {"v": rupiah(tpp["paid_before"] + tpp["this_month"])},
        target_label=_("budget: %(v)s") % {"v": rupiah(tpp["year_budget"])},
    )


def revenue_chart(pad: dict | None) -> str | None:
    if not pad or not pad["effective"]:
        return None
    return svg.bullet_chart(
        _("PAD realisation against the target"),
        actual=pad["ytd_actual"],
        target_to_date=pad["ytd_target"],
        target_total=pad["effective"],
        projection=pad["projection"],
        actual_label=_("realised: %(v)s") % {"v": rupiah(pad["ytd_actual"])},
        target_label=_("target: %(v)s") % {"v": rupiah(pad["effective"])},
    )
