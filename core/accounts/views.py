"""Sign-in (with two-factor for administrators), activation, and the own-account page."""

from __future__ import annotations

import io
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.accounts import services
from core.accounts.forms import (
    ActivationForm,
    LoginForm,
    OtpForm,
    PasswordPairForm,
    TokenPolicyForm,
)
from core.accounts.roles import ROLE_LABELS, TWO_FACTOR_REQUIRED, Role
from core.db import tenant_connection
from core.typing import CityRequest

PENDING_KEY = "_pending_2fa"
PENDING_SECONDS = 300
ENROL_KEY = "_totp_enrolment"  # the secret shown, until its first code enrols it


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
        if not services.needs_two_factor(user):
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
    confirmed = services.confirmed_device(user)
    enrolling = confirmed is None
    # While enrolling, the device is unsaved: its secret waits in the session.
    device = confirmed or services.totp_device_for(user, _enrolment_key(request))
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = services.client_ip(request)
        if services.locked_until(user.username, ip):
            form.add_error(None, _("Too many failed attempts. Try again in 15 minutes."))
        else:
            token = form.cleaned_data["token"].strip()
            enrolled = services.enrol_totp(user, device.key, token) if enrolling else None
            ok = enrolled is not None if enrolling else device.verify_token(token)
            if ok:
                del request.session[PENDING_KEY]
                request.session.pop(ENROL_KEY, None)
                user.otp_device = enrolled or device  # django-otp verifies the session
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                    next_url = "/"
                return redirect(next_url)
            services.record_failure(user.username, ip)
            form.add_error("token", _("This code is not correct. Check the time on your phone."))
    context = {"form": form, "enrolling": enrolling, "person": user}
    if enrolling:
        context.update(qr_svg=_qr_svg(device.config_url), secret=_base32(device))
    return render(request, "core/accounts/two_factor.html", context)


def _enrolment_key(request: HttpRequest) -> str:
    """The secret being enrolled in this session (a new one on the first visit)."""
    key = request.session.get(ENROL_KEY)
    if not key:
        key = request.session[ENROL_KEY] = services.new_totp_key()
    return key


def _base32(device) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


def _after_activation(request: HttpRequest, user) -> HttpResponse:
    """Sign the new owner in; an administrator (who needs a second factor) lands on the
    sign-in form with the NIP filled in instead."""
    if services.needs_two_factor(user):
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
def my_account(request: CityRequest) -> HttpResponse:
    user = request.user
    employee = (
        getattr(user, "employee", None) if tenant_connection().schema_name != "public" else None
    )
    context = {
        "employee": employee,
        "role_label": ROLE_LABELS.get(user.role, ""),
        "device": services.confirmed_device(user),
        "two_factor_required": user.role in TWO_FACTOR_REQUIRED,
        "tokens": services.tokens_of(user),
        "token_policy_form": _token_policy_form(user),
    }
    if employee is not None:
        from core.people.hierarchy import position_on, supervisor_of

        context.update(assignment=position_on(employee), supervisor=supervisor_of(employee))
    return render(request, "core/accounts/me.html", context)


def _token_policy_form(user, data=None) -> TokenPolicyForm | None:
    """The city administrator's setting of how long unused tokens live."""
    if tenant_connection().schema_name == "public" or not user.has_role(Role.CITY_ADMIN):
        return None
    return TokenPolicyForm(data, initial={"token_idle_days": services.token_idle_days()})


@login_required
@require_POST
def revoke_token(request: CityRequest, token_id: int) -> HttpResponse:
    """End one of the person's own API tokens (a lost phone, an old script)."""
    if services.revoke_token(request.user, token_id, actor=request.user):
        messages.success(request, _("That device is signed out."))
    else:
        messages.error(request, _("That device was already signed out."))
    return redirect("accounts:me")


@login_required
@require_POST
def token_policy(request: CityRequest) -> HttpResponse:
    form = _token_policy_form(request.user, request.POST)
    if form is None:
        raise PermissionDenied(_("Your role does not allow this."))
    if form.is_valid():
        try:
            services.set_token_idle_days(form.cleaned_data["token_idle_days"], actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("token_idle_days", [])))
    return redirect("accounts:me")


@login_required
@require_http_methods(["GET", "POST"])
def enrol_two_factor(request: CityRequest) -> HttpResponse:
    """Add (or replace) an authenticator from the own-account page.

    GET shows a new secret (kept in the session only); the POST with its first code
    enrols it (services.enrol_totp). Until then the current authenticator stays.
    """
    device = services.totp_device_for(request.user, _enrolment_key(request))
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        if services.enrol_totp(request.user, device.key, token) is not None:
            request.session.pop(ENROL_KEY, None)
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
            # An ASN adds one by choice: "your role requires" would be untrue.
            "optional": request.user.role not in TWO_FACTOR_REQUIRED,
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/accounts/password_change.html"
    success_url = reverse_lazy("accounts:me")

    def form_valid(self, form):
        user = form.user
        services.change_password(
            user, form.cleaned_data["new_password1"], actor=user, reason="password change"
        )
        update_session_auth_hash(self.request, user)
        messages.success(
            self.request,
            _("Your password has been changed. Apps and devices must sign in again."),
        )
        return redirect(self.get_success_url())


def configured_host() -> str:
    """This site's host for links in e-mails: the city's primary domain (the platform's
    ROOT_DOMAIN on the public site) and PUBLIC_URL_PORT, never the request's Host."""
    tenant = getattr(connection, "tenant", None)
    domain = None
    if tenant is not None and tenant_connection().schema_name != "public":
        domain = tenant.domains.filter(is_primary=True).values_list("domain", flat=True).first()
    host = domain or settings.ROOT_DOMAIN
    return f"{host}:{settings.PUBLIC_URL_PORT}" if settings.PUBLIC_URL_PORT else host


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "core/accounts/password_reset.html"
    email_template_name = "core/accounts/password_reset_email.txt"
    subject_template_name = "core/accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        form.save(
            domain_override=configured_host(),
            use_https=settings.PUBLIC_URL_SCHEME == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context=self.extra_email_context,
        )
        return redirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "core/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        user = form.user
        services.change_password(
            user, form.cleaned_data["new_password1"], actor=user, reason="password reset"
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("Your password has been changed. Sign in with it."))
        return redirect(self.get_success_url())


def login_url() -> str:
    return reverse("accounts:login")
