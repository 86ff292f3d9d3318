"""Forms: the shape of input only; the services apply the rules."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.configuration.models import ActivityType
from core.performance.models import LevelChoice
from core.performance.rules import BERAKHLAK, AttendanceStatus

BERAKHLAK_LABELS = {
    "berorientasi_pelayanan": _("Service-oriented (Berorientasi Pelayanan)"),
    "akuntabel": _("Accountable (Akuntabel)"),
    "kompeten": _("Competent (Kompeten)"),
    "harmonis": _("Harmonious (Harmonis)"),
    "loyal": _("Loyal (Loyal)"),
    "adaptif": _("Adaptive (Adaptif)"),
    "kolaboratif": _("Collaborative (Kolaboratif)"),
}


class LogForm(forms.Form):
    activity_type = forms.ModelChoiceField(
        label=_("Activity"),
        queryset=ActivityType.objects.none(),
        empty_label=_("Choose an activity"),
    )
    volume = forms.DecimalField(
        label=_("Volume"), min_value=0.01, max_digits=7, decimal_places=2, initial=1
    )
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(
        label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(
        label=_("Evidence (photo or PDF, up to 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )
    idempotency_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_type"].queryset = ActivityType.objects.filter(
            is_active=True
        ).order_by("name")
        if not self.is_bound:
            self.initial.setdefault("day", timezone.localdate())
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class ResubmitForm(forms.Form):
    volume = forms.DecimalField(label=_("Volume"), min_value=0.01, max_digits=7, decimal_places=2)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=_("Evidence"), required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class BehaviourForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in BERAKHLAK:
            self.fields[name] = forms.ChoiceField(
                label=BERAKHLAK_LABELS[name],
                choices=LevelChoice.choices,
                widget=forms.RadioSelect,
                initial="sesuai",
            )


class TargetForm(forms.Form):
    indicator_choice = forms.ModelChoiceField(label=_("Indicator"), queryset=None)
    target = forms.DecimalField(label=_("Target"), min_value=0, max_digits=14, decimal_places=2)

    def __init__(self, *args, **kwargs):
        from core.configuration.models import Indicator

        super().__init__(*args, **kwargs)
        self.fields["indicator_choice"].queryset = Indicator.objects.filter(
            is_active=True
        ).order_by("code")


class RealisationForm(forms.Form):
    realisation = forms.DecimalField(
        label=_("Realisation"), min_value=0, max_digits=14, decimal_places=2
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=_("Evidence"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Attendance file (.xlsx or .csv)"))


class CorrectionForm(forms.Form):
    KINDS = [("attendance", _("Attendance of one day")), ("activity", _("An activity's decision"))]
    kind = forms.ChoiceField(label=_("What to correct"), choices=KINDS)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    day = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    attendance_status = forms.ChoiceField(
        label=_("Attendance status"),
        required=False,
        choices=[(s.value, s.value) for s in AttendanceStatus],
    )
    late_minutes = forms.IntegerField(label=_("Minutes late"), required=False, min_value=0)
    early_minutes = forms.IntegerField(label=_("Minutes left early"), required=False, min_value=0)
    entry = forms.IntegerField(label=_("Activity number"), required=False)
    entry_status = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("approved", _("Approved")), ("rejected", _("Rejected"))],
    )
