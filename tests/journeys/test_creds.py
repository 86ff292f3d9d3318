"""Credentials in the browser: the person's apps and devices on "Akun saya", and htmx
working under the Content-Security-Policy with nothing refused."""

from __future__ import annotations

import requests

from core.demo import DEMO_PASSWORD

ADMIN = "198004112005012001"
CLERK = "199005202015031003"
DEVICE = "Samsung Galaxy A14 · Aplikasi Sinergi Android 2.3.1 (build 20261201-rc3)"


def _token(demo_city, username: str, device: str) -> requests.Response:
    return requests.post(
        f"http://127.0.0.1:{demo_city.port}/api/v1/auth/token/",
        json={"nip": username, "password": DEMO_PASSWORD, "device": device},
        headers={"Host": f"{demo_city.city.slug}.localhost"},
        timeout=60,
    )


def _me(demo_city, key: str) -> int:
    return requests.get(
        f"http://127.0.0.1:{demo_city.port}/api/v1/me/",
        headers={"Host": f"{demo_city.city.slug}.localhost", "Authorization": f"Token {key}"},
        timeout=60,
    ).status_code


def _csp_watch(page) -> list[str]:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return refused


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_clerk_signs_out_a_lost_phone_from_akun_saya(demo_city, phone, shot):
    key = _token(demo_city, CLERK, DEVICE).json()["token"]
    assert _me(demo_city, key) == 200
    refused = _csp_watch(phone)
    demo_city.sign_in(phone, CLERK)
    phone.goto(demo_city.url("/accounts/me/"))
    devices = phone.locator("#devices")
    assert "Aplikasi dan perangkat" in devices.inner_text()
    assert DEVICE in devices.inner_text()
    assert "Terakhir dipakai" in devices.inner_text()
    assert _fits(phone)
    devices.scroll_into_view_if_needed()
    shot(phone, "akun-saya-devices")
    devices.get_by_role("button", name="Keluarkan perangkat ini").click()
    phone.wait_for_url(demo_city.url("/accounts/me/"))
    assert "Perangkat itu sudah dikeluarkan" in phone.locator("body").inner_text()
    assert "Belum ada aplikasi yang masuk" in phone.locator("#devices").inner_text()
    shot(phone, "akun-saya-signed-out")
    assert _me(demo_city, key) == 401
    assert refused == []


def test_wrong_password_refusal_and_lock_are_sentences(demo_city, phone, shot):
    phone.goto(demo_city.url("/accounts/login/"))
    for _ in range(5):
        phone.fill("#id_username", "199207082018012004")
        phone.fill("#id_password", "salah-sandi")
        phone.click("form.stack button[type=submit]")
    text = phone.locator("body").inner_text()
    assert "Terlalu banyak percobaan gagal" in text
    assert _fits(phone)
    shot(phone, "login-locked")


def test_htmx_search_works_under_the_csp(demo_city, desktop, shot):
    refused = _csp_watch(desktop)
    demo_city.sign_in(desktop, ADMIN)
    desktop.goto(demo_city.url("/configuration/activities/"))
    assert desktop.evaluate("typeof window.htmx") == "object"
    rows = desktop.locator("#activity-rows tr")
    before = rows.count()
    with desktop.expect_response(lambda r: "/configuration/activities/?" in r.url):
        desktop.fill("input[name=q]", "rapat")
    desktop.wait_for_timeout(300)
    after = rows.count()
    assert 0 < after < before
    assert desktop.evaluate("document.querySelector('style:not([nonce])') === null")
    shot(desktop, "htmx-search-under-csp")
    desktop.goto(demo_city.url("/"))
    desktop.goto(demo_city.url("/api/docs/"))
    desktop.wait_for_selector(".swagger-ui .info", timeout=15_000)
    assert refused == [], refused
