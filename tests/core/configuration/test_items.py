"""Creating the city's own activities and indicators: codes, duplicates, the audit trail."""

from __future__ import annotations

import pytest

from core.audit.models import AuditEvent
from core.configuration import services
from core.configuration.models import ActivityType, Indicator
from tests.conftest import in_city

ACTIVITY = {
    "name": "Memandu wisata sungai Batanghari",
    "output_unit": "rombongan",
    "standard_minutes": 120,
    "position_types": ["PELAKSANA"],
}
INDICATOR = {
    "name": "Kunjungan wisata sungai",
    "unit": "rombongan",
    "direction": "higher",
    "measurement": "quantity",
}
ITEMS = [
    pytest.param(services.create_activity, ActivityType, ACTIVITY, "activity", id="activity"),
    pytest.param(services.create_indicator, Indicator, INDICATOR, "indicator", id="indicator"),
]


@pytest.mark.parametrize(("create", "model", "data", "kind"), ITEMS)
def test_a_new_item_gets_its_code_upper_case_and_is_audited(
    jambi, jambi_admin, create, model, data, kind
):
    with in_city(jambi):
        item = create({"code": " jmb-701 ", **data}, actor=jambi_admin)
        assert model.objects.get(code="JMB-701") == item
        event = AuditEvent.objects.get(action=f"configuration.{kind}.create")
        assert event.after["code"] == "JMB-701"
        assert event.after["name"] == data["name"]


@pytest.mark.parametrize(("create", "model", "data", "kind"), ITEMS)
def test_a_code_in_use_is_refused_and_nothing_is_written(
    jambi, jambi_admin, create, model, data, kind
):
    with in_city(jambi):
        create({"code": "JMB-702", **data}, actor=jambi_admin)
        with pytest.raises(services.ConfigurationError, match="JMB-702"):
            create({"code": "jmb-702", **data, "name": "Nama lain sama sekali"}, actor=jambi_admin)
        assert model.objects.filter(code="JMB-702").count() == 1
        assert AuditEvent.objects.filter(action=f"configuration.{kind}.create").count() == 1


@pytest.mark.parametrize(("create", "model", "data", "kind"), ITEMS)
@pytest.mark.parametrize("code", ["", "   ", "X" * 31])
def test_an_empty_or_too_long_code_is_refused(jambi, jambi_admin, create, model, data, kind, code):
    with in_city(jambi):
        before = model.objects.count()
        with pytest.raises(services.ConfigurationError, match="30"):
            create({"code": code, **data}, actor=jambi_admin)
        assert model.objects.count() == before
