"""Human labels for every code the product stores: one place, one function per enum.

Templates use the `label` filter (`{{ row.predicate|label:"predicate" }}`), exports and
API serializers call `label(kind, value)` (or the named helpers below) for their
`*_label` fields. A value without a label is never shown raw: "butuh_perbaikan" becomes
"Butuh perbaikan" rather than a snake_case code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from core.typing import Text


@cache
def _registry() -> dict[str, Mapping[str, Text]]:
    """kind -> {code: lazy label}. Imported lazily: models load after this module."""
    from core.accounts.models import CodePurpose
    from core.accounts.roles import ROLE_LABELS
    from core.audit.actions import ACTION_LABELS
    from core.configuration.models import Direction, HolidayKind
    from core.configuration.models import Measurement as IndicatorMeasurement
    from core.organisation.models import PositionType, UnitKind
    from core.people.models import AsnType, EmployeeStatus, Sex
    from core.performance.models import (
        CorrectionStatus,
        EntryStatus,
        LevelChoice,
        PeriodStatus,
        PredicateChoice,
        TargetStatus,
    )
    from core.revenue.models import Origin, PhasingMethod, SourceGroup
    from core.siasn.models import Cadence, DiffField, DiffKind, MappingKind, OutboxState, PullScope
    from core.talent.models import (
        AssessmentKind,
        Objection,
        OrgPredicateChoice,
        PotentialChoice,
        PotentialSource,
        Readiness,
        SkpApproval,
        SkpStatus,
    )

    def choices(enum) -> dict[str, Text]:
        return {str(value): label for value, label in enum.choices}

    return {
        "role": {str(role): label for role, label in ROLE_LABELS.items()},
        "audit_action": ACTION_LABELS,
        "predicate": choices(PredicateChoice),
        "level": choices(LevelChoice),
        "org_predicate": choices(OrgPredicateChoice),
        "potential": choices(PotentialChoice),
        "potential_source": choices(PotentialSource),
        "readiness": choices(Readiness),
        "assessment_kind": choices(AssessmentKind),
        "skp_status": choices(SkpStatus),
        "entry_status": choices(EntryStatus),
        "period_status": choices(PeriodStatus),
        "target_status": choices(TargetStatus),
        "asn_type": choices(AsnType),
        "employee_status": choices(EmployeeStatus),
        "sex": choices(Sex),
        "unit_kind": choices(UnitKind),
        "position_type": choices(PositionType),
        "code_purpose": choices(CodePurpose),
        "direction": choices(Direction),
        "measurement": choices(IndicatorMeasurement),
        "holiday_kind": choices(HolidayKind),
        "source_group": choices(SourceGroup),
        "phasing": choices(PhasingMethod),
        "origin": choices(Origin),
        "skp_decision": choices(SkpApproval.Decision),
        "objection_status": choices(Objection.Status),
        "correction_status": choices(CorrectionStatus),
        # What a correction of a closed month changed (Correction.kind).
        "correction_kind": {
            "activity": gettext_lazy("Activity"),
            "attendance": gettext_lazy("Attendance"),
            "behaviour": gettext_lazy("Behaviour"),
        },
        # Sections of a model template (catalogue versions and proposals).
        "template_section": {
            "activities": gettext_lazy("Activities"),
            "indicators": gettext_lazy("Indicators"),
            "holidays": gettext_lazy("Holidays"),
            "organisation": gettext_lazy("Organisation"),
            "policy": gettext_lazy("Policy"),
            "tpp_base": gettext_lazy("TPP base"),
            "attendance_cuts": gettext_lazy("Attendance cuts"),
            "distribution_rules": gettext_lazy("Distribution rules"),
            "branding": gettext_lazy("Branding"),
            "terminology": gettext_lazy("Terminology"),
        },
        "siasn_state": choices(OutboxState),
        "siasn_field": choices(DiffField),
        "siasn_kind": choices(DiffKind),
        "siasn_cadence": choices(Cadence),
        "siasn_mapping": choices(MappingKind),
        "siasn_scope": choices(PullScope),
        # Stripe's subscription states (billing keeps Stripe's own codes).
        "subscription_status": {
            "active": gettext_lazy("Active"),
            "trialing": gettext_lazy("Trial"),
            "past_due": gettext_lazy("Payment overdue"),
            "unpaid": gettext_lazy("Unpaid"),
            "canceled": gettext_lazy("Cancelled"),
            "incomplete": gettext_lazy("Incomplete"),
            "incomplete_expired": gettext_lazy("Incomplete, expired"),
            "paused": gettext_lazy("Paused"),
        },
    }


def kinds() -> tuple[str, ...]:
    return tuple(_registry())


def humanize_code(value: object) -> str:
    """The last resort for a code without a label: "butuh_perbaikan" -> "Butuh perbaikan"."""
    text = str(value).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def label(kind: str, value: object) -> str:
    """The human label of `value` of enum `kind` in the active language; "–" for none."""
    if value is None or value == "":
        return "–"
    labels = _registry().get(kind)
    if labels is None:
        raise KeyError(f"no labels for {kind!r}; known: {', '.join(kinds())}")
    found = labels.get(str(value))
    return str(found) if found is not None else humanize_code(value)


def object_label(object_type: object) -> str:
    """What an audit event was about, from its `app.model` label: the model's name."""
    from django.apps import apps
    from django.utils.text import capfirst

    from core.audit.actions import OBJECT_LABELS

    if str(object_type) in OBJECT_LABELS:
        return str(OBJECT_LABELS[str(object_type)])
    try:
        model = apps.get_model(str(object_type))
    except (LookupError, ValueError):
        return humanize_code(object_type)
    return str(capfirst(model._meta.verbose_name))


