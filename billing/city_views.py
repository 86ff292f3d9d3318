"""Billing on a city's own host (/support/billing/): the city admin pays by card
(Stripe Checkout, customer portal) or asks for invoices."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from billing import services
from billing.forms import SubscribeForm
from billing.views import account_context, checkout_or_invoice
from core.accounts.access import role_required
from core.accounts.roles import Role
from core.typing import CityRequest
from tenants.middleware import city_of


@role_required(Role.CITY_ADMIN)
def billing(request: CityRequest) -> HttpResponse:
    form = SubscribeForm(request.POST or None, initial={"billing_email": request.user.email})
    if request.method == "POST":
        back = request.build_absolute_uri(reverse("support:billing"))
        response = checkout_or_invoice(request, city_of(request), form, back=back)
        if response is not None:
            return response
    return render(
        request,
        "billing/city.html",
        {
            "target": city_of(request),
            "form": form,
            "city_side": True,
            **account_context(city_of(request)),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@role_required(Role.CITY_ADMIN)
def portal(request: CityRequest) -> HttpResponse:
    try:
        url = services.portal_url(
            city_of(request), return_url=request.build_absolute_uri(reverse("support:billing"))
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("support:billing")
    return HttpResponseRedirect(url)
