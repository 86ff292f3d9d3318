"""The weekly evaluation pack (rapat evaluasi): the screen on A4, for the mayor's meeting.

The period, the data's time, the headline figures, every alert with who to call, the top
and bottom five OPDs by month progress, TPP against the budget and PAD against target.
Built with reportlab (already used for the activation letters) from `screen_context`,
so it shows the screen's numbers.
"""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.templatetags.sinergi import number, percent, rupiah

TOP = 5


def _alert_text(a: dict) -> str:
    kind = a["kind"]
    if kind == "rate":
        return _("%(opd)s: %(rate)s of its ASN have logged today; the city stands at %(city)s.") % {
            "opd": a["opd"],
            "rate": percent(a["value"]),
            "city": percent(a["reference"]),
        }
    if kind == "waiting":
        return _("%(n)s activities have waited for verification for %(days)s days or more.") % {
            "n": number(a["entries"]),
            "days": a["days"],
        }
    if kind == "silent":
        return _("%(opd)s: %(n)s ASN have not logged any work since %(since)s.") % {
            "opd": a["opd"],
            "n": number(a["people"]),
            "since": date_format(a["since"], "j F Y"),
        }
    if kind == "curve":
        return _("%(opd)s: the projected predicates break the distribution curve.") % {
            "opd": a["opd"]
        }
    return _("TPP of the year at the current pace: %(p)s, %(pct)s of the budget of %(b)s.") % {
        "p": rupiah(a["projection"]),
        "pct": percent(a["pct"]),
        "b": rupiah(a["budget"]),
    }


def _who(a: dict) -> str:
    people = []
    for who in a.get("who", []):
        bits = [who["name"], who["position"], who["phone"], who["email"]]
        people.append(", ".join(b for b in bits if b))
    return " · ".join(people) or "–"


def weekly_pack(context: dict) -> bytes:
    """The PDF bytes of the screen described by `context` (views.screen_context)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8, leading=10)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Weekly evaluation pack"),
    )
    m, now = context["m"], context["now"]
    story = [
        Paragraph(_("Weekly evaluation pack"), styles["Title"]),
        Paragraph(
            _("Period: %(period)s · data as of %(time)s WIB")
            % {
                "period": date_format(context["first_day"], "F Y"),
                "time": date_format(now, "j F Y H.i"),
            },
            body,
        ),
        Spacer(1, 4 * mm),
    ]

    def table(rows: list[list], widths: list[float]) -> Table:
        cells = [[Paragraph(str(c), small) for c in row] for row in rows]
        t = Table(cells, colWidths=[w * mm for w in widths], repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    totals = m["totals"]
    story.append(Paragraph(_("Headline"), styles["Heading2"]))
    headline = [
        [_("Figure"), _("Value")],
        [_("ASN"), number(totals.get("people", 0))],
        [_("Month progress of the whole city"), percent(totals.get("progress_pct", 0))],
    ]
    if "t" in context:
        headline += [
            [_("ASN logged work today"), number(context["t"]["people"])],
            [_("Activities waiting for verification"), number(context["backlog"]["waiting"])],
        ]
    if "tpp" in context:
        tpp = context["tpp"]
        headline += [
            [_("TPP to be paid this month (estimate)"), rupiah(tpp["this_month"])],
            [_("TPP of the year at the current pace"), rupiah(tpp["projection"])],
            [
                _("How the year is counted"),
                _("%(closed)s closed months as paid, %(paced)s at this month's pace")
                % {"closed": tpp["closed_months"], "paced": tpp["paced_months"]},
            ],
            [_("TPP budget of the year"), rupiah(tpp["year_budget"])],
        ]
    if context.get("pad"):
        pad = context["pad"]
        headline += [
            [_("PAD realised to date"), f"{rupiah(pad['ytd_actual'])} ({percent(pad['ytd_pct'])})"],
            [_("PAD year-end projection"), rupiah(pad["projection"])],
        ]
    story += [table(headline, [110, 70]), Spacer(1, 4 * mm)]

    story.append(Paragraph(_("Alerts"), styles["Heading2"]))
    alerts = context.get("alerts") or []
    if alerts:
        rows = [[_("Alert"), _("Who to call")]] + [[_alert_text(a), _who(a)] for a in alerts]
        story.append(table(rows, [105, 75]))
    else:
        story.append(Paragraph(_("No alert right now."), body))
    story.append(Spacer(1, 4 * mm))

    ranked = sorted(m["opds"], key=lambda o: (-float(o["progress_pct"]), o["name"]))
    header = [_("OPD"), _("ASN"), _("Month progress"), _("Average score"), "TPP"]

    def rows_of(opds):
        return [header] + [
            [
                o["name"],
                number(o["people"]),
                percent(o["progress_pct"]),
                number(o["score_avg"], 2),
                rupiah(o["tpp_paid"]),
            ]
            for o in opds
        ]

    story.append(Paragraph(_("Top OPDs"), styles["Heading2"]))
    story.append(table(rows_of(ranked[:TOP]), [70, 20, 30, 25, 35]))
    story.append(Paragraph(_("Bottom OPDs"), styles["Heading2"]))
    story.append(table(rows_of(list(reversed(ranked[-TOP:]))), [70, 20, 30, 25, 35]))
    doc.build(story)
    return buffer.getvalue()
