"""Billing pages: the Stripe webhook, the operator's overview and one city's billing."""

from __future__ import annotations

import logging

import stripe
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from billing import services, stripe_api
from billing.forms import SubscribeForm
from billing.models import BillingAccount, PaymentMethod, Plan, StripeEvent
from billing.rules import event_shape_problem, monthly_amount
from core.accounts.access import role_required
from core.accounts.roles import Role
from core.typing import CityRequest
from onboarding.access import get_city_for_operator

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    """Stripe's webhook: refused with 400 unless signed with our secret."""
    try:
        event = stripe_api.construct_event(request.body, request.headers.get("Stripe-Signature"))
    except (ValueError, TypeError, AttributeError, KeyError, stripe.SignatureVerificationError):
        return JsonResponse({"message": "invalid signature or payload"}, status=400)
    payload = event.to_dict()
    problem = event_shape_problem(payload)
    if problem is not None:
        # Signed by Stripe but not what we can use: a retry would carry the same body, so
        # the answer is a deliberate 2xx ("ignored") rather than a 500 retried for days.
        logger.warning("Stripe event ignored: %s", problem)
        return JsonResponse({"outcome": "malformed", "message": problem}, status=202)
    result = services.handle_event(payload)
    return JsonResponse(
        {"id": result.event_id, "outcome": result.outcome, "duplicate": result.duplicate}
    )


@require_safe
@role_required(Role.OPERATOR)
def index(request: CityRequest) -> HttpResponse:
    accounts = BillingAccount.objects.select_related("city", "plan").order_by("city__name")
    return render(
        request,
        "billing/index.html",
        {
            "accounts": accounts,
            "plans": Plan.objects.all(),
            "events": StripeEvent.objects.select_related("account__city")[:30],
        },
    )


def checkout_or_invoice(
    request: HttpRequest, city, form: SubscribeForm, *, back: str
) -> HttpResponse | None:
    """Start the chosen way of paying; None when the form is invalid or refused."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        if data["payment_method"] == PaymentMethod.CARD:
            url = services.start_checkout(
                city,
                plan=data["plan"],
                email=data["billing_email"],
                success_url=back + "?checkout=done",
                cancel_url=back,
            )
            return HttpResponseRedirect(url)
        services.subscribe_by_invoice(city, plan=data["plan"], email=data["billing_email"])
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    messages.success(request, _("Subscription created: Stripe will e-mail each month's invoice."))
    return HttpResponseRedirect(back)


def account_context(city) -> dict:
    account = BillingAccount.objects.filter(city=city).select_related("plan").first()
    seats = services.active_seats(city) if not city.is_pilot else 0
    return {
        "account": account,
        "seats": seats,
        "estimate": monthly_amount(seats, account.plan.price_per_seat) if account else None,
        "reports": account.seat_reports.all()[:12] if account else [],
    }


@role_required(Role.OPERATOR)
def city(request: CityRequest, slug: str) -> HttpResponse:
    target = get_city_for_operator(request.user, slug)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        back = request.build_absolute_uri(reverse("billing:city", args=[slug]))
        response = checkout_or_invoice(request, target, form, back=back)
        if response is not None:
            return response
    return render(
        request,
        "billing/city.html",
        {"target": target, "form": form, **account_context(target)},
        status=400 if form.errors else 200,
    )


@require_POST
@role_required(Role.OPERATOR)
def portal(request: CityRequest, slug: str) -> HttpResponse:
    target = get_city_for_operator(request.user, slug)
    try:
        url = services.portal_url(
            target, return_url=request.build_absolute_uri(reverse("billing:city", args=[slug]))
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("billing:city", slug=slug)
    return HttpResponseRedirect(url)
