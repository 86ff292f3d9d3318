"""A supervisor's and an acting (Plt.) supervisor's day on a phone, in Indonesian:
verify with nothing pre-ticked ("Pilih semua" is their own choice), see unusual days
flagged, rate behaviour for a month that is still open, and a team page that fits."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

KABID_SD = "198003152005012002"
STAF_SD_2 = "199207082018012004"
PLT_P2P = "198207072008011002"


def _fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360 px phone"


def _months_back(today: date, n: int) -> date:
    year, month = today.year, today.month - n
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


def _employee_id(demo_city, nip: str) -> int:
    from core.people.models import Employee

    with demo_city.committed():
        return Employee.objects.get(nip=nip).pk


def test_supervisor_verifies_with_nothing_pre_ticked(demo_city, phone, shot):
    demo_city.sign_in(phone, KABID_SD)
    phone.goto(demo_city.url("/work/verify/"))
    boxes = phone.locator("input[type=checkbox][form=bulk]")
    count = boxes.count()
    assert count > 0, "the demo leaves work waiting for the supervisor"
    assert all(not boxes.nth(i).is_checked() for i in range(count))
    expect(phone.locator(".selected-count")).to_have_text("0")
    _fits_the_phone(phone)
    shot(phone, "verify-start")

    phone.get_by_role("link", name="Pilih semua").click()
    assert all(boxes.nth(i).is_checked() for i in range(count))
    expect(phone.locator(".selected-count")).to_have_text(str(count))
    boxes.first.uncheck()
    expect(phone.locator(".selected-count")).to_have_text(str(count - 1))
    phone.get_by_role("button", name="Setujui yang dipilih").click()
    expect(phone.locator(".msg-success")).to_contain_text(f"{count - 1} kegiatan disetujui")
    assert phone.locator("input[type=checkbox][form=bulk]").count() == 1
    shot(phone, "verify-after-bulk")


def test_supervisor_rates_behaviour_for_an_open_month_and_the_team_fits(demo_city, phone, shot):
    today = timezone.localdate()
    staff = _employee_id(demo_city, STAF_SD_2)
    demo_city.sign_in(phone, KABID_SD)
    phone.goto(demo_city.url("/work/team/"))
    expect(phone.locator(".team-person").first).to_be_visible()
    this_month = phone.locator(
        f"a[href='/work/team/{staff}/behaviour/{today.year}/{today.month}/']"
    )
    expect(this_month).to_contain_text("Nilai perilaku")
    _fits_the_phone(phone)
    shot(phone, "team")

    closed = _months_back(today, 1)  # the demo closed the last two months
    phone.goto(demo_city.url(f"/work/team/{staff}/behaviour/{closed.year}/{closed.month}/"))
    expect(phone.locator(".msg-error")).to_contain_text("sudah ditutup untuk pegawai ini")
    assert phone.locator("button[type=submit]", has_text="Simpan penilaian").count() == 0

    open_month = _months_back(today, 3)  # before the demo's history: never closed
    if open_month < date(today.year, 1, 1):
        pytest.skip("the demo people start in January; no earlier open month to rate")
    phone.goto(demo_city.url(f"/work/team/{staff}/behaviour/{open_month.year}/{open_month.month}/"))
    for value in ("berorientasi_pelayanan", "akuntabel", "harmonis", "loyal", "adaptif"):
        phone.locator(f"input[name={value}][value=sesuai]").check()
    phone.locator("input[name=kompeten][value=diatas]").check()
    # Nothing was pre-chosen: the last value is still open until the supervisor picks it.
    assert phone.locator("input[name=kolaboratif]:checked").count() == 0
    phone.locator("input[name=kolaboratif][value=diatas]").check()
    _fits_the_phone(phone)
    shot(phone, "rate-open-month")
    phone.get_by_role("button", name="Simpan penilaian").click()
    expect(phone.locator(".msg-success")).to_contain_text("Penilaian perilaku")
    assert phone.url.endswith("/work/team/")


def test_acting_supervisor_approves_one_entry_in_place(demo_city, phone, shot):
    demo_city.sign_in(phone, PLT_P2P)
    phone.goto(demo_city.url("/work/verify/"))
    boxes = phone.locator("input[type=checkbox][form=bulk]")
    assert boxes.count() > 0, "the acting head has work waiting"
    assert not any(boxes.nth(i).is_checked() for i in range(boxes.count()))
    entry = phone.locator(".verify-entry").first
    entry.get_by_role("button", name="Setujui").click()
    expect(phone.locator(".verify-entry").first.locator(".badge-ok")).to_have_text("Disetujui")
    _fits_the_phone(phone)
    shot(phone, "plt-verify")
