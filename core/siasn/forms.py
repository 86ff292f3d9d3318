from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.siasn.models import Cadence


class ConnectionForm(forms.Form):
    """Secrets are write-only: the field is always rendered empty; blank keeps the stored one."""

    gateway_url = forms.URLField(label=_("Gateway URL"), max_length=300, assume_scheme="https")
    api_url = forms.URLField(label=_("API URL"), max_length=300, assume_scheme="https")
    sso_url = forms.URLField(label=_("SSO token URL"), max_length=300, assume_scheme="https")
    sso_client_id = forms.CharField(label=_("SSO client id"), max_length=100)
    sso_username = forms.CharField(label=_("SIASN operator account"), max_length=100)
    consumer_key = forms.CharField(
        label=_("Consumer key"), required=False, widget=forms.PasswordInput(render_value=False)
    )
    consumer_secret = forms.CharField(
        label=_("Consumer secret"), required=False, widget=forms.PasswordInput(render_value=False)
    )
    sso_password = forms.CharField(
        label=_("Operator account password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
    )
    cadence = forms.ChoiceField(label=_("How often results are sent"), choices=Cadence.choices)
    calls_per_second = forms.IntegerField(label=_("Calls per second"), min_value=1, max_value=1000)
    auto_queue = forms.BooleanField(label=_("Queue results when a month closes"), required=False)
