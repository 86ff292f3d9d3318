from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.rules import STATUS_LABELS


class ProvisionCityForm(forms.Form):
    slug = forms.CharField(label=_("Address (subdomain)"), max_length=40)
    name = forms.CharField(
        label=_("Official name"), max_length=120, help_text=_("For example: Kota Jambi")
    )
    province = forms.CharField(label=_("Province"), max_length=80, required=False)
    pilot = forms.BooleanField(label=_("Pilot city (training)"), required=False)
    expires_on = forms.DateField(
        label=_("Pilot expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ChangeStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(status.value, label) for status, label in STATUS_LABELS.items()],
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class AddDomainForm(forms.Form):
    host = forms.CharField(
        label=_("Host name"),
        max_length=253,
        help_text=_("For example: kinerja.jambikota.go.id (point its DNS at the platform first)"),
    )
    make_primary = forms.BooleanField(
        label=_("Make it the primary address (the others will redirect to it)"), required=False
    )
