from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from core.accounts import services


class LoginForm(AuthenticationForm):
    """Sign in by NIP (city users) or user name (platform staff) and password.

    Failed attempts are counted in the active schema (the city's own table) per
    address and name, per name and per address (core.accounts.rules.throttle_limits):
    five from one address within 15 minutes lock that address out of that name for
    15 minutes; the name itself locks only after failures from several addresses.
    """

    username = forms.CharField(
        label=_("NIP or user name"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "inputmode": "text"}
        ),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The NIP/user name or password is not correct. New accounts must be activated first."
        ),
        "locked": _("Too many failed attempts. Try again after %(time)s."),
    }

    def clean(self):
        from core.accounts.rules import to_ascii_digits

        username = to_ascii_digits((self.cleaned_data.get("username") or "").strip())
        if username:
            self.cleaned_data["username"] = username
        ip = services.client_ip(self.request) if self.request else None
        until = services.begin_attempt(username, ip) if username else None
        if until:
            raise self._locked(until)
        try:
            cleaned = super().clean()
        except ValidationError:
            # The attempt was counted when it was claimed; say so if it locked.
            until = services.locked_until(username, ip) if username else None
            if until:
                raise self._locked(until) from None
            raise
        services.attempt_succeeded(username, ip)
        return cleaned

    def _locked(self, until) -> ValidationError:
        local = timezone.localtime(until)
        return ValidationError(
            self.error_messages["locked"], code="locked", params={"time": time_format(local, "H:i")}
        )


class OtpForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PasswordPairForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class ActivationForm(PasswordPairForm):
    nip = forms.CharField(
        label=_("NIP"),
        max_length=18,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username"}),
    )
    code = forms.CharField(label=_("Activation code"), max_length=20)

    field_order = ["nip", "code", "password1", "password2"]


class TokenPolicyForm(forms.Form):
    token_idle_days = forms.IntegerField(
        label=_("API tokens expire after this many days unused"), min_value=1, max_value=365
    )
