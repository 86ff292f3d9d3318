"""Activation letters: two printable letters per A4 page, one per person whose account is
not active yet."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.accounts.rules import CODE_VALID_DAYS
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


@dataclass(frozen=True)
class Letterhead:
    """What heads each letter: the city's name and its branding (logo as bytes)."""

    city_name: str
    display_name: str = ""
    tagline: str = ""
    colour: str = "#0b5cab"
    logo: bytes = b""


def city_letterhead(city_name: str) -> Letterhead:
    """The letterhead of the current city, from its branding (a missing logo is skipped)."""
    from core.configuration.models import Branding

    row = Branding.objects.filter(pk=1).first()
    if row is None:
        return Letterhead(city_name)
    logo = b""
    if row.logo:
        try:
            with row.logo.open("rb") as handle:
                logo = handle.read()
        except OSError:
            logo = b""
    return Letterhead(
        city_name,
        display_name=row.display_name,
        tagline=row.tagline,
        colour=row.primary_colour or "#0b5cab",
        logo=logo,
    )


def activation_link(base_url: str, nip: str, code: str) -> str:
    """The link the letter's QR code opens: the activation form with NIP and code filled in."""
    return f"{base_url}/accounts/activate/?{urlencode({'nip': nip, 'code': code})}"


LETTERS_PER_PAGE = 2


