"""Closing a month for revenue, and recorded corrections of closed months."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.audit.services import verify_chain
from core.revenue.models import ClosedMonth, Correction, Realisation
from core.revenue.services import close_month, correct_realisation, record_realisation
from tests.conftest import in_city, login
from tests.core.revenue.conftest import YEAR, import_rows


def _amount(pad, code="PBB-P2", month=2):
    with in_city(pad.city):
        return (
            Realisation.objects.filter(source__code=code, year=YEAR, month=month)
            .values_list("amount", flat=True)
            .first()
        )


@pytest.fixture
def closed_february(pad):
    import_rows(pad, YEAR, [("PBB-P2", 2, 1_000_000)])
    with in_city(pad.city):
        close_month(YEAR, 2, actor=pad.bapenda_admin)
    return pad


def test_a_closed_month_refuses_entry_and_import(closed_february):
    pad = closed_february
    with in_city(pad.city), pytest.raises(ValidationError) as refused:
        record_realisation(pad.source("PBB-P2"), YEAR, 2, 5, actor=pad.rina)
    assert refused.value.code == "closed"
    report = import_rows(pad, YEAR, [("PBB-P2", 2, 5)])
    assert not report.ok
    assert _amount(pad) == 1_000_000


def test_correction_changes_a_closed_month_and_records_who_why_before_after(closed_february):
    pad = closed_february
    with in_city(pad.city):
        correct_realisation(
            pad.source("PBB-P2"), YEAR, 2, "1.100.000", actor=pad.bapenda_admin,
            reason="Setoran bank tanggal 28 Februari terlambat dibukukan",
        )  # fmt: skip
        correction = Correction.objects.get()
        event = AuditEvent.objects.get(action="revenue.realisation.correct")
        broken = verify_chain()
    assert (correction.amount_before, correction.amount_after) == (1_000_000, 1_100_000)
    assert correction.made_by_id == pad.bapenda_admin.pk
    assert (event.before["amount"], event.after["amount"]) == (1_000_000, 1_100_000)
    assert event.reason.startswith("Setoran bank") and event.actor_id == pad.bapenda_admin.pk
    assert broken is None
    assert _amount(pad) == 1_100_000


@pytest.mark.parametrize(
    ("month", "amount", "reason", "code"),
    [
        (2, 1_100_000, "  ", "reason"),
        (3, 1_100_000, "salah ketik", "open"),
        (2, 1_000_000, "sama saja", "unchanged"),
        (2, "-1", "negatif", "amount"),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(
    closed_february, month, amount, reason, code
):
    pad = closed_february
    with in_city(pad.city), pytest.raises(ValidationError) as refused:
        correct_realisation(
            pad.source("PBB-P2"), YEAR, month, amount, actor=pad.cityadmin, reason=reason
        )
    assert refused.value.code == code
    with in_city(pad.city):
        assert not Correction.objects.exists()
    assert _amount(pad) == 1_000_000


def test_month_cannot_close_twice_or_before_it_ends(pad):
    with in_city(pad.city):
        close_month(YEAR, 3, actor=pad.cityadmin)
        for month, code in ((3, "already_closed"), (4, "not_ended"), (5, "not_ended")):
            with pytest.raises(ValidationError) as refused:
                close_month(YEAR, month, actor=pad.cityadmin)
            assert refused.value.code == code
        assert list(ClosedMonth.objects.values_list("month", flat=True)) == [3]


def test_only_city_admin_and_revenue_opd_admin_close_and_correct(closed_february):
    pad = closed_february
    for user in (pad.rina, pad.mayor, pad.inspector, pad.budi):
        client = login(pad.city, user)
        assert client.post(f"/revenue/months/{YEAR}/1/close/").status_code == 403
        response = client.post(
            "/api/v1/revenue/corrections/",
            {"source": "PBB-P2", "year": YEAR, "month": 2, "amount": "5", "reason": "x"},
        )
        assert response.status_code == 403, user
    with in_city(pad.city):
        assert not ClosedMonth.objects.filter(month=1).exists()
        assert not Correction.objects.exists()
    assert _amount(pad) == 1_000_000
    response = login(pad.city, pad.bapenda_admin).post(f"/revenue/months/{YEAR}/1/close/")
    assert response.status_code == 302
    with in_city(pad.city):
        assert ClosedMonth.objects.filter(month=1).exists()


def test_correction_through_the_page(closed_february):
    pad = closed_february
    client = login(pad.city, pad.cityadmin)
    response = client.post(
        "/revenue/corrections/new/",
        {"source": "PBB-P2", "year": YEAR, "month": 2, "amount": "999.000", "reason": "Audit BPK"},
    )
    assert response.status_code == 302
    assert _amount(pad) == 999_000
    page = client.get(f"/revenue/months/?year={YEAR}").content.decode()
    assert "Audit BPK" in page
