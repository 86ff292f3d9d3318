"""Input shapes for the talent pages (validation of shape only; rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.talent.models import (
    AssessmentKind,
    LevelChoice,
    Measurement,
    OrgPredicateChoice,
    PotentialSource,
)
from core.talent.rules import BERAKHLAK


def _this_year() -> int:
    return timezone.localdate().year


class SkpCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=_this_year)


class RhkForm(forms.Form):
    text = forms.CharField(label=_("Planned result (RHK)"), max_length=500)
    parent = forms.TypedChoiceField(
        label=_("Supports the supervisor's result"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "—")] + [(r.pk, r.text) for r in parents]


class IkiForm(forms.Form):
    name = forms.CharField(label=_("Indicator (IKI)"), max_length=300)
    measurement = forms.ChoiceField(label=_("Aspect"), choices=Measurement.choices)
    unit = forms.CharField(label=_("Unit"), max_length=50)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2, min_value=0)


class ExpectationForm(forms.Form):
    value = forms.ChoiceField(label=_("Core value"), choices=BERAKHLAK)
    expectation = forms.CharField(label=_("Expectation"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    agree = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Agree")), ("0", _("Return for revision"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RealisationForm(forms.Form):
    realised = forms.DecimalField(label=_("Realisation"), max_digits=14, decimal_places=2)


class OpenRoundForm(forms.Form):
    opd = forms.TypedChoiceField(label=_("OPD"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=_this_year)
    kind = forms.ChoiceField(label=_("Kind"), choices=AssessmentKind.choices)
    period_no = forms.IntegerField(
        label=_("Period (month or quarter)"), min_value=0, max_value=12, initial=0, required=False
    )

    def __init__(self, *args, opds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].choices = [(o.pk, o.name) for o in opds]


class OrgPredicateForm(forms.Form):
    org_predicate = forms.ChoiceField(
        label=_("Organisation predicate"), choices=OrgPredicateChoice.choices
    )


class RateForm(forms.Form):
    results = forms.ChoiceField(label=_("Results rating"), choices=LevelChoice.choices)
    results_justification = forms.CharField(
        label=_("Justification (if changed)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    behaviour = forms.ChoiceField(label=_("Behaviour rating"), choices=LevelChoice.choices)
    behaviour_justification = forms.CharField(
        label=_("Justification (if changed)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ObjectionForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))


class ObjectionDecisionForm(forms.Form):
    uphold = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Uphold: change the rating")), ("0", _("Reject"))],
        coerce=lambda v: v == "1",
    )
    results = forms.ChoiceField(
        label=_("Results rating"), choices=[("", "—"), *LevelChoice.choices], required=False
    )
    behaviour = forms.ChoiceField(
        label=_("Behaviour rating"), choices=[("", "—"), *LevelChoice.choices], required=False
    )
    note = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))


class PotentialForm(forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=18)
    source = forms.ChoiceField(label=_("Source"), choices=PotentialSource.choices)
    score = forms.DecimalField(label=_("Score (0-100)"), max_digits=5, decimal_places=2)
    assessed_on = forms.DateField(
        label=_("Assessed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CalibrationForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=_this_year)
    name = forms.CharField(label=_("Name"), max_length=200)
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    committee = forms.CharField(
        label=_("Committee members"), widget=forms.Textarea(attrs={"rows": 2})
    )


class MoveForm(forms.Form):
    placement = forms.IntegerField(widget=forms.HiddenInput)
    to_box = forms.IntegerField(label=_("Move to box"), min_value=1, max_value=9)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class SuccessionForm(forms.Form):
    """Candidates as lines: `NIP;readiness[;note]`, best first."""

    candidates = forms.CharField(
        label=_("Candidates, best first: one per line as NIP;readiness;note"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Readiness: ready_now, ready_1_2_years or ready_3_years"),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