def role_label(role: object) -> str:
    return label("role", role)


def roles_label(roles: str | Iterable[object]) -> str:
    """Several roles ("city_admin / executive", a list, or a set) as one phrase."""
    if isinstance(roles, str):
        roles = [part.strip() for part in roles.replace(",", "/").split("/") if part.strip()]
    return " / ".join(role_label(role) for role in roles)


def predicate_label(predicate: object) -> str:
    return label("predicate", predicate)


def template_label(slug_version: object) -> str:
    """A model template reference "surabaya@1" as "Model Surabaya versi 1"."""
    text = str(slug_version or "")
    if not text:
        return "–"
    slug, _sep, version = text.partition("@")
    name = slug.replace("-", " ").replace("_", " ").title()
    if not version:
        return _("Model %(name)s") % {"name": name}
    return _("Model %(name)s version %(version)s") % {"name": name, "version": version}


def label_field(kind: str, source: str):
    """A read-only API field with the human label of `source` (the `*_label` fields):
    `predicate_label = label_field("predicate", "predicate")`."""
    from rest_framework import serializers

    class LabelField(serializers.CharField):
        def to_representation(self, value: object) -> str:
            return label(kind, value)

    return LabelField(source=source, read_only=True)


def kind_of_choices(choices: Iterable[tuple[object, object]] | None) -> str | None:
    """The registry kind whose codes are exactly these model-field `choices`, if any."""
    codes = {str(code) for code, _name in choices or ()}
    for kind, labels in _registry().items():
        if set(labels) == codes:
            return kind
    return None


class ChoiceLabelsMixin:
    """For a DRF ModelSerializer: a read-only `<field>_label` next to every field that
    emits an enum code (a model field with choices), from this registry, so API clients
    and exports never have to translate "butuh_perbaikan" themselves.

    City enums come from the registry; the platform's own (a city's or an application's
    status, which core does not import) from the model field's labels.
    """

    def get_fields(self):
        fields = super().get_fields()
        model = self.Meta.model
        labelled: dict = {}
        for name, field in fields.items():
            labelled[name] = field
            source = field.source if field.source not in (None, "*") else name
            try:
                model_field = model._meta.get_field(source)
            except FieldDoesNotExist:  # a property or a nested path
                continue
            choices = getattr(model_field, "choices", None)
            if not choices or f"{name}_label" in fields or f"{source}_label" in fields:
                continue  # labelled already (or itself a label of `source`)
            kind = kind_of_choices(choices)
            if kind is not None:
                labelled[f"{name}_label"] = label_field(kind, source)
            else:  # a platform enum (city or application status): the field's own labels
                labelled[f"{name}_label"] = _choices_field(dict(choices), source)
        return labelled


def _choices_field(names: Mapping, source: str):
    from rest_framework import serializers

    class ChoiceLabelField(serializers.CharField):
        def to_representation(self, value: object) -> str:
            found = names.get(value)
            return str(found) if found is not None else humanize_code(value)

    return ChoiceLabelField(source=source, read_only=True)
