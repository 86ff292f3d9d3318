"""Annual targets (APBD, APBD-P) and their monthly phasing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.revenue.models import AnnualTarget, MonthlyTarget
from core.revenue.services import close_month, set_target
from tests.conftest import in_city
from tests.core.revenue.conftest import YEAR, seed_history


def _months(pad, code, year=YEAR):
    with in_city(pad.city):
        return list(
            MonthlyTarget.objects.filter(source__code=code, year=year)
            .order_by("month")
            .values_list("amount", flat=True)
        )


def test_without_history_the_target_is_phased_evenly(pad):
    source = pad.source("PBB-P2")
    with in_city(pad.city):
        target = set_target(source, YEAR, actor=pad.cityadmin, apbd="1.200.000.005")
    assert (target.phasing, target.history_years) == ("even", [])
    assert _months(pad, "PBB-P2") == [100_000_001] * 5 + [100_000_000] * 7


def test_with_history_the_last_three_full_years_set_the_pattern(pad):
    december_heavy = [75] * 11 + [275]
    seed_history(
        pad,
        "PBB-P2",
        {2022: [1000] + [0] * 11, 2023: december_heavy, 2024: december_heavy, 2025: december_heavy},
    )
    with in_city(pad.city):
        target = set_target(pad.source("PBB-P2"), YEAR, actor=pad.cityadmin, apbd=1_100_000)
    assert (target.phasing, target.history_years) == ("seasonal", [2023, 2024, 2025])
    assert _months(pad, "PBB-P2") == [75_000] * 11 + [275_000]


def test_apbd_p_revision_keeps_closed_months_and_spreads_the_rest(pad):
    source = pad.source("BPHTB")
    with in_city(pad.city):
        set_target(source, YEAR, actor=pad.cityadmin, apbd=1_200_000)
        close_month(YEAR, 1, actor=pad.cityadmin)
        close_month(YEAR, 2, actor=pad.cityadmin)
        target = set_target(source, YEAR, actor=pad.cityadmin, apbd=1_200_000, apbd_p=1_500_000)
        event = AuditEvent.objects.filter(action="revenue.target.set").order_by("-id").first()
    assert target.effective == 1_500_000
    assert _months(pad, "BPHTB") == [100_000, 100_000] + [130_000] * 10
    assert event.before["apbd_p"] is None and event.after["apbd_p"] == 1_500_000


def test_revision_below_what_closed_months_hold_is_refused_and_changes_nothing(pad):
    source = pad.source("BPHTB")
    with in_city(pad.city):
        set_target(source, YEAR, actor=pad.cityadmin, apbd=1_200_000)
        for month in (1, 2, 3):
            close_month(YEAR, month, actor=pad.cityadmin)
        with pytest.raises(ValidationError):
            set_target(source, YEAR, actor=pad.cityadmin, apbd=1_200_000, apbd_p=250_000)
        assert AnnualTarget.objects.get(source=source, year=YEAR).apbd_p is None
    assert _months(pad, "BPHTB") == [100_000] * 12


@pytest.mark.parametrize("bad", ["-5", "satu juta", "1.5", ""])
def test_a_target_must_be_whole_rupiah(pad, bad):
    with in_city(pad.city), pytest.raises(ValidationError):
        set_target(pad.source("REKLAME"), YEAR, actor=pad.cityadmin, apbd=bad)
    assert _months(pad, "REKLAME") == []


def test_city_admin_sets_a_target_on_the_page_and_others_are_refused(pad):
    from tests.conftest import login

    url = f"/revenue/targets/{YEAR}/REKLAME/"
    refused = login(pad.city, pad.bapenda_admin).post(url, {"apbd": "1200"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 403
    assert _months(pad, "REKLAME") == []
    response = login(pad.city, pad.cityadmin).post(url, {"apbd": "1200"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="target-REKLAME"' in response.content.decode()
    assert _months(pad, "REKLAME") == [100] * 12
