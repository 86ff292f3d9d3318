from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from core.accounts.roles import ROLE_LABELS, Role
from core.typing import CityRequest


@require_safe
@login_required
def home(request: CityRequest) -> HttpResponse:
    """The city's start page. An ASN sees their day and month ("Me"); the mayor goes
    straight to the city dashboard; everyone else gets their menu as tiles."""
    if request.user.role == Role.EXECUTIVE:
        return redirect("command:city")
    context = {"role_label": ROLE_LABELS.get(request.user.role, "")}
    employee = getattr(request.user, "employee", None)
    if employee is not None:
        from core.performance.views.boards import me_context

        context.update(me_context(employee))
    return render(request, "core/home.html", context)
