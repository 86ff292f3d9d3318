"""The counters kept by the services equal the counters rebuilt from the activity rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.management import call_command

from core.command import counters
from core.command.models import HourCounter, PersonDay
from tests.conftest import in_city
from tests.core.performance.conftest import TODAY, log


def _totals(opd_id: int, day: date) -> dict:
    rows = HourCounter.objects.filter(opd_id=opd_id, day=day)
    names = ("people", "entries", "minutes", "approved_entries", "approved_minutes")
    return {n: sum(getattr(r, n) for r in rows) for n in names + ("rejected_entries",)}


def test_every_change_keeps_the_counters_equal_to_a_rebuild(work, frozen_clock):
    from core.performance.services.activities import resubmit_activity, withdraw_activity
    from core.performance.services.verification import bulk_approve, verify_activity

    yesterday = TODAY - timedelta(days=1)
    a = log(work, work.budi, volume="2").entry  # 60 min at 10:00
    frozen_clock.shift(timedelta(hours=2))
    b = log(work, work.budi, volume="1").entry  # 12:00
    c = log(work, work.sari, volume="3").entry
    d = log(work, work.tono, volume="4").entry
    late = log(work, work.sari, day=yesterday, volume="1").entry  # backdated: hour 24
    with in_city(work.city):
        assert _totals(work.opd.pk, TODAY)["people"] == 2
        assert _totals(work.opd.pk, TODAY)["minutes"] == 60 + 30 + 90
        verify_activity(a.pk, actor=work.kabid, approve=True)
        verify_activity(c.pk, actor=work.kabid, approve=False, reason="Tidak jelas")
        bulk_approve([d.pk], actor=work.kadinkes)
        resubmit_activity(c.pk, actor=work.sari, volume=Decimal("2"))
        withdraw_activity(late.pk, actor=work.sari)
        withdraw_activity(b.pk, actor=work.budi)
        kept = counters.snapshot()
        totals = _totals(work.opd.pk, TODAY)
        assert totals["people"] == 2 and totals["entries"] == 2
        assert totals["approved_minutes"] == 60
        assert not PersonDay.objects.filter(day=yesterday).exists()
        call_command("rebuild_command_counters", verbosity=0)
        assert counters.snapshot() == kept


def test_first_entry_withdrawn_moves_the_person_to_the_next_hour(work, frozen_clock):
    from core.performance.services.activities import withdraw_activity

    first = log(work, work.budi).entry
    frozen_clock.shift(timedelta(hours=3))
    log(work, work.budi)
    with in_city(work.city):
        withdraw_activity(first.pk, actor=work.budi)
        people = dict(
            HourCounter.objects.filter(opd_id=work.opd.pk, people__gt=0).values_list(
                "hour", "people"
            )
        )
        assert people == {13: 1}
        kept = counters.snapshot()
        counters.rebuild()
        assert counters.snapshot() == kept
