"""Filters of the configuration tables (activities, indicators), shared by page and fragment."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.configuration.forms import FAMILIES
from core.configuration.models import (
    POSITION_TYPES,
    ActivityType,
    Direction,
    Indicator,
    Measurement,
)

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
STATUSES = [("active", _("Active")), ("inactive", _("Inactive"))]
PAGE_SIZE = 50


def _search(queryset: QuerySet, _name: str, value: str) -> QuerySet:
    value = value.strip()
    return (
        queryset.filter(Q(name__icontains=value) | Q(code__icontains=value)) if value else queryset
    )


def _status(queryset: QuerySet, _name: str, value: str) -> QuerySet:
    return queryset.filter(is_active=value == "active") if value else queryset


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search name or code"), method=_search)
    family = django_filters.ChoiceFilter(
        label=_("Position family"), choices=FAMILIES, empty_label=_("All families")
    )
    position_type = django_filters.ChoiceFilter(
        label=_("Position type"),
        choices=POSITION_TYPES,
        empty_label=_("All position types"),
        method="_position_type",
    )
    evidence = django_filters.ChoiceFilter(
        label=_("Evidence required"),
        choices=YES_NO,
        empty_label=_("Evidence: all"),
        method="_evidence",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUSES, empty_label=_("All statuses"), method=_status
    )

    class Meta:
        model = ActivityType
        fields: list[str] = []

    def _position_type(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        return queryset.filter(position_types__contains=[value]) if value else queryset

    def _evidence(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        return queryset.filter(evidence_required=value == "yes") if value else queryset


class IndicatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search name or code"), method=_search)
    family = django_filters.ChoiceFilter(
        label=_("Position family"), choices=FAMILIES, empty_label=_("All families")
    )
    direction = django_filters.ChoiceFilter(
        label=_("Direction"), choices=Direction.choices, empty_label=_("All directions")
    )
    measurement = django_filters.ChoiceFilter(
        label=_("Measurement"), choices=Measurement.choices, empty_label=_("All measurements")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUSES, empty_label=_("All statuses"), method=_status
    )

    class Meta:
        model = Indicator
        fields: list[str] = []
