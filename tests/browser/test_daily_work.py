"""The daily-work journey on a phone: an ASN logs an activity, the supervisor approves it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.accounts.roles import Role

pytestmark = pytest.mark.browser

STAFF_NIP = "199005202015031003"
BOSS_NIP = "198003152005012002"


def _setup(browser_city):
    from core.configuration.models import ActivityType
    from core.organisation.models import OrgUnit, Position
    from core.people.models import Assignment, Employee
    from core.performance.policy import calendar_days, current_policy

    staff = browser_city.make_user(Role.ASN, STAFF_NIP, "Budi Santoso")
    boss = browser_city.make_user(Role.ASN, BOSS_NIP, "Siti Rahmawati")
    with browser_city.committed():
        opd = OrgUnit.objects.create(name="Dinas Pendidikan", kind="opd", path="Dinas Pendidikan")
        OrgUnit.objects.filter(pk=opd.pk).update(opd=opd)
        head = Position.objects.create(name="Kepala Bidang SD", org_unit=opd, kelas_jabatan=12)
        post = Position.objects.create(
            name="Analis Kurikulum", org_unit=opd, kelas_jabatan=7, supervisor_position=head
        )
        for user, position in ((boss, head), (staff, post)):
            person = Employee.objects.create(
                nip=user.username, name=user.full_name, asn_type="PNS", user=user
            )
            Assignment.objects.create(
                employee=person, position=position, starts_on=date(2020, 1, 1)
            )
        kind = ActivityType.objects.create(
            code="SD-01",
            name="Menyusun bahan ajar",
            output_unit="dokumen",
            standard_minutes=45,
            evidence_required=False,
        )
        today = timezone.localdate()
        policy = current_policy(today.year, today.month)
        days = set(calendar_days(today.year, today.month))
        previous = today.replace(day=1) - timedelta(days=1)
        days |= set(calendar_days(previous.year, previous.month))
        day = next(
            today - timedelta(days=n)
            for n in range(policy.max_backdate_days + 1)
            if policy.allow_non_working_days or today - timedelta(days=n) in days
        )
    return staff, boss, kind, day


def test_asn_logs_on_a_phone_and_the_supervisor_approves(page, browser_city, _chromium):
    from core.performance.models import ActivityEntry

    staff, boss, kind, day = _setup(browser_city)

    browser_city.login(page, staff)
    page.goto(browser_city.url("/work/"))
    page.select_option("#id_activity_type", str(kind.pk))
    page.fill("#id_volume", "2")
    page.fill("#id_day", day.isoformat())
    page.click("form.log-form button[type=submit]")
    page.wait_for_selector("#log-panel .msg-success")
    row = page.locator("#log-panel .entries li", has_text="Menyusun bahan ajar")
    assert row.count() == 1
    assert "90" in row.inner_text()
    assert row.locator(".badge-warn").count() == 1
    # the form fits the phone: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    with browser_city.committed():
        entry = ActivityEntry.objects.get()
        assert entry.minutes == 90 and entry.status == "submitted"

    context = _chromium.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    boss_page = context.new_page()
    try:
        browser_city.login(boss_page, boss)
        boss_page.goto(browser_city.url("/work/verify/"))
        assert "Budi Santoso" in boss_page.locator("main").inner_text()
        boss_page.click(f"#entry-{entry.pk} button[value=approve]")
        boss_page.wait_for_selector(f"#entry-{entry.pk} .badge-ok")
    finally:
        context.close()
    with browser_city.committed():
        assert ActivityEntry.objects.get().status == "approved"
