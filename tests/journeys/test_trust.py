"""Trust with people's pay, in the browser (issue 20 §1): nobody corrects their own
month, and a correction that moves someone's TPP a lot waits for a second administrator.

The OPD admin (Dinas Pendidikan) tries to correct their own closed month and reads the
refusal in place; the city admin records a large correction for a staff member of that
OPD, which waits; the OPD admin approves it on "Koreksi menunggu persetujuan".
"""

from __future__ import annotations

import pytest

from core.actors import Actor

CITY_ADMIN = "198004112005012001"
OPD_ADMIN = "198505052010012004"
STAFF = "199005202015031003"


@pytest.fixture(scope="module")
def month(demo_city):
    """The demo's closed month, a day of it the staff member was present, the people's
    ids, and a threshold of Rp0 so that any correction moving pay waits."""
    from core.configuration.policy import PolicyMissing
    from core.configuration.services import update_policy
    from core.people.models import Employee
    from core.performance.models import AttendanceRecord, Period, PeriodStatus

    with demo_city.committed():
        period = Period.objects.filter(status=PeriodStatus.CLOSED).order_by("-year", "-month")[0]
        staff = Employee.objects.get(nip=STAFF)
        admin = Employee.objects.get(nip=OPD_ADMIN)
        day = (
            AttendanceRecord.objects.filter(
                employee=staff,
                status="hadir",
                day__year=period.year,
                day__month=period.month,
            )
            .order_by("day")
            .values_list("day", flat=True)[0]
        )
        try:
            update_policy({"correction_approval_rupiah": 0}, actor=Actor.system("tests"))
        except PolicyMissing:
            pytest.skip("the demo city has no adopted policy")
    return {"period": period, "day": day, "staff": staff.pk, "admin": admin.pk}


def _correct(page, demo_city, month, employee_id: int, reason: str) -> None:
    period = month["period"]
    page.goto(demo_city.url(f"/work/periods/{period.year}/{period.month}/correct/{employee_id}/"))
    page.select_option("#id_kind", "attendance")
    page.fill("#id_day", month["day"].isoformat())
    page.select_option("#id_attendance_status", "alpa")
    page.fill("#id_reason", reason)
    page.click("form.stack button[type=submit]")


def test_nobody_corrects_their_own_month(demo_city, month, phone, shot):
    demo_city.sign_in(phone, OPD_ADMIN)
    _correct(phone, demo_city, month, month["admin"], "Mesin absensi rusak")
    body = phone.locator("body").inner_text()
    assert "Anda tidak dapat mengoreksi kehadiran, kegiatan, atau perilaku Anda sendiri" in body
    shot(phone, "own-correction-refused")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_large_correction_waits_for_a_second_administrator(demo_city, month, phone, shot):
    from core.performance.models import Correction

    demo_city.sign_in(phone, CITY_ADMIN)
    _correct(phone, demo_city, month, month["staff"], "Ternyata tidak masuk kerja")
    assert "administrator kedua" in phone.locator("body").inner_text()
    shot(phone, "correction-waits")
    phone.goto(demo_city.url("/work/corrections/"))
    assert "Tidak ada koreksi yang menunggu persetujuan Anda" in phone.locator("body").inner_text()
    with demo_city.committed():
        correction = Correction.objects.get(reason="Ternyata tidak masuk kerja")
        assert correction.status == "pending"

    phone.context.clear_cookies()
    demo_city.sign_in(phone, OPD_ADMIN)
    phone.goto(demo_city.url("/work/corrections/"))
    card = phone.locator(f"#correction-{correction.pk}")
    text = card.inner_text()
    assert "Ternyata tidak masuk kerja" in text and "Rp" in text
    shot(phone, "pending-list")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    card.locator("button[value=approve]").click()
    assert "Koreksi disetujui" in phone.locator("body").inner_text()
    shot(phone, "approved")
    with demo_city.committed():
        correction.refresh_from_db()
        assert correction.status == "applied"

    phone.context.clear_cookies()
    _inspector_reads_the_corrections_in_the_trail(demo_city, phone, shot)


INSPECTOR = "197306061999031004"


def _inspector_reads_the_corrections_in_the_trail(demo_city, phone, shot) -> None:
    """The inspector finds the corrections in the audit trail by a word of the action, on
    a phone: actions and objects in words, the filter kept from page to page."""
    from django.utils import timezone

    demo_city.sign_in(phone, INSPECTOR)
    phone.goto(demo_city.url("/audit/"))
    phone.fill("#id_action", "koreksi")
    phone.fill("#id_date_from", timezone.localdate().isoformat())
    phone.click("form.grid-2 button[type=submit]")
    rows = phone.locator("table.cards-on-phone tbody tr")
    actions = [a.strip() for a in rows.locator("td[data-action]").all_inner_texts()]
    assert actions and all("oreksi" in a for a in actions), actions
    assert not any("." in a for a in actions), "an action shown as its code"
    actors = rows.locator("td[data-label=Pelaku]").all_inner_texts()
    assert all(any(c.isalpha() for c in a) for a in actors), "an actor shown only as a NIP"
    objects = rows.locator("td[data-label=Objek]").all_inner_texts()
    assert any("Koreksi: " in o and "Kehadiran" in o for o in objects), objects
    shot(phone, "trail-filtered")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # the whole demo trail pages, and its next page keeps a filter
    phone.fill("#id_action", "")
    phone.click("form.grid-2 button[type=submit]")
    pager = phone.locator("nav.pager")
    if pager.count():
        pager.locator("a[rel=next]").click()
        assert "date_from=" in phone.url and "page=2" in phone.url
        assert "halaman 2 dari" in pager.inner_text()
        shot(phone, "trail-page-2")
