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

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from core.typing import Text


@cache
def _registry() -> dict[str, Mapping[str, Text]]:
    """kind -> {code: lazy label}. Imported lazily: models load after this module."""
    from core.accounts.models import CodePurpose
    from core.accounts.roles import ROLE_LABELS
    from core.configuration.models import Direction, HolidayKind
    from core.configuration.models import Measurement as IndicatorMeasurement
    from core.organisation.models import PositionType, UnitKind
    from core.people.models import AsnType, EmployeeStatus, Sex
    from core.performance.models import (
        EntryStatus,
        LevelChoice,
        PeriodStatus,
        PredicateChoice,
        TargetStatus,
    )
    from core.revenue.models import Origin, PhasingMethod, SourceGroup
    from core.talent.models import (
        AssessmentKind,
        OrgPredicateChoice,
        PotentialChoice,
        PotentialSource,
        Readiness,
        SkpStatus,
    )

    def choices(enum) -> dict[str, Text]:
        return {str(value): label for value, label in enum.choices}

    return {
        "role": {str(role): label for role, label in ROLE_LABELS.items()},
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
