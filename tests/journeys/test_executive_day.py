"""The city secretary's (Sekda) morning on the city screen, on a phone and on a desktop:
alerts seeded by the demo fire with someone to call, the walk city -> OPD -> unit ->
person keeps the month and its figures agree with the OPD page and the personal
statement, the weekly pack downloads as a PDF, and a refresh with nothing new is a 304."""

from __future__ import annotations

from playwright.sync_api import expect

SEKDA = "197203151998031003"


def _fits(page, width: int) -> None:
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
    _fits(page, width)
    shot(page, f"{label}-city")

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
    _fits(page, width)
    shot(page, f"{label}-opd")
    page.get_by_role("link", name="Seluruh pegawai OPD ini, berperingkat").click()
    expect(page.locator("[data-figure=progress]").first).to_have_text(progress)
    page.go_back()

    # OPD -> unit -> person: the person's TPP equals their statement's
    page.locator("tr[data-unit] a").first.click()
    expect(page.locator("nav.crumbs")).to_contain_text(opd_name)
    _fits(page, width)
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
