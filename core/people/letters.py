"""Activation letters: one printable A4 page per person whose account is not active yet."""

from __future__ import annotations

import io

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.organisation.models import PATH_SEPARATOR, OrgUnit
from core.people.models import Assignment, Employee


def _unit_filter(unit: OrgUnit | None) -> Q:
    if unit is None:
        return Q()
    return Q(unit_path=unit.path) | Q(unit_path__startswith=unit.path + PATH_SEPARATOR)


def pending_accounts(unit: OrgUnit | None = None, opd_id: int | None = None) -> QuerySet[Employee]:
    """People in `unit` (and below) whose account has not been activated, with `unit_path`."""
    current = Assignment.objects.filter(employee=OuterRef("pk"), ends_on__isnull=True).order_by(
        "is_acting", "-starts_on"
    )
    people = (
        Employee.objects.filter(
            user__isnull=False,
            user__activated_at__isnull=True,
            user__is_active=False,
            status="active",
        )
        .select_related("user")
        .annotate(
            unit_path=Subquery(current.values("position__org_unit__path")[:1]),
            unit_opd=Subquery(current.values("position__org_unit__opd_id")[:1]),
        )
        .filter(_unit_filter(unit))
        .order_by("unit_path", "name")
    )
    if opd_id is not None:
        people = people.filter(unit_opd=opd_id)
    return people


def render_letters(city_name: str, host: str, rows: list[dict]) -> bytes:
    """A PDF with one letter per row: {"nip", "name", "unit", "code"}."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(_("Activation letters"))
    width, height = A4
    issued = timezone.localdate().strftime("%d-%m-%Y")
    for row in rows:
        y = height - 3 * cm
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(2.5 * cm, y, city_name.upper())
        y -= 0.8 * cm
        pdf.setFont("Helvetica", 10)
        pdf.drawString(2.5 * cm, y, _("Sinergi - ASN performance and talent management"))
        y -= 1.6 * cm
        pdf.setFont("Helvetica-Bold", 13)
        pdf.drawString(2.5 * cm, y, _("ACCOUNT ACTIVATION LETTER"))
        y -= 1.2 * cm
        pdf.setFont("Helvetica", 11)
        for label, value in (
            (_("Name"), row["name"]),
            (_("NIP"), row["nip"]),
            (_("Unit"), row["unit"] or "-"),
            (_("Issued on"), issued),
        ):
            pdf.drawString(2.5 * cm, y, f"{label}")
            pdf.drawString(6 * cm, y, f": {value}"[:90])
            y -= 0.7 * cm
        y -= 0.6 * cm
        pdf.setFont("Helvetica-Bold", 20)
        pdf.drawString(2.5 * cm, y, row["code"])
        y -= 1.2 * cm
        pdf.setFont("Helvetica", 10)
        steps = [
            _("1. Open https://%(host)s/accounts/activate/") % {"host": host},
            _("2. Type your NIP and the activation code above."),
            _("3. Choose your own password. The code works once and expires in 30 days."),
            _("Keep this letter private. Nobody from BKPSDM will ever ask for your password."),
        ]
        for step in steps:
            pdf.drawString(2.5 * cm, y, step)
            y -= 0.6 * cm
        pdf.showPage()
    if not rows:
        pdf.drawString(2.5 * cm, height - 3 * cm, _("No accounts waiting for activation."))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
