"""Forms: the shape of input only; the services apply the rules."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.configuration.models import ActivityType, Indicator
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


class ActivitySelect(forms.Select):
    """A select whose options carry what the page needs to know about each activity:
    whether it needs evidence, its unit and standard minutes (for the search and the
    evidence field). Without JavaScript it is a plain select that still works."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.option_data: dict[str, dict[str, str]] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"].update(self.option_data.get(str(value), {}))
        return option


def activity_label(activity: ActivityType) -> str:
    """What the picker shows: the full name, its unit and standard minutes, no code."""
    return _("%(name)s (%(unit)s, %(minutes)s minutes)") % {
        "name": activity.name,
        "unit": activity.output_unit,
        "minutes": activity.standard_minutes,
    }


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ActivityType) -> str:
        return activity_label(obj)


class LogForm(forms.Form):
    activity_type = ActivityChoiceField(
        label=_("Activity"),
        queryset=ActivityType.objects.none(),
        empty_label=_("Choose an activity"),
        widget=ActivitySelect,
    )
    volume = forms.DecimalField(
        label=_("Volume"), min_value=0.01, max_digits=7, decimal_places=2, initial=1
    )
    # An <input type=date> takes only ISO dates, whatever the page's language.
    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
    )
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
        label=_("Evidence photo (up to 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    idempotency_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, picker: ActivityPicker | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        picker = picker or ActivityPicker()
        field = cast(forms.ModelChoiceField, self.fields["activity_type"])
        field.queryset = picker.queryset
        field.widget.choices = picker.grouped_choices(field.empty_label)
        field.widget.option_data = picker.option_data
        if not self.is_bound:
            self.initial.setdefault("day", timezone.localdate())
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def selected_activity(self) -> ActivityType | None:
        """The activity chosen (posted or prefilled), for showing its evidence field."""
        value = self["activity_type"].value()
        if isinstance(value, ActivityType):
            return value
        try:
            field = cast(forms.ModelChoiceField, self.fields["activity_type"])
            queryset = field.queryset if field.queryset is not None else ActivityType.objects.none()
            return queryset.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            return None


class ActivityPicker:
    """The activities a person may log, favourites and recent ones first.

    `position_type`: the type of the person's position today; only activities listing it
    are offered, with those that list no type at all (all active ones when the person
    has no position type).
    """

    def __init__(
        self,
        position_type: str = "",
        favourite_ids: Sequence[int] = (),
        recent_ids: Sequence[int] = (),
    ):
        queryset = ActivityType.objects.filter(is_active=True)
        if position_type:
            queryset = queryset.filter(
                Q(position_types__contains=[position_type]) | Q(position_types=[])
            )
        self.queryset = queryset.order_by("name")
        self.favourite_ids = list(favourite_ids)
        self.recent_ids = [i for i in recent_ids if i not in set(self.favourite_ids)]
        self._activities: list[ActivityType] | None = None

    @property
    def activities(self) -> list[ActivityType]:
        if self._activities is None:
            self._activities = list(self.queryset)
        return self._activities

    @property
    def option_data(self) -> dict[str, dict[str, str]]:
        return {
            str(a.pk): {
                "data-evidence": "1" if a.evidence_required else "0",
                "data-unit": a.output_unit,
                "data-minutes": str(a.standard_minutes),
            }
            for a in self.activities
        }

    def grouped_choices(self, empty_label) -> list:
        by_id = {a.pk: a for a in self.activities}
        groups = []
        taken: set[int] = set()
        for label, ids in (
            (_("Favourites"), self.favourite_ids),
            (_("Recently used"), self.recent_ids),
        ):
            items = [by_id[i] for i in ids if i in by_id and i not in taken]
            taken.update(a.pk for a in items)
            if items:
                groups.append((label, [(a.pk, activity_label(a)) for a in items]))
        rest = [(a.pk, activity_label(a)) for a in self.activities if a.pk not in taken]
        if groups:
            groups.append((_("All activities"), rest))
            return [("", empty_label), *groups]
        return [("", empty_label), *rest]


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
                # Nothing pre-chosen: each value is the supervisor's own judgement.
                error_messages={"required": _("Choose a level for this value.")},
            )


class TargetForm(forms.Form):
    indicator_choice = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none()
    )
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
