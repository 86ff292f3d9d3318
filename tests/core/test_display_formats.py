"""The shared display filters and labels: Indonesian by default, English when switched."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core import labels
from core.templatetags import sinergi


@pytest.mark.parametrize(
    ("_case", "value", "expected"),
    [
        ("_millions", 5_000_000, "Rp5.000.000"),
        ("_negative", -1500, "-Rp1.500"),
        ("_decimal", Decimal("12345.6"), "Rp12.346"),
        ("_none", None, "–"),
    ],
)
def test_rupiah(_case, value, expected):
    with translation.override("id"):
        assert sinergi.rupiah(value) == expected


@pytest.mark.parametrize(
    ("_case", "value", "places", "expected"),
    [
        ("_decimal_two_places", Decimal("100"), None, "100,00\u00a0%"),
        ("_scientific_decimal", Decimal("1E+2"), None, "100,00\u00a0%"),
        ("_whole_count", 45, None, "45\u00a0%"),
        ("_one_place", Decimal("93.456"), 1, "93,5\u00a0%"),
        ("_float", 26.57, None, "26,57\u00a0%"),
        ("_none", None, None, "–"),
    ],
)
def test_percent(_case, value, places, expected):
    with translation.override("id"):
        assert sinergi.percent(value, places) == expected


@pytest.mark.parametrize(
    ("_case", "value", "expected"),
    [
        ("_fraction", 0.456, "46\u00a0%"),
        ("_whole", 1, "100\u00a0%"),
        ("_none", None, "–"),
    ],
)
def test_share_is_a_fraction_as_a_whole_percentage(_case, value, expected):
    with translation.override("id"):
        assert sinergi.share(value) == expected


@pytest.mark.parametrize(
    ("_case", "language", "value", "expected"),
    [
        ("_indonesian", "id", 1065, "1.065 menit"),
        ("_english", "en", 1065, "1,065 minutes"),
        ("_one_english", "en", 1, "1 minute"),
        ("_zero", "id", 0, "0 menit"),
    ],
)
def test_minutes(_case, language, value, expected):
    with translation.override(language):
        assert sinergi.minutes(value) == expected


@pytest.mark.parametrize(
    ("_case", "kind", "value", "expected"),
    [
        ("_predicate", "predicate", "butuh_perbaikan", "Butuh Perbaikan"),
        ("_role", "role", "city_admin", "Administrator kota (BKPSDM)"),
        ("_unknown_code_is_humanised", "predicate", "luar_biasa", "Luar biasa"),
        ("_empty", "predicate", "", "–"),
    ],
)
def test_label(_case, kind, value, expected):
    with translation.override("id"):
        assert labels.label(kind, value) == expected


def test_unknown_label_kind_is_an_error_not_a_raw_code():
    with pytest.raises(KeyError):
        labels.label("nonexistent", "x")


def test_roles_and_model_templates_read_as_words():
    with translation.override("id"):
        assert "city_admin" not in labels.roles_label("city_admin / executive")
        assert labels.template_label("surabaya@1") == "Model Surabaya versi 1"


def test_filters_are_builtin_in_every_template():
    template = Template('{{ p|label:"predicate" }} · {{ m|minutes }} · {{ r|rupiah }}')
    with translation.override("id"):
        text = template.render(Context({"p": "sangat_baik", "m": 1065, "r": 5_000_000}))
    assert text == "Sangat Baik · 1.065 menit · Rp5.000.000"


def test_python_text_uses_the_same_formats_as_templates():
    """Refusals and notices format figures through core.formats, as the filters do."""
    from datetime import date

    from core import formats

    with translation.override("id"):
        assert formats.number(1065) == "1.065"
        assert formats.long_date(date(2026, 12, 7)) == "7 Desember 2026"
        assert formats.short_date(date(2026, 12, 7)) == "7 Des 2026"
        assert formats.month_year(date(2027, 1, 1)) == "Januari 2027"
    with translation.override("en"):
        assert formats.long_date(date(2026, 12, 7)) == "7 December 2026"
    assert sinergi.minutes is formats.minutes  # one helper, not two copies


def test_distribution_rule_reads_as_words():
    from core.talent.labels import describe_rule
    from core.talent.rules import DEFAULT_DISTRIBUTION_RULES, OrgPredicate

    baik = DEFAULT_DISTRIBUTION_RULES[OrgPredicate.BAIK]
    with translation.override("id"):
        texts = [describe_rule(rule) for rule in baik]
    assert texts == [
        "Baik paling banyak 70\u00a0%",
        "paling sedikit 1 orang Butuh Perbaikan / Kurang",
    ], texts
    assert not any("_" in text for text in texts)


def test_every_api_enum_field_has_its_label():
    """Each ModelSerializer of the API emits `<field>_label` beside every enum code."""
    import importlib
    import inspect

    from rest_framework import serializers

    modules = [
        "tenants.api.serializers",
        "onboarding.api.serializers",
        "core.revenue.api.serializers",
        "core.configuration.api.serializers",
        "core.talent.api.serializers",
        "core.organisation.api.serializers",
        "core.performance.api.serializers",
        "core.people.api.serializers",
    ]
    checked = 0
    for name in modules:
        for cls in vars(importlib.import_module(name)).values():
            if not (inspect.isclass(cls) and issubclass(cls, serializers.ModelSerializer)):
                continue
            if cls.__module__ != name:
                continue
            fields = cls().fields
            assert not [f for f in fields if f.endswith("_label_label")], cls.__name__
            for field_name, field in fields.items():
                if field_name.endswith("_label"):
                    continue
                try:
                    model_field = cls.Meta.model._meta.get_field(field.source)
                except Exception:  # noqa: S112 - a method, a property or a nested path
                    continue
                if getattr(model_field, "choices", None):
                    checked += 1
                    assert f"{field_name}_label" in fields, f"{cls.__name__}.{field_name}"
    assert checked >= 30


def test_api_labels_follow_the_language():
    from core.people.api.serializers import EmployeeSerializer
    from core.people.models import Employee

    person = Employee(nip="199001012015011001", name="Ani", sex="P", asn_type="PPPK_PW")
    with translation.override("id"):
        data = EmployeeSerializer(person).data
    assert data["sex"] == "P" and data["sex_label"] != "P"
    assert data["asn_type_label"] == "PPPK paruh waktu"
