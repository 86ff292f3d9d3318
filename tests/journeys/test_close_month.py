"""Honest numbers mid-month and closing a month, walked in Chromium on the demo city.

1. Mid-month (the real today of the seeded demo), on a phone: the clerk's own page, the
   city dashboard, the OPD page and the statement show the same figures for the clerk,
   each saying it is an estimate, and the city's OPD figure is the mean of its OPD page.
2. After the month has ended, at 1366x768: the city administrator opens the period, sees
   the preview and the blockers by name, the supervisors' work clears them, the admin
   confirms the month by name and sees what was frozen.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.actors import Actor
from tests.journeys.conftest import _new_page

WIB = ZoneInfo("Asia/Jakarta")
ADMIN = "198004112005012001"
CLERK = "199005202015031003"
SEKDA = "197203151998031003"


@pytest.fixture
def phone_exec(_chromium, live_server_port, django_db_blocker):
    """A second phone (360x740, id-ID) for a second person at the same time."""
    yield from _new_page(_chromium, django_db_blocker, {"width": 360, "height": 740}, "id-ID")


def _number(text: str) -> Decimal:
    """'1.065,50 %' -> 1065.50 (Indonesian digits)."""
    cleaned = re.sub(r"[^\d,.-]", "", text).replace(".", "").replace(",", ".")
    return Decimal(cleaned)


def _sign_in_anywhere(demo_city, page, username: str) -> None:
    """Sign in through the real form, whatever start page the role lands on."""
    from core.demo import DEMO_PASSWORD

    page.goto(demo_city.url("/accounts/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _no_overflow(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def test_personal_opd_and_city_pages_agree_mid_month(demo_city, phone, phone_exec, shot):
    with demo_city.committed():
        from core.people.hierarchy import position_on
        from core.people.models import Employee

        clerk = Employee.objects.get(nip=CLERK)
        opd_id = position_on(clerk).position.org_unit.opd_id

    demo_city.sign_in(phone, CLERK)
    phone.goto(demo_city.url("/work/me/"))
    me = phone.locator("main") if phone.locator("main").count() else phone.locator("body")
    me_text = me.inner_text()
    assert "Perkiraan" in me_text
    assert "seluruh tunjangan dipotong" not in me_text
    me_tpp = phone.locator('[data-figure="tpp"]').first.inner_text().strip()
    me_score = phone.locator('[data-figure="score"]').first.inner_text().strip()
    me_predicate = phone.locator('[data-figure="predicate"]').first.inner_text().strip()
    assert not re.search(r"[a-z]+_[a-z]+", me_predicate), me_predicate  # a label, no code
    _no_overflow(phone)
    shot(phone, "me")

    with demo_city.committed():
        from django.utils import timezone

        from core.command.panels import refresh_month

        today = timezone.localdate()  # the city screen reads the five-minute month snapshot
        refresh_month(today.year, today.month, today)
    _sign_in_anywhere(demo_city, phone_exec, SEKDA)
    phone_exec.goto(demo_city.url("/command/"))
    month = phone_exec.locator("#panel-month")
    assert "perkiraan" in month.inner_text().lower()
    month.locator("summary").first.click()
    progress = month.locator(f'tr[data-opd="{opd_id}"] [data-figure="progress"]')
    city_progress = _number(progress.inner_text())
    shot(phone_exec, "city")

    progress.click()
    phone_exec.wait_for_url(re.compile(r"/work/opd/"))
    row = phone_exec.locator(f'tr:has(a[data-employee="{clerk.pk}"])')
    assert row.locator('[data-figure="tpp"]').inner_text().strip() == me_tpp
    assert row.locator('[data-figure="score"]').inner_text().strip() == me_score
    assert me_predicate in row.inner_text()
    workloads = [
        _number(t) for t in phone_exec.locator('td[data-figure="workload"]').all_inner_texts()
    ]
    assert workloads and city_progress == round(sum(workloads) / len(workloads))
    assert _number(phone_exec.locator('[data-figure="progress"]').first.inner_text()) == (
        city_progress
    )
    # every column of the ranking is on the phone's screen, none beyond the right edge
    wrap = "document.querySelector('.table-wrap')"
    assert phone_exec.evaluate(f"{wrap}.scrollWidth <= {wrap}.clientWidth")
    # the figures may be a few seconds old while the city logs: the page says from when
    assert re.fullmatch(
        r"Data per pukul \d{2}\.\d{2} WIB", phone_exec.locator("p.data-time").inner_text()
    )
    shot(phone_exec, "opd")

    row.locator("a").first.click()
    phone_exec.wait_for_url(re.compile(r"/work/statement/"))
    assert phone_exec.locator('[data-figure="tpp"]').inner_text().strip() == me_tpp
    assert phone_exec.locator('[data-figure="score"]').inner_text().strip() == me_score
    assert "Perkiraan" in phone_exec.locator("body").inner_text()
    _no_overflow(phone_exec)
    shot(phone_exec, "statement")


def _resolve_blockers(year: int, month: int) -> None:
    """What the supervisors and the attendance import do before a close: verify the
    waiting work, rate behaviour, record attendance for whoever has none."""
    from django.db.models import F
    from django.utils import timezone

    from core.performance.close_preview import close_preview
    from core.performance.models import (
        ActivityEntry,
        AttendanceRecord,
        BehaviourRating,
        EntryStatus,
    )
    from core.performance.policy import calendar_days
    from core.performance.rules import BERAKHLAK
    from core.performance.services.periods import open_period

    period = open_period(
        year, month, actor=Actor.system("tests")
    )  # as the first write of the month
    ActivityEntry.objects.filter(
        day__year=year, day__month=month, status=EntryStatus.SUBMITTED
    ).update(status=EntryStatus.APPROVED, decided_by=F("verifier"), decided_at=timezone.now())
    preview = close_preview(period)
    assert preview.blocked_counts["behaviour"] <= 50  # every one of them is named
    BehaviourRating.objects.bulk_create(
        BehaviourRating(
            employee_id=person.employee_id,
            period=period,
            rated_by_id=person.supervisor_id,
            rating="sesuai",
            rated_at=timezone.now(),
            **dict.fromkeys(BERAKHLAK, "sesuai"),
        )
        for person in preview.blocked["behaviour"]
    )
    days = calendar_days(year, month)
    AttendanceRecord.objects.bulk_create(
        AttendanceRecord(employee_id=person.employee_id, day=day, status="hadir")
        for person in preview.blocked["attendance"]
        for day in days
    )


def test_city_admin_previews_confirms_and_closes_the_month(demo_city, desktop, shot):
    with demo_city.committed():
        from django.utils import timezone

        from core.performance.close_preview import close_preview
        from core.performance.periods import find_period

        today = timezone.localdate()
        year, month = today.year, today.month
        blocked = close_preview(find_period(year, month), today=datetime(2099, 1, 1).date())
    label = datetime(year, month, 1).strftime("%m/%Y")
    names = [p.name for people in blocked.blocked.values() for p in people]
    assert names, "the demo's open month has work waiting and ratings to give"

    next_month = datetime(year + month // 12, month % 12 + 1, 4, 9, 0, tzinfo=WIB)
    with time_machine.travel(next_month, tick=True):
        demo_city.sign_in(desktop, ADMIN)
        desktop.goto(demo_city.url(f"/work/periods/{year}/{month}/"))
        body = desktop.locator("body").inner_text()
        assert "Pratinjau tutup bulan" in body, label
        assert "orang akan ditutup" in body and "Jumlah orang per predikat" in body
        assert "Pemeriksaan kurva distribusi" in body
        blockers = desktop.locator("#blockers").inner_text()
        for name in names[:5]:
            assert name in blockers
        assert desktop.locator("#confirm-close").count() == 0
        if blocked.blocked["behaviour"]:
            assert desktop.locator('#blockers a[href*="/behaviour/?year="]').count() > 0
        _no_overflow(desktop)
        shot(desktop, "preview-blocked")

        with demo_city.committed():
            _resolve_blockers(year, month)
        desktop.reload()
        assert desktop.locator("#blockers").count() == 0
        form = desktop.locator("#confirm-close")
        assert form.count() == 1
        people = desktop.locator('[data-figure="people"]').inner_text().strip()
        shot(desktop, "preview-ready")

        # one click does not freeze: the confirmation box must be ticked
        form.locator("button[type=submit]").click()
        with demo_city.committed():
            from core.performance.models import Period

            assert Period.objects.get(year=year, month=month).status == "open"
        form.locator('input[name="confirm"]').check()
        form.locator("button[type=submit]").click()
        desktop.wait_for_selector("#frozen-summary")
        text = desktop.locator("body").inner_text()
        assert "Bulan ditutup" in text or "ditutup" in text
        assert "Yang dibekukan" in text
        assert people in desktop.locator("#frozen-summary").inner_text()
        shot(desktop, "closed")
        with demo_city.committed():
            from core.performance.models import MonthlyResult

            assert Period.objects.get(year=year, month=month).status == "closed"
            assert MonthlyResult.objects.filter(period__year=year, period__month=month).exists()
