"""The monthly monitoring report for both mayors: prepared (frozen) from the snapshots,
signed off in the product by each city's BKPSDM head, printable as PDF."""

from __future__ import annotations

import calendar
import io
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.roles import Role
from onboarding.models import CityMetrics
from onboarding.services.metrics import alerts_for, live_since
from partnerships.models import ActionItem, ActionStatus, MonthlyReport, Partnership
from partnerships.services import adoption
from partnerships.services.common import PartnerActor, audit


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def build_content(p: Partnership, year: int, month: int) -> dict:
    """The report's figures as plain JSON (frozen into the report when prepared)."""
    end = min(_month_end(year, month), timezone.localdate())
    start = date(year, month, 1)
    milestones = [
        {
            "name": row["milestone"].name,
            "due_on": row["milestone"].due_on.isoformat(),
            "state": row["state"].state,
            "done_on": row["state"].done_on.isoformat() if row["state"].done_on else None,
            "source": row["state"].source,
            "days_late": row["state"].days_late,
        }
        for row in adoption.milestones_with_state(p, today=end)
    ]
    cities = []
    risks: list[str] = []
    for adopter in adoption.adopters_in(p):
        rows = list(
            CityMetrics.objects.filter(city=adopter, taken_on__range=(start, end)).order_by(
                "taken_on"
            )
        )
        curve = [
            {
                "day": r.taken_on.isoformat(),
                "activated_share": r.activated_share,
                "active_share": r.active_share,
            }
            for r in rows
        ]
        last = rows[-1] if rows else None
        if last is not None:
            risks += alerts_for(last, live=live_since(adopter), today=end)
        cities.append(
            {
                "city": adopter.name,
                "curve": curve,
                "activated_share": last.activated_share if last else None,
                "active_share": last.active_share if last else None,
                "median_verification_hours": last.median_verification_hours if last else None,
                "months_closed": last.months_closed if last else None,
            }
        )
    open_actions = [
        {
            "title": a.title,
            "assignee": a.assignee_name,
            "city": a.assignee_city.name,
            "due_on": a.due_on.isoformat(),
            "overdue": a.due_on < end,
        }
        for a in ActionItem.objects.filter(partnership=p, status=ActionStatus.OPEN)
        .select_related("assignee_city")
        .order_by("due_on")
    ]
    late = [m for m in milestones if m["state"] == "late"]
    for m in late:
        risks.append(
            _("%(name)s is %(days)d days late.") % {"name": m["name"], "days": m["days_late"]}
        )
    overdue = sum(1 for a in open_actions if a["overdue"])
    if overdue:
        risks.append(_("%(n)d action item(s) past their due date.") % {"n": overdue})
    meetings = p.meetings.filter(held_on__range=(start, end)).count()
    return {
        "year": year,
        "month": month,
        "as_of": end.isoformat(),
        "milestones": milestones,
        "adoption": cities,
        "open_actions": open_actions,
        "meetings": meetings,
        "risks": [str(r) for r in risks],
    }


def _may_prepare(actor: PartnerActor, p: Partnership) -> bool:
    from partnerships.services.plan import may_work_on

    return may_work_on(actor, p)


@transaction.atomic
def prepare_report(p: Partnership, year: int, month: int, *, actor: PartnerActor) -> MonthlyReport:
    """Freeze this month's figures into the report (again, until someone has signed)."""
    if not _may_prepare(actor, p):
        raise ValidationError(_("Only the partnership's administrators and mentors may do this."))
    if not (1 <= month <= 12) or date(year, month, 1) > timezone.localdate():
        raise ValidationError(_("Choose a month that has begun."))
    report = (
        MonthlyReport.objects.select_for_update()
        .filter(partnership=p, year=year, month=month)
        .first()
    )
    if report is not None and (report.signed_a_at or report.signed_b_at):
        raise ValidationError(_("This report has been signed and can no longer change."))
    content = build_content(p, year, month)
    if report is None:
        report = MonthlyReport.objects.create(
            partnership=p, year=year, month=month, content=content, prepared_by_label=actor.label
        )
    else:
        report.content = content
        report.prepared_by_label = actor.label
        report.save(update_fields=["content", "prepared_by_label"])
    audit(p, actor, "report_prepared", after={"year": year, "month": month})
    return report


@transaction.atomic
def sign_report(report: MonthlyReport, *, actor: PartnerActor) -> MonthlyReport:
    """The head of BKPSDM (city administrator) of one city signs for that city."""
    report = (
        MonthlyReport.objects.select_for_update().select_related("partnership").get(pk=report.pk)
    )
    p = report.partnership
    if (
        actor.city is None
        or actor.role != Role.CITY_ADMIN
        or actor.city.pk
        not in (
            p.city_a_id,
            p.city_b_id,
        )
    ):
        raise ValidationError(_("Only a city administrator of either city may sign."))
    side = "a" if actor.city.pk == p.city_a_id else "b"
    if getattr(report, f"signed_{side}_at"):
        raise ValidationError(_("Your city has already signed this report."))
    setattr(report, f"signed_{side}_by", actor.label)
    setattr(report, f"signed_{side}_at", timezone.now())
    report.save(update_fields=[f"signed_{side}_by", f"signed_{side}_at"])
    audit(p, actor, "report_signed", after={"year": report.year, "month": report.month})
    return report


def report_pdf(report: MonthlyReport, rendered: dict) -> bytes:
    """An A4 PDF of the report; `rendered` holds the page's already-formatted lines."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, title=rendered["title"]
    )
    styles = getSampleStyleSheet()
    story = [Paragraph(escape(rendered["title"]), styles["Title"])]
    story.append(Paragraph(escape(rendered["subtitle"]), styles["Normal"]))
    for section in rendered["sections"]:
        story += [Spacer(1, 5 * mm), Paragraph(escape(str(section["heading"])), styles["Heading2"])]
        rows = ([section["header"]] if section["header"] else []) + section["rows"]
        if not section["rows"]:
            story.append(Paragraph("–", styles["Normal"]))
            continue
        data = [[Paragraph(escape(str(cell)), styles["Normal"]) for cell in row] for row in rows]
        story.append(Table(data, hAlign="LEFT"))
    doc.build(story)
    return buffer.getvalue()
