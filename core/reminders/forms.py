from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.reminders.models import Channel, ReminderSettings

HOURS = [(h, f"{h:02d}.00") for h in range(5, 23)]


class OptOutForm(forms.Form):
    """Checked = the person wants reminders on that channel."""

    push = forms.BooleanField(label=_("Phone notification"), required=False)
    email = forms.BooleanField(label=_("E-mail"), required=False)
    sms = forms.BooleanField(label=_("WhatsApp/SMS"), required=False)

    def channels_off(self) -> set[str]:
        return {c for c in Channel.values if not self.cleaned_data.get(c)}


class SettingsForm(forms.ModelForm):
    log_hour = forms.TypedChoiceField(
        label=_("Reminder to those who have not logged, at"), choices=HOURS, coerce=int
    )
    verify_hour = forms.TypedChoiceField(
        label=_("Reminder to supervisors with entries waiting, at"), choices=HOURS, coerce=int
    )

    class Meta:
        model = ReminderSettings
        fields = [
            "enabled",
            "log_hour",
            "verify_hour",
            "cutoff_days_before",
            "quiet_starts",
            "quiet_ends",
            "push_on",
            "email_on",
            "sms_on",
        ]
        widgets = {
            "quiet_starts": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_ends": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "cutoff_days_before": forms.NumberInput(attrs={"min": 0, "max": 10}),
        }

    def clean_cutoff_days_before(self) -> int:
        value = self.cleaned_data["cutoff_days_before"]
        if value > 10:
            raise forms.ValidationError(_("At most 10 days."))
        return value
