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


# ---------------------------------------------------------------- the city screen
# The city secretary's (Sekda) morning on the city screen, on a phone and on a desktop:
# alerts seeded by the demo fire with someone to call, the walk city -> OPD -> unit ->
# person keeps the month and its figures agree with the OPD page and the personal
# statement, the weekly pack downloads as a PDF, and a refresh with nothing new is a 304.
# (In this module to share its demo city: a module of its own would seed another.)
SEKDA = "197203151998031003"


def _fits_width(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page is {scroll} px wide on a {width} px screen"


def _sign_in(demo_city, page) -> None:
    """The executive's start page is the city screen: signing in lands there."""
    from core.demo import DEMO_PASSWORD

    page.goto(demo_city.url("/accounts/login/"))
    page.fill("#id_username", SEKDA)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(demo_city.url("/command/"))


def _walk(demo_city, page, shot, width: int, label: str) -> None:
    from django.utils import timezone

    from core.command.panels import refresh_month

    # The month figures are a snapshot refreshed every five minutes (and at a close);
    # the supervisors above have approved work since the seed: refresh as the beat does.
    with demo_city.committed():
        today = timezone.localdate()
        refresh_month(today.year, today.month, today)
    _sign_in(demo_city, page)
    expect(page.locator("h1")).to_contain_text("Dasbor kota")
    # the demo leaves one supervisor's queue five days old and the TPP over its budget
    alerts = page.locator("#panel-alerts")
    expect(alerts.locator("[data-alert=waiting]").first).to_be_visible()
    expect(alerts.locator("[data-alert=tpp]")).to_contain_text("pagu")
    expect(alerts.locator("[data-alert=waiting] .who").first).to_contain_text("Hubungi")
    assert page.locator("svg[role=img][aria-label]").count() >= 5
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    expect(page.locator("#panel-today")).to_have_attribute("hx-trigger", "every 45s")
    _fits_width(page, width)
    shot(page, f"{label}-city")

    # the rows behind the waiting alert: who waits, since when
    alerts.locator("[data-alert=waiting] a[data-link=waiting]").first.click()
    expect(page.locator("h1")).to_contain_text("Kegiatan menunggu verifikasi")
    assert page.locator("tr[data-entry]").count() >= 1
    expect(page.locator("thead")).to_contain_text("Menunggu sejak")
    _fits_width(page, width)
    shot(page, f"{label}-waiting")
    page.go_back()
    expect(page.locator("#panel-alerts")).to_be_visible()

    # a refresh with nothing new answers 304
    statuses = page.evaluate(
        """async (url) => {
            const first = await fetch(url, {cache: "no-store"});
            const etag = first.headers.get("ETag");
            const again = await fetch(url, {cache: "no-store", headers: {"If-None-Match": etag}});
            return [first.status, again.status];
        }""",
        demo_city.url("/command/live/month/"),
    )
    assert statuses == [200, 304]

    # the weekly evaluation pack
    with page.expect_download() as download:
        page.get_by_role("link", name="Bahan rapat evaluasi mingguan (PDF)").click()
    assert download.value.suggested_filename.startswith("rapat-evaluasi-")

    # city -> OPD: the OPD's month progress equals its own OPD page's
    month = page.locator("#panel-month")
    month.locator("summary").first.click()
    row = month.locator("tr[data-opd]").first
    progress = row.locator("[data-figure=progress]").inner_text()
    opd_name = row.locator("td").first.inner_text()
    row.locator("td a").first.click()
    expect(page.locator("h1")).to_contain_text(opd_name)
    _fits_width(page, width)
    shot(page, f"{label}-opd")
    page.get_by_role("link", name="Seluruh pegawai OPD ini, berperingkat").click()
    expect(page.locator("[data-figure=progress]").first).to_have_text(progress)
    page.go_back()

    # OPD -> unit -> person: the person's TPP equals their statement's
    page.locator("tr[data-unit] a").first.click()
    expect(page.locator("nav.crumbs")).to_contain_text(opd_name)
    _fits_width(page, width)
    shot(page, f"{label}-unit")
    person = page.locator("a[data-employee]").first
    tpp = page.locator("[data-figure=tpp]").first.inner_text()
    href = person.get_attribute("href")
    person.click()
    expect(page).to_have_url(demo_city.url(href))
    expect(page.locator("[data-figure=tpp]")).to_have_text(tpp)


def test_sekda_walks_the_city_screen_on_a_phone(demo_city, phone, shot):
    _walk(demo_city, phone, shot, 360, "phone")


def test_sekda_walks_the_city_screen_on_a_desktop(demo_city, desktop, shot):
    _walk(demo_city, desktop, shot, 1366, "desktop")
