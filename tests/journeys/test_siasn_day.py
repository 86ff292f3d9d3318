"""The BKPSDM admin links the city with BKN SIASN (a local fake, never BKN), at 1366 px:
connects and tests, fetches everyone's master data and takes a difference over, queues a
closed month's results and watches them go out through injected failures and retries;
the fake ends with exactly one record per person. The reconciliation and results pages
are then read on a 360 px phone without sideways scrolling."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from core.siasn import fake as fakes
from core.siasn.client import forget_tokens

ADMIN = "198004112005012001"
SHOTS = Path("/tmp/shots-h16")  # noqa: S108 (screenshots to look at, outside the checkout)


@pytest.fixture(scope="module")
def siasn(demo_city):
    from core.siasn.demo import fake_people

    with demo_city.committed():
        server_fake = fakes.FakeSiasn(people=fake_people())
    server, thread, url = fakes.serve(server_fake)
    server_fake.url = url
    forget_tokens()
    yield server_fake
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _no_sideways_scroll(page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, (width, inner)


def test_admin_connects_reconciles_and_sends_results(demo_city, siasn, desktop, phone, shot):
    page = desktop
    page.on("dialog", lambda dialog: dialog.accept())
    demo_city.sign_in(page, ADMIN)
    page.goto(demo_city.url("/siasn/"))
    assert "Belum terhubung" in page.locator("main").inner_text()
    page.click("text=Atur koneksi")

    # Connect: addresses, the agency's key and secret, the operator account.
    fields = {
        "#id_gateway_url": siasn.url,
        "#id_api_url": siasn.url,
        "#id_sso_url": siasn.url + fakes.SSO_PATH,
        "#id_sso_client_id": fakes.SSO_CLIENT_ID,
        "#id_sso_username": fakes.SSO_USERNAME,
        "#id_consumer_key": fakes.CONSUMER_KEY,
        "#id_consumer_secret": fakes.CONSUMER_SECRET,
        "#id_sso_password": fakes.SSO_PASSWORD,
    }
    for selector, value in fields.items():
        page.fill(selector, value)
    page.fill("#id_calls_per_second", "50")
    page.click("main form.stack button[type=submit]")
    main = page.locator("main").inner_text()
    assert "Koneksi tersimpan" in main and "tersimpan (…0001)" in main
    assert fakes.CONSUMER_SECRET not in page.content() and fakes.SSO_PASSWORD not in page.content()
    assert page.input_value("#id_consumer_secret") == ""
    page.click("text=Uji koneksi >> nth=-1")
    assert "Terhubung: kedua token berhasil diperoleh." in page.locator("main").inner_text()
    _shot(page, "desktop-connection")

    # Master data: fetch everyone, watch the progress, take one difference over.
    page.goto(demo_city.url("/siasn/reconcile/"))
    page.click("text=Ambil dari SIASN")
    page.wait_for_selector("[data-testid=differences] .diff-person", timeout=30_000)
    differences = page.locator("[data-testid=differences]").inner_text()
    assert "Golongan" in differences and "Ada di sini, tidak ada di SIASN" in differences
    assert "missing_there" not in differences and "golongan" not in differences.split()
    # Nobody corrects their own record: the admin's own difference is refused in place.
    own = page.locator(".diff-person", has_text=ADMIN)
    if own.count():
        own.locator("text=Pakai data SIASN").first.click()
        assert "diri sendiri" in page.locator(".messages").inner_text()
    other = page.locator(".diff-person", has_text="Golongan").filter(has_not_text=ADMIN).first
    other.locator(".diff-item", has_text="Golongan").locator("text=Pakai data SIASN").click()
    assert "Data SIASN dipakai." in page.locator("main").inner_text()
    _shot(page, "desktop-reconcile")

    # Results: queue the closed November, send with 20 % of saves failing on BKN's side.
    siasn.failure_rate = 0.2
    page.goto(demo_city.url("/siasn/results/"))
    page.click("text=Antrekan hasil")
    assert "hasil diantrekan" in page.locator("main").inner_text()
    page.wait_for_selector("#sending", state="detached", timeout=60_000)
    shot(page, "siasn-results")
    _shot(page, "desktop-results")
    from core.siasn.models import OutboxItem

    with demo_city.committed():
        states = Counter(OutboxItem.objects.values_list("state", flat=True))
    assert set(states) <= {"sent", "stopped"} and states["sent"] > 0
    saves = siasn.count("POST", "/apisiasn/1.0/kinerjaperiodik/save")
    assert saves > states["sent"]  # some saves failed and were retried
    per_person = Counter(r["pnsDinilaiId"] for r in siasn.records.values())
    assert len(per_person) == states["sent"] and set(per_person.values()) == {1}

    # On a phone: the reconciliation and the results read without sideways scrolling.
    demo_city.sign_in(phone, ADMIN)
    pages = {
        "/siasn/reconcile/": "phone-reconcile",
        "/siasn/results/": "phone-results",
        "/siasn/connection/": "phone-connection",
        "/siasn/mapping/": "phone-mapping",
    }
    for path, name in pages.items():
        phone.goto(demo_city.url(path))
        _no_sideways_scroll(phone)
        _shot(phone, name)
