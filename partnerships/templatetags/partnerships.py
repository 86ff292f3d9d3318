"""Display helpers of partnership pages (shares 0–1 and hours in Indonesian form)."""

from __future__ import annotations

from typing import SupportsFloat

from django import template

from core.templatetags.sinergi import number, percent

register = template.Library()


@register.filter
def share(value: SupportsFloat | str | None) -> str:
    """0.8534 -> "85,3 %"; None -> "–"."""
    if value is None or value == "":
        return "–"
    return percent(float(value) * 100, 1)


@register.filter
def hours(value: object) -> str:
    """12.25 -> "12,3 jam"; None -> "–"."""
    if value is None or value == "":
        return "–"
    from django.utils.translation import gettext as _

    return _("%(n)s hours") % {"n": number(value, 1)}


@register.filter
def share_width(value: SupportsFloat | str | None) -> int:
    if value is None:
        return 0
    return int(min(max(float(value), 0.0), 1.0) * 100)


@register.filter
def milestone_label(value: object) -> str:
    from partnerships.models import MilestoneKind

    try:
        return str(MilestoneKind(str(value)).label)
    except ValueError:
        return str(value)


@register.filter
def state_label(value: object) -> str:
    from django.utils.translation import gettext as _

    return {
        "done": _("Done"),
        "late": _("Late"),
        "due_soon": _("Due soon"),
        "open": _("Planned"),
    }.get(str(value), str(value))


@register.filter
def event_label(value: object) -> str:
    from django.utils.translation import gettext as _

    return {
        "proposed": _("proposed"),
        "accepted": _("accepted"),
        "status": _("status changed"),
        "document": _("scanned agreement uploaded"),
        "member_added": _("person added"),
        "member_removed": _("person removed"),
        "milestone_confirmed": _("milestone confirmed"),
        "milestone_rescheduled": _("milestone rescheduled"),
        "meeting_recorded": _("meeting recorded"),
        "action_closed": _("action closed"),
        "pilot_linked": _("pilot city linked"),
        "practice_offered": _("practice offered"),
        "practice_status": _("practice status changed"),
        "report_prepared": _("report prepared"),
        "report_signed": _("report signed"),
        "mentor_access_granted": _("mentor access granted"),
    }.get(str(value), str(value).replace("_", " "))
