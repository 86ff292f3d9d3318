"""Pages of the organisation: the unit tree and the positions in it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.organisation.access import visible_positions, visible_units
from core.typing import CityRequest


@require_safe
@login_required
def unit_tree(request: CityRequest) -> HttpResponse:
    """Every unit in path order, indented by depth, with its head count today."""
    today = timezone.localdate()
    current = Q(positions__assignments__starts_on__lte=today) & (
        Q(positions__assignments__ends_on__isnull=True)
        | Q(positions__assignments__ends_on__gte=today)
    )
    units = (
        visible_units(request.user)
        .annotate(
            people=Count("positions__assignments__employee", filter=current, distinct=True),
            position_count=Count("positions", distinct=True),
        )
        .order_by("path")
    )
    return render(request, "core/organisation/tree.html", {"units": units})


@require_safe
@login_required
def position_list(request: CityRequest) -> HttpResponse:
    positions = visible_positions(request.user).order_by("org_unit__path", "-kelas_jabatan", "name")
    unit_id = request.GET.get("unit", "")
    if unit_id.isascii() and unit_id.isdigit():
        positions = positions.filter(org_unit_id=int(unit_id))
    page = Paginator(positions, 100).get_page(request.GET.get("page"))
    return render(request, "core/organisation/positions.html", {"page": page, "unit": unit_id})
