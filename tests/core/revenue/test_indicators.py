"""Revenue-fed indicators: the responsible person's monthly result uses revenue data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.performance.dashboards import person_month
from core.performance.models import IndicatorTarget, Period
from core.performance.services.monthly import assign_target
from core.revenue.services import (
    close_month,
    correct_realisation,
    link_indicator,
    record_realisation,
    set_target,
)
from tests.conftest import in_city, login
from tests.core.revenue.conftest import YEAR, import_rows


@pytest.fixture
def fed(pad):
    """PBB-P2 feeds indicator PAD-PBB-P2; Rina carries it in March with a target of 100 %."""
    with in_city(pad.city):
        link = link_indicator(actor=pad.cityadmin, source=pad.source("PBB-P2"))
        set_target(pad.source("PBB-P2"), YEAR, actor=pad.cityadmin, apbd=1_200_000_000)
        item = assign_target(
            actor=pad.kabid,
            employee_id=pad.employee(pad.rina).pk,
            year=YEAR,
            month=3,
            indicator_id=link.indicator_id,
            target=100,
        )
    return pad, item.pk


def _item(pad, pk):
    with in_city(pad.city):
        return IndicatorTarget.objects.get(pk=pk)


def _result(pad):
    with in_city(pad.city):
        return person_month(pad.employee(pad.rina), YEAR, 3)


def test_imported_revenue_updates_the_responsible_persons_monthly_result(fed):
    pad, pk = fed
    assert _result(pad)["iki_pct"] is None
    report = import_rows(pad, YEAR, [("PBB-P2", 3, "80.000.000")], actor=pad.rina)
    assert report.ok
    item = _item(pad, pk)
    assert (item.realisation, item.achievement_pct, item.status) == (
        Decimal("80.00"),
        Decimal("80.00"),
        "confirmed",
    )
    assert _result(pad)["iki_pct"] == Decimal("80.00")


def test_a_correction_of_a_closed_revenue_month_flows_into_the_result(fed):
    pad, pk = fed
    with in_city(pad.city):
        record_realisation(pad.source("PBB-P2"), YEAR, 3, 80_000_000, actor=pad.rina)
        close_month(YEAR, 3, actor=pad.cityadmin)
        correct_realisation(
            pad.source("PBB-P2"), YEAR, 3, 95_000_000, actor=pad.cityadmin, reason="Rekonsiliasi"
        )
    assert _item(pad, pk).achievement_pct == Decimal("95.00")
    assert _result(pad)["iki_pct"] == Decimal("95.00")


def test_other_sources_do_not_touch_the_indicator(fed):
    pad, pk = fed
    import_rows(pad, YEAR, [("BPHTB", 3, 5)])
    item = _item(pad, pk)
    assert (item.realisation, item.status) == (None, "assigned")


def test_a_closed_performance_month_is_left_to_performance_corrections(fed):
    pad, pk = fed
    with in_city(pad.city):
        Period.objects.filter(year=YEAR, month=3).update(status="closed")
    import_rows(pad, YEAR, [("PBB-P2", 3, 50_000_000)])
    assert _item(pad, pk).realisation is None


def test_a_total_revenue_indicator_reads_every_source(pad):
    with in_city(pad.city):
        link = link_indicator(actor=pad.cityadmin, source=None)
        set_target(pad.source("PBB-P2"), YEAR, actor=pad.cityadmin, apbd=1200)
        set_target(pad.source("BPHTB"), YEAR, actor=pad.cityadmin, apbd=1200)
        item = assign_target(
            actor=pad.kabid,
            employee_id=pad.employee(pad.rina).pk,
            year=YEAR,
            month=2,
            indicator_id=link.indicator_id,
            target=100,
        )
    import_rows(pad, YEAR, [("PBB-P2", 2, 150), ("BPHTB", 2, 90)])
    assert _item(pad, item.pk).realisation == Decimal("120.00")  # 240 of 200


def test_a_source_feeds_one_indicator_and_only_the_city_admin_links(pad):
    with in_city(pad.city):
        link_indicator(actor=pad.cityadmin, source=pad.source("REKLAME"))
        with pytest.raises(ValidationError):
            link_indicator(actor=pad.cityadmin, source=pad.source("REKLAME"), code="PAD-X")
    response = login(pad.city, pad.bapenda_admin).post("/revenue/indicators/", {"source": "BPHTB"})
    assert response.status_code == 403
    response = login(pad.city, pad.cityadmin).post("/revenue/indicators/", {"source": "BPHTB"})
    assert response.status_code == 302
    from core.revenue.models import RevenueIndicator

    with in_city(pad.city):
        assert sorted(RevenueIndicator.objects.values_list("indicator__code", flat=True)) == [
            "PAD-BPHTB",
            "PAD-REKLAME",
        ]


def test_a_target_assigned_after_the_revenue_is_filled_at_once(pad):
    """The supervisor assigns the indicator after the month's revenue is in: no wait."""
    import_rows(pad, YEAR, [("PBB-P2", 2, 50)])
    with in_city(pad.city):
        link = link_indicator(actor=pad.cityadmin, source=pad.source("PBB-P2"))
        set_target(pad.source("PBB-P2"), YEAR, actor=pad.cityadmin, apbd=1200)
        item = assign_target(
            actor=pad.kabid,
            employee_id=pad.employee(pad.rina).pk,
            year=YEAR,
            month=2,
            indicator_id=link.indicator_id,
            target=100,
        )
    assert (item.realisation, item.status) == (Decimal("50.00"), "confirmed")
