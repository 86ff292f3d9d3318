"""Sign-in (with two-factor for administrators), activation, and the own-account page."""

from __future__ import annotations

import io
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.accounts import services
from core.accounts.forms import ActivationForm, LoginForm, OtpForm, PasswordPairForm
from core.accounts.roles import ROLE_LABELS, TWO_FACTOR_REQUIRED

PENDING_KEY = "_pending_2fa"
PENDING_SECONDS = 300


def needs_two_factor(user) -> bool:
    """Admins always; anyone else who has enrolled an authenticator.

    `TWO_FACTOR_ENFORCED = False` (test settings only) skips the step for suites
    that sign admins in through the plain login form.
    """
    if not getattr(settings, "TWO_FACTOR_ENFORCED", True):
        return False
    return user.role in TWO_FACTOR_REQUIRED or services.confirmed_device(user) is not None


class LoginView(auth_views.LoginView):
    template_name = "core/accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_initial(self):
        # After activation an administrator lands here with the NIP filled in.
        nip = self.request.GET.get("nip", "")
        return {"username": nip[:18]} if nip.isdigit() else {}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if getattr(self.request, "city", None) is not None:
            # A city's users sign in by NIP: a phone shows the number pad.
            form.fields["username"].label = _("NIP")
            form.fields["username"].widget.attrs["inputmode"] = "numeric"
        return form

    def form_valid(self, form):
        user = form.get_user()
        services.clear_failures(user.username)
        if not needs_two_factor(user):
            return super().form_valid(form)
        # Password accepted; the session is not signed in until the second factor is.
        self.request.session.cycle_key()
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "at": time.time(),
            "next": self.get_success_url(),
        }
        return redirect("accounts:two_factor")


class LogoutView(auth_views.LogoutView):
    pass


def _pending_user(request: HttpRequest):
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None, ""
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending.get("next", "/")


def _qr_svg(data: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    # Inline in the page: no XML declaration, and a size that suits a phone screen.
    svg = svg[svg.index("<svg") :]
    return svg.replace('width="', 'style="width:min(60vw,220px);height:auto" data-w="', 1)


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: verify a TOTP code, or enrol an authenticator first."""
    user, next_url = _pending_user(request)
    if user is None:
        messages.error(request, _("Please sign in again."))
        return redirect("accounts:login")
    device = services.confirmed_device(user)
    enrolling = device is None
    if enrolling:
        device = services.start_totp_enrolment(user)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.locked_until(user.username):
            form.add_error(None, _("Too many failed attempts. Try again in 15 minutes."))
        else:
            token = form.cleaned_data["token"].strip()
            ok = (
                services.confirm_totp(user, device, token)
                if enrolling
                else device.verify_token(token)
            )
            if ok:
                del request.session[PENDING_KEY]
                user.otp_device = device  # django-otp marks the session verified on login
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                    next_url = "/"
                return redirect(next_url)
            services.record_failure(user.username)
            form.add_error("token", _("This code is not correct. Check the time on your phone."))
    context = {"form": form, "enrolling": enrolling, "person": user}
    if enrolling:
        context.update(qr_svg=_qr_svg(device.config_url), secret=_base32(device))
    return render(request, "core/accounts/two_factor.html", context)


def _base32(device) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


def _after_activation(request: HttpRequest, user) -> HttpResponse:
    """Sign the new owner in; an administrator (who needs a second factor) lands on the
    sign-in form with the NIP filled in instead."""
    if needs_two_factor(user):
        messages.success(
            request,
            _(
                "Your account is active. Sign in with your new password; as an administrator"
                " you then set up your authenticator app."
            ),
        )
        return redirect(f"{reverse('accounts:login')}?{urlencode({'nip': user.username})}")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your account is active and you are signed in."))
    return redirect("/")


@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest) -> HttpResponse:
    """Activation with the code from the letter: NIP, code, and the new password twice.

    The letter's QR code opens this page with the NIP and code filled in."""
    initial = {"nip": request.GET.get("nip", "")[:18], "code": request.GET.get("code", "")[:20]}
    form = ActivationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.activate_account(data["nip"], data["code"], data["password1"])
        except services.ActivationRefused as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error("password1", exc)
        else:
            return _after_activation(request, user)
    return render(request, "core/accounts/activate.html", {"form": form})


@require_http_methods(["GET", "POST"])
def activate_link(request: HttpRequest) -> HttpResponse:
    """Activation from the e-mailed link: only the new password is asked for."""
    nip = request.GET.get("nip", "")
    token = request.GET.get("token", "")
    form = PasswordPairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.activate_account(nip, token, form.cleaned_data["password1"])
        except services.ActivationRefused as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error("password1", exc)
        else:
            return _after_activation(request, user)
    return render(request, "core/accounts/activate_link.html", {"form": form, "nip": nip})


@login_required
def my_account(request: HttpRequest) -> HttpResponse:
    user = request.user
    employee = getattr(user, "employee", None) if connection.schema_name != "public" else None
    context = {
        "employee": employee,
        "role_label": ROLE_LABELS.get(user.role, ""),
        "device": services.confirmed_device(user),
        "two_factor_required": user.role in TWO_FACTOR_REQUIRED,
    }
    if employee is not None:
        from core.people.hierarchy import position_on, supervisor_of

        context.update(assignment=position_on(employee), supervisor=supervisor_of(employee))
    return render(request, "core/accounts/me.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def enrol_two_factor(request: HttpRequest) -> HttpResponse:
    """Add (or replace) an authenticator from the own-account page."""
    device = services.start_totp_enrolment(request.user)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp(request.user, device, form.cleaned_data["token"].strip()):
            messages.success(request, _("Two-factor authentication is on."))
            return redirect("accounts:me")
        form.add_error("token", _("This code is not correct. Check the time on your phone."))
    return render(
        request,
        "core/accounts/two_factor.html",
        {
            "form": form,
            "enrolling": True,
            "person": request.user,
            "qr_svg": _qr_svg(device.config_url),
            "secret": _base32(device),
            "from_account": True,
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/accounts/password_change.html"
    success_url = reverse_lazy("accounts:me")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "core/accounts/password_reset.html"
    email_template_name = "core/accounts/password_reset_email.txt"
    subject_template_name = "core/accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "core/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed. Sign in with it."))
        return super().form_valid(form)


def login_url() -> str:
    return reverse("accounts:login")
