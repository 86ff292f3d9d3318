from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.command.models import CommandSettings


class SettingsForm(forms.ModelForm):
    class Meta:
        model = CommandSettings
        fields = ["check_hour", "rate_gap_pct", "waiting_days", "silent_days", "tpp_margin_pct"]

    def clean_check_hour(self) -> int:
        hour = self.cleaned_data["check_hour"]
        if not 6 <= hour <= 20:
            raise forms.ValidationError(_("Choose an hour between 6 and 20."))
        return hour

    def clean(self):
        data = super().clean()
        for name in ("rate_gap_pct", "tpp_margin_pct"):
            if data.get(name) is not None and data[name] > 100:
                self.add_error(name, _("At most 100."))
        for name in ("waiting_days", "silent_days"):
            if data.get(name) is not None and not 1 <= data[name] <= 30:
                self.add_error(name, _("Between 1 and 30 days."))
        return data


class TppBudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = forms.IntegerField(
        label=_("TPP budget (pagu) for the year, in rupiah"), min_value=0, max_value=10**15
    )
