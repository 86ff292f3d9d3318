"""Forms of the configuration pages: shape only. The services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.configuration.models import POSITION_TYPES, Direction, HolidayKind, Measurement
from core.configuration.rules import SECTIONS

FAMILIES = [
    ("administration", _("Administration")),
    ("hr", _("Human resources")),
    ("finance", _("Finance")),
    ("planning", _("Planning")),
    ("teacher", _("Teachers")),
    ("health", _("Health workers")),
    ("field", _("Field and enforcement staff")),
    ("public_service", _("Public services")),
    ("it", _("IT and communication")),
    ("legal_audit", _("Legal and audit")),
    ("social", _("Social and economy")),
    ("leader", _("Leaders")),
    ("general", _("Everyone")),
]


class ActivityForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=250)
    family = forms.ChoiceField(
        label=_("Position family"), choices=[("", "—"), *FAMILIES], required=False
    )
    output_unit = forms.CharField(label=_("Output unit"), max_length=60)
    standard_minutes = forms.IntegerField(label=_("Standard minutes"), min_value=1, max_value=480)
    position_types = forms.MultipleChoiceField(
        label=_("Position types"), choices=POSITION_TYPES, widget=forms.CheckboxSelectMultiple
    )
    evidence_required = forms.BooleanField(label=_("Evidence required"), required=False)


class IndicatorForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=250)
    family = forms.ChoiceField(
        label=_("Position family"), choices=[("", "—"), *FAMILIES], required=False
    )
    unit = forms.CharField(label=_("Unit"), max_length=60)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    measurement = forms.ChoiceField(label=_("Measurement"), choices=Measurement.choices)


class PolicyForm(forms.Form):
    """The policy settings a city admin edits; TPP base per kelas is added per row."""

    effective_minutes_per_day = forms.IntegerField(
        label=_("Effective minutes per day"), min_value=60, max_value=600
    )
    workload_weight = forms.IntegerField(
        label=_("Weight of workload (%)"), min_value=0, max_value=100
    )
    iki_weight = forms.IntegerField(
        label=_("Weight of IKI achievement (%)"), min_value=0, max_value=100
    )
    above_threshold = forms.DecimalField(
        label=_("Score for “above expectations” from"), min_value=0, max_value=200, decimal_places=2
    )
    meets_threshold = forms.DecimalField(
        label=_("Score for “meets expectations” from"), min_value=0, max_value=200, decimal_places=2
    )
    factor_result_weight = forms.IntegerField(
        label=_("TPP: weight of the result score (%)"), min_value=0, max_value=100
    )
    factor_attendance_weight = forms.IntegerField(
        label=_("TPP: weight of attendance (%)"), min_value=0, max_value=100
    )
    full_cut_min_score = forms.DecimalField(
        label=_("TPP is cut fully below a result score of"),
        min_value=0,
        max_value=100,
        decimal_places=2,
    )
    max_backdate_days = forms.IntegerField(
        label=_("Activities may be logged up to (days back)"), min_value=0, max_value=365
    )
    allow_non_working_days = forms.BooleanField(
        label=_("Allow logging on non-working days"), required=False
    )
    daily_max_minutes = forms.IntegerField(
        label=_("Maximum minutes per day"), min_value=60, max_value=1440
    )
    verification_escalation_days = forms.IntegerField(
        label=_("Escalate unverified activities after (days)"), min_value=0, max_value=365
    )
    objection_window_days = forms.IntegerField(
        label=_("Objection window (days)"), min_value=0, max_value=365
    )
    correction_approval_rupiah = forms.IntegerField(
        label=_("Corrections changing TPP by more than (Rp) need a second approver"),
        min_value=0,
        max_value=1_000_000_000,
        initial=250_000,
    )
    assessment_periodicity = forms.ChoiceField(
        label=_("Periodic assessment"),
        choices=[("monthly", _("Monthly")), ("quarterly", _("Quarterly"))],
    )

    CUTS = ("late_1_30", "late_31_60", "late_61_90", "late_over_90", "no_record", "absent")

    def __init__(self, *args, cut_codes: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for kelas in range(17, 0, -1):
            self.fields[f"tpp_{kelas}"] = forms.IntegerField(
                label=_("Kelas %(kelas)s (Rp)") % {"kelas": kelas},
                min_value=0,
                max_value=1_000_000_000,
            )
        for code in cut_codes or self.CUTS:
            self.fields[f"cut_{code}"] = forms.DecimalField(
                label=code, min_value=0, max_value=100, decimal_places=2
            )

    @staticmethod
    def initial_from(data: dict[str, Any]) -> dict[str, Any]:
        initial = {k: v for k, v in data.items() if not isinstance(v, (dict, list))}
        initial.update(
            workload_weight=data["result_weights"]["workload"],
            iki_weight=data["result_weights"]["iki"],
            above_threshold=data["rating_thresholds"]["above"],
            meets_threshold=data["rating_thresholds"]["meets"],
            factor_result_weight=data["performance_factor_weights"]["result"],
            factor_attendance_weight=data["performance_factor_weights"]["attendance"],
        )
        initial.update({f"tpp_{k}": v for k, v in data["tpp_base"].items()})
        initial.update({f"cut_{c['code']}": c["percent"] for c in data["attendance_cuts"]})
        return initial

    def changes(self) -> dict[str, Any]:
        """The cleaned form as `update_policy` changes."""
        d = self.cleaned_data
        changes: dict[str, Any] = {
            key: d[key]
            for key in (
                "effective_minutes_per_day",
                "max_backdate_days",
                "allow_non_working_days",
                "daily_max_minutes",
                "verification_escalation_days",
                "objection_window_days",
                "assessment_periodicity",
                "correction_approval_rupiah",
            )
        }
        changes["result_weights"] = {"workload": d["workload_weight"], "iki": d["iki_weight"]}
        changes["rating_thresholds"] = {
            "above": _number(d["above_threshold"]),
            "meets": _number(d["meets_threshold"]),
        }
        changes["performance_factor_weights"] = {
            "result": d["factor_result_weight"],
            "attendance": d["factor_attendance_weight"],
        }
        changes["full_cut_min_score"] = _number(d["full_cut_min_score"])
        changes["tpp_base"] = {str(k): d[f"tpp_{k}"] for k in range(1, 18)}
        changes["attendance_cuts"] = {
            name.removeprefix("cut_"): str(value)
            for name, value in d.items()
            if name.startswith("cut_")
        }
        return changes


def _number(value):
    return int(value) if value == value.to_integral_value() else float(value)


class HolidayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=HolidayKind.choices)


class BrandingForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=120, required=False)
    tagline = forms.CharField(label=_("Tagline"), max_length=200, required=False)
    primary_colour = forms.CharField(
        label=_("Primary colour"), max_length=7, widget=forms.TextInput(attrs={"type": "color"})
    )
    secondary_colour = forms.CharField(
        label=_("Secondary colour"), max_length=7, widget=forms.TextInput(attrs={"type": "color"})
    )
    logo = forms.ImageField(label=_("Logo"), required=False)


class TermForm(forms.Form):
    key = forms.RegexField(label=_("Term key"), regex=r"^[a-z][a-z0-9_]{0,59}$", max_length=60)
    value = forms.CharField(label=_("The city's word"), max_length=200)


SECTION_LABELS = {
    "activities": _("Activity catalogue"),
    "indicators": _("Indicator library (IKI)"),
    "policy": _("Scoring and workflow settings"),
    "tpp_base": _("TPP base per kelas jabatan"),
    "attendance_cuts": _("Attendance cuts"),
    "distribution_rules": _("Predicate distribution rules"),
    "holidays": _("Calendar (holidays)"),
    "organisation": _("Organisation skeleton"),
    "branding": _("Branding"),
    "terminology": _("Terminology"),
}


class ProposalForm(forms.Form):
    target_slug = forms.SlugField(
        label=_("Template identifier"),
        max_length=60,
        help_text=_(
            "An existing template (e.g. “surabaya”) for a new version of it, or a new "
            "identifier (e.g. “jambi-wisata-sungai”) for a new template."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=150)
    attribution = forms.CharField(
        label=_("Attribution"), max_length=200, required=False, help_text=_("e.g. “Model Jambi”")
    )
    changelog = forms.CharField(label=_("What is in it and why"), widget=forms.Textarea)
    sections = forms.MultipleChoiceField(
        label=_("Parts to offer"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(s, SECTION_LABELS[s]) for s in SECTIONS],
    )
    activity_codes = forms.CharField(
        label=_("Only these activity codes"),
        required=False,
        help_text=_("Optional, separated by spaces or commas."),
    )
    indicator_codes = forms.CharField(
        label=_("Only these indicator codes"),
        required=False,
        help_text=_("Optional, separated by spaces or commas."),
    )

    def keys(self) -> dict[str, list[str]]:
        keys = {}
        for section, field in (("activities", "activity_codes"), ("indicators", "indicator_codes")):
            codes = [
                c.strip().upper()
                for c in self.cleaned_data[field].replace(",", " ").split()
                if c.strip()
            ]
            if codes:
                keys[section] = codes
        return keys
