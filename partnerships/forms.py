"""Forms of partnership pages: shape only; every rule lives in the services."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import MeetingKind, PartnerRole, PracticeStatus
from tenants.models import City
from tenants.rules import CityStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # ISO, as <input type=date> needs


def partner_cities():
    return City.objects.filter(status=CityStatus.ACTIVE, is_pilot=False).order_by("name")


class ProposalForm(forms.Form):
    city_a = forms.ModelChoiceField(label=_("First city"), queryset=City.objects.none())
    role_a = forms.ChoiceField(label=_("Role of the first city"), choices=PartnerRole.choices)
    city_b = forms.ModelChoiceField(label=_("Partner city"), queryset=City.objects.none())
    role_b = forms.ChoiceField(
        label=_("Role of the partner city"), choices=PartnerRole.choices, initial="adopter"
    )
    agreement_number = forms.CharField(label=_("Agreement number (PKS)"), max_length=120)
    agreement_date = forms.DateField(label=_("Agreement date"), widget=DATE)
    signatories = forms.CharField(
        label=_("Signatories"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    scope_asn = forms.BooleanField(label=_("ASN management"), required=False, initial=True)
    scope_pad = forms.BooleanField(label=_("Local own-source revenue (PAD)"), required=False)
    other_practices = forms.CharField(
        label=_("Other practices (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)

    def __init__(self, *args, own_city: City | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        cities = partner_cities()
        city_a = cast(forms.ModelChoiceField, self.fields["city_a"])
        city_b = cast(forms.ModelChoiceField, self.fields["city_b"])
        city_a.queryset = cities
        city_b.queryset = cities
        if own_city is not None:
            # A city admin proposes for their own city: side A is fixed.
            del self.fields["city_a"]
            self.fields["role_a"].label = _("Role of my city")
            city_b.queryset = cities.exclude(pk=own_city.pk)
            self.fields["role_a"].initial = "mentor"


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[("completed", _("Completed")), ("ended", _("Ended"))],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(forms.Form):
    document = forms.FileField(label=_("Scanned agreement (PDF, PNG or JPEG)"))


class MemberForm(forms.Form):
    username = forms.CharField(label=_("NIP or user name of a person of my city"), max_length=150)
    mentor = forms.BooleanField(label=_("Mentor (sees the adoption panel)"), required=False)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DATE, initial=timezone.localdate)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    participants = forms.CharField(
        label=_("Participants"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 4}))


class ActionForm(forms.Form):
    """One action row of the meeting form (`action-N-` prefixes, blank rows ignored)."""

    title = forms.CharField(label=_("Action"), max_length=300, required=False)
    member = forms.TypedChoiceField(label=_("Assigned to"), coerce=int, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DATE, required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "—")] + [
            (m.pk, f"{m.full_name} ({m.city.name})") for m in members
        ]

    def clean(self):
        data = super().clean()
        if data.get("title") and not (data.get("member") and data.get("due_on")):
            raise forms.ValidationError(_("Give each action a person and a due date."))
        return data


class CloseActionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Result"), choices=[("done", _("Done")), ("dropped", _("Dropped"))]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ConfirmMilestoneForm(forms.Form):
    on = forms.DateField(label=_("Reached on"), widget=DATE, initial=timezone.localdate)


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Practice"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PracticeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PracticeStatus.choices)


class PilotForm(forms.Form):
    pilot = forms.ModelChoiceField(
        label=_("Pilot city"),
        queryset=City.objects.filter(is_pilot=True, status=CityStatus.PILOT).order_by("name"),
    )


class AccessForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Mentor"), coerce=int)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=240, initial=60)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, mentors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.pk, m.full_name) for m in mentors]
