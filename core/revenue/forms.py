"""Forms of the revenue pages: shape only; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.organisation.models import OrgUnit
from core.revenue.models import RevenueSource


def _this_year() -> int:
    return timezone.localdate().year


class AmountField(forms.CharField):
    """Whole rupiah as typed ("1.500.000" welcome); the service parses and checks it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})


class TargetForm(forms.Form):
    apbd = AmountField(label=_("APBD target (Rp)"))
    apbd_p = AmountField(label=_("APBD-P revised target (Rp)"), required=False)


class RealisationForm(forms.Form):
    amount = AmountField(label=_("Realisation (Rp)"))


class ImportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=_this_year)
    file = forms.FileField(label=_("File (CSV or XLSX: kode_sumber, bulan, jumlah)"))
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)


class CorrectionForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Source"),
        queryset=RevenueSource.objects.none(),
        to_field_name="code",
        empty_label=_("Choose a source"),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=_this_year)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12)
    amount = AmountField(label=_("Correct realisation (Rp)"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sources is not None:
            self.fields["source"].queryset = sources


class SourceForm(forms.Form):
    opd = forms.ModelChoiceField(
        label=_("Responsible OPD"),
        queryset=OrgUnit.objects.filter(parent__isnull=True, is_active=True),
        required=False,
        empty_label=_("Not assigned"),
    )
    unit = forms.ModelChoiceField(
        label=_("Responsible unit"),
        queryset=OrgUnit.objects.filter(is_active=True),
        required=False,
        empty_label=_("Not assigned"),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False)


class OfficerForm(forms.Form):
    nip = forms.CharField(label=_("NIP of the officer"), max_length=18)


class IndicatorLinkForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Revenue source"),
        queryset=RevenueSource.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
        empty_label=_("Total local own-source revenue"),
    )
    code = forms.CharField(label=_("Indicator code"), max_length=30, required=False)
