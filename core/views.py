from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.accounts.roles import ROLE_LABELS


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The city's start page: who you are, and where you can go from here."""
    return render(request, "core/home.html", {"role_label": ROLE_LABELS.get(request.user.role, "")})
