"""The revenue pages' filters, now the shared ones (core/templatetags/sinergi.py);
kept so `{% load revenue %}` goes on working."""

from __future__ import annotations

from django import template

from core.templatetags import sinergi

register = template.Library()

for _name in ("rupiah", "short_rupiah", "month_name", "bar_width"):
    register.filter(_name, getattr(sinergi, _name))


@register.filter
def percent(value: object) -> str:
    """Revenue attainment with one decimal: "93,5 %"."""
    return sinergi.percent(value, 1)


@register.simple_tag(takes_context=True)
def revenue_can_write(context) -> bool:
    """Whether the entry and import pages open for this user: the views' own predicate,
    so the revenue menu never offers a page that answers 403."""
    from core.revenue.access import can_write

    request = context.get("request")
    return bool(request is not None and can_write(request.user))