def render_letters(letterhead: Letterhead, base_url: str, rows: list[dict]) -> bytes:
    """A PDF of activation letters, two per A4 page (cut along the dashed line).

    `base_url` is the site's own scheme and host (as the request arrived); each row is
    {"nip", "name", "unit", "code"}. Each letter carries the city's letterhead, the
    labelled code, a QR code of the activation link and the date the code expires.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(_("Activation letters"))
    width, height = A4
    today = timezone.localdate()
    dates = {
        "issued": date_format(today, "j F Y"),
        "expires": date_format(today + timedelta(days=CODE_VALID_DAYS), "j F Y"),
    }
    logo = _logo_image(letterhead.logo)
    for number, row in enumerate(rows):
        slot = number % LETTERS_PER_PAGE
        if slot == 0 and number:
            pdf.showPage()
        top = height - slot * height / LETTERS_PER_PAGE
        _draw_letter(pdf, top, width, letterhead, logo, base_url, row, dates)
        if slot == 0:
            _cut_line(pdf, height / 2, width)
    if not rows:
        pdf.setFont("Helvetica", 12)
        pdf.drawString(MARGIN, height - 3 * CM, _("No accounts waiting for activation."))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


CM = 28.346456692913385
MARGIN = 1.8 * CM


def _logo_image(data: bytes):
    if not data:
        return None
    from reportlab.lib.utils import ImageReader

    try:
        return ImageReader(io.BytesIO(data))
    except Exception:  # a broken logo must not stop the letters
        return None


def _hex(colour: str):
    from reportlab.lib.colors import HexColor, black

    try:
        return HexColor(colour)
    except (ValueError, TypeError):
        return black


def _cut_line(pdf, y: float, width: float) -> None:
    from reportlab.lib.colors import grey

    pdf.saveState()
    pdf.setStrokeColor(grey)
    pdf.setDash(4, 4)
    pdf.line(0.8 * CM, y, width - 0.8 * CM, y)
    pdf.setFont("Helvetica", 7)
    pdf.setFillColor(grey)
    pdf.drawCentredString(width / 2, y + 2, _("cut here"))
    pdf.restoreState()


def _draw_fitted(pdf, x: float, y: float, text: str, width: float, size: float) -> None:
    """Draw `text` within `width`: a smaller font first (down to 8 pt), then cut with "…"."""
    while size > 8 and pdf.stringWidth(text, "Helvetica", size) > width:
        size -= 0.5
    while len(text) > 4 and pdf.stringWidth(text, "Helvetica", size) > width:
        text = text[:-2] + "…"
    pdf.setFont("Helvetica", size)
    pdf.drawString(x, y, text)


def _draw_letter(pdf, top, width, head: Letterhead, logo, base_url, row, dates) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.colors import black, white

    colour = _hex(head.colour)
    right = width - MARGIN
    y = top - 1.5 * CM
    # Letterhead: logo, the city, the display name or tagline, a rule in the city's colour.
    text_x = MARGIN
    if logo is not None:
        pdf.drawImage(
            logo,
            MARGIN,
            y - 1.1 * CM,
            1.7 * CM,
            1.7 * CM,
            mask="auto",
            preserveAspectRatio=True,
            anchor="c",
        )
        text_x = MARGIN + 2.1 * CM
    pdf.setFillColor(black)
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(text_x, y, _("GOVERNMENT OF %(city)s") % {"city": head.city_name.upper()})
    pdf.setFont("Helvetica", 10)
    subtitle = (
        head.display_name if head.display_name and head.display_name != head.city_name else ""
    )
    lines = [line for line in (subtitle, head.tagline) if line]
    lines = lines or [_("Sinergi - ASN performance and talent management")]
    for offset, line in enumerate(lines[:2]):
        pdf.drawString(text_x, y - (0.5 + 0.45 * offset) * CM, line[:95])
    y -= 1.45 * CM
    pdf.setStrokeColor(colour)
    pdf.setLineWidth(2)
    pdf.line(MARGIN, y, right, y)
    pdf.setLineWidth(1)
    y -= 0.9 * CM
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawString(MARGIN, y, _("SINERGI ACCOUNT ACTIVATION LETTER"))
    # The person, then the labelled code in a box; the QR code on the right.
    qr_size = 4.2 * CM
    qr_x, qr_top = right - qr_size, y + 0.2 * CM
    y -= 0.8 * CM
    pdf.setFont("Helvetica", 10.5)
    for label, value in (
        (_("Name"), row["name"]),
        (_("NIP"), row["nip"]),
        (_("Unit"), (row["unit"] or "-").split(" > ")[-1]),
        (_("Issued on"), dates["issued"]),
    ):
        pdf.setFont("Helvetica", 10.5)
        pdf.drawString(MARGIN, y, label)
        value_x = MARGIN + 2.6 * CM
        _draw_fitted(pdf, value_x, y, f": {value}", qr_x - 0.4 * CM - value_x, 10.5)
        y -= 0.55 * CM
    y -= 0.25 * CM
    box_width, box_height = qr_x - MARGIN - 0.6 * CM, 1.9 * CM
    pdf.setStrokeColor(colour)
    pdf.setFillColor(white)
    pdf.roundRect(MARGIN, y - box_height, box_width, box_height, 6, stroke=1, fill=1)
    pdf.setFillColor(black)
    pdf.setFont("Helvetica", 9.5)
    pdf.drawString(MARGIN + 0.4 * CM, y - 0.55 * CM, _("Activation code"))
    pdf.setFont("Courier-Bold", 22)
    pdf.drawString(MARGIN + 0.4 * CM, y - 1.45 * CM, row["code"])
    pdf.setFont("Helvetica-Bold", 9.5)
    pdf.drawRightString(
        MARGIN + box_width - 0.4 * CM,
        y - 0.55 * CM,
        _("Valid until %(date)s") % {"date": dates["expires"]},
    )
    y -= box_height + 0.6 * CM
    link = activation_link(base_url, row["nip"], row["code"])
    widget = QrCodeWidget(link, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(
        qr_size, qr_size, transform=[qr_size / (x1 - x0), 0, 0, qr_size / (y1 - y0), 0, 0]
    )
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, qr_x, qr_top - qr_size)
    pdf.setFont("Helvetica", 8)
    pdf.drawCentredString(
        qr_x + qr_size / 2, qr_top - qr_size - 0.3 * CM, _("Scan with your phone camera")
    )
    # The steps, with the site's real address.
    y -= 0.1 * CM
    pdf.setFont("Helvetica", 10.5)
    steps = [
        _("1. Scan the QR code, or open %(url)s") % {"url": f"{base_url}/accounts/activate/"},
        _("2. Type your NIP and the activation code above (the QR code fills them in)."),
        _("3. Choose your own password. The code works once, until %(date)s.")
        % {"date": dates["expires"]},
    ]
    for step in steps:
        pdf.drawString(MARGIN, y, step[:110])
        y -= 0.62 * CM
    pdf.setFont("Helvetica-Oblique", 9.5)
    y -= 0.15 * CM
    pdf.drawString(
        MARGIN,
        y,
        _("Keep this letter private. Nobody from BKPSDM will ever ask for your password."),
    )
    pdf.drawString(
        MARGIN,
        y - 0.5 * CM,
        _("Lost the letter, or the code has expired? Ask your OPD administrator for a new one."),
    )
