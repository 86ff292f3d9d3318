"""Forms of onboarding: shape checks only; the services decide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from onboarding.rules import (
    PILOT_DEFAULT_DAYS,
    PILOT_MAX_HISTORY_DAYS,
    PILOT_MAX_POPULATION,
    PILOT_MIN_POPULATION,
    SUPPORT_MINUTES_DEFAULT,
    SUPPORT_MINUTES_MAX,
)

if TYPE_CHECKING:
    from core.typing import Text


def template_choices() -> list[tuple[str, Text]]:
    """Model templates with a published version, for the application and pilot forms."""
    from catalog.models import ModelTemplate, VersionStatus

    templates = ModelTemplate.objects.filter(versions__status=VersionStatus.PUBLISHED).distinct()
    return [("", _("Decide later with the platform team"))] + [(t.slug, t.title) for t in templates]


class ApplicationForm(forms.Form):
    official_name = forms.CharField(
        label=_("Official name"), max_length=120, help_text=_("For example “Kota Jambi”.")
    )
    province = forms.CharField(label=_("Province"), max_length=80)
    slug = forms.CharField(
        label=_("Desired address"),
        max_length=40,
        help_text=_("Lowercase letters, digits and hyphens: “jambi” gives jambi.sinergi.id."),
    )
    agency = forms.CharField(label=_("Civil-service agency"), max_length=150, initial="BKPSDM")
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    contact_position = forms.CharField(label=_("Contact position"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    estimated_asn = forms.IntegerField(
        label=_("Estimated number of ASN"), min_value=1, max_value=200_000
    )
    template_code = forms.ChoiceField(label=_("Model template"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template_code"].choices = template_choices()


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SupportGrantForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        max_value=SUPPORT_MINUTES_MAX,
        initial=SUPPORT_MINUTES_DEFAULT,
    )


class TrainingSessionForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, initial=0)


class AcceptInvitationForm(forms.Form):
    username = forms.CharField(label=_("User name or NIP"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class PilotForm(forms.Form):
    slug = forms.CharField(
        label=_("Address"), max_length=40, help_text=_("For example “latihan-jatim”.")
    )
    name = forms.CharField(label=_("Name"), max_length=120, initial="Kota Latihan")
    population = forms.IntegerField(
        label=_("Number of ASN"),
        min_value=PILOT_MIN_POPULATION,
        max_value=PILOT_MAX_POPULATION,
        initial=500,
    )
    history_days = forms.IntegerField(
        label=_("Days of activity history"),
        min_value=0,
        max_value=PILOT_MAX_HISTORY_DAYS,
        initial=14,
    )
    lifetime_days = forms.IntegerField(
        label=_("Days until it expires"), min_value=1, max_value=365, initial=PILOT_DEFAULT_DAYS
    )
    template_code = forms.ChoiceField(label=_("Model template"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template_code"].choices = template_choices()
