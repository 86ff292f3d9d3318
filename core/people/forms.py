from django import forms
from django.utils.translation import gettext_lazy as _

from core.organisation.models import Position
from core.people.models import AsnType, EmployeeStatus


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or NIP"), required=False)
    opd = forms.TypedChoiceField(label=_("OPD"), required=False, coerce=int, empty_value=None)
    asn_type = forms.ChoiceField(
        label=_("ASN type"), required=False, choices=[("", _("All"))] + list(AsnType.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(EmployeeStatus.choices)
    )

    def __init__(self, *args, opds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].choices = [("", _("All"))] + [(u.pk, u.name) for u in opds]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class ActingForm(forms.Form):
    position = forms.ModelChoiceField(label=_("Position"), queryset=Position.objects.none())
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    acting = forms.BooleanField(label=_("Acting appointment (Plt.)"), required=False, initial=True)

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions


class LettersForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, units=(), allow_all=True, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("All units"))] if allow_all else []
        self.fields["unit"].choices = choices + [(u.pk, u.path) for u in units]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=EmployeeStatus.choices)
    on = forms.DateField(label=_("Effective date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)
