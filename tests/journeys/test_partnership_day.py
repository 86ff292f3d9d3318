"""A partnership's first month, in Indonesian: the mentor city's BKPSDM administrator
(1366x768) proposes the partnership and names a mentor; the adopter's administrator
accepts it on a phone; the mentor (360x740) opens the adopter's adoption panel (aggregates
only, no NIP, nothing cut), records a visit with two action items for the adopter's
administrator, who sees both and closes one; the monthly report renders; the operator
finds the pair on the APEKSI overview."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.db import connection

from core.accounts.roles import Role
from tests.browser_support import BrowserCity
from tests.conftest import PASSWORD
from tests.tenants.cleanup import drop_city

MENTOR_SLUG = "uji-kota-pendamping"
ADOPTER_ADMIN = "198004112005012001"  # the demo city's administrator
OPERATOR = "operator.kemitraan"
NIP = re.compile(r"\b\d{18}\b")


def _no_overflow(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def _delete_operator() -> None:
    """Plain SQL: the ORM's cascade would look for city-schema tables in public."""
    from django.contrib.auth import get_user_model

    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {get_user_model()._meta.db_table} WHERE username = %s", [OPERATOR]
        )


@pytest.fixture(scope="module")
def mentor_city(demo_city, live_server_port, django_db_blocker) -> Iterator[BrowserCity]:
    from django.contrib.auth import get_user_model

    from tenants.services import Actor, provision_city

    with django_db_blocker.unblock():
        drop_city(MENTOR_SLUG)
        city = provision_city(
            MENTOR_SLUG, name="Kota Pendamping", province="Uji", actor=Actor(label="tests")
        ).city
        _delete_operator()
        get_user_model().objects.create_user(
            OPERATOR, PASSWORD, full_name="Oktaviani Operator", role=Role.OPERATOR
        )
        connection.set_schema_to_public()
    mentor = BrowserCity(city=city, port=live_server_port, blocker=django_db_blocker)
    mentor.make_user(Role.CITY_ADMIN, "admin.pendamping", "Sri Admin Pendamping")
    mentor.make_user(Role.ASN, "mentor.pendamping", "Fajar Mentor", is_active=True)
    try:
        yield mentor
    finally:
        with django_db_blocker.unblock():
            connection.set_schema_to_public()
            drop_city(MENTOR_SLUG)
            _delete_operator()


def test_partnership_first_month(mentor_city, demo_city, desktop, phone, shot, django_db_blocker):
    from django.contrib.auth import get_user_model

    from onboarding.services.metrics import refresh_city_metrics
    from partnerships.services.adoption import refresh_adoption_snapshots

    adopter = demo_city.city
    with demo_city.committed():
        admin_name = get_user_model().objects.get(username=ADOPTER_ADMIN).full_name
    # 1. The mentor city's administrator proposes, at 1366 px, and names a mentor.
    mentor_city.login(desktop, "admin.pendamping")
    desktop.goto(mentor_city.url("/partnerships/"))
    desktop.click("#propose summary")
    desktop.select_option("#id_city_b", label=adopter.name)
    desktop.fill("#id_agreement_number", "800/1234/436.7.2/2026")
    desktop.fill("#id_agreement_date", "2026-01-23")
    desktop.fill("#id_starts_on", "2026-01-23")
    desktop.click("#propose button[type=submit]")
    desktop.wait_for_selector("text=Menunggu persetujuan administrator kota mitra.")
    assert desktop.locator("text=Buka panel adopsi").count() == 0  # not before acceptance
    desktop.click("#people summary")
    desktop.fill("#id_username", "mentor.pendamping")
    desktop.check("#id_mentor")
    desktop.click("#people details button[type=submit]")
    desktop.wait_for_selector("#people >> text=Fajar Mentor")
    _no_overflow(desktop)
    shot(desktop, "mentor-admin-1366")
    detail = desktop.url.split("#")[0].split(":" + str(mentor_city.port))[1]

    # 2. The adopter's administrator accepts, on a phone.
    demo_city.sign_in(phone, ADOPTER_ADMIN)
    phone.goto(demo_city.url(detail))
    phone.click("text=Setujui kemitraan ini")
    phone.wait_for_selector("text=Kemitraan disetujui dan kini berjalan.")
    with django_db_blocker.unblock():
        refresh_city_metrics(cities=[adopter])
        refresh_adoption_snapshots(cities=[adopter])
        connection.set_schema_to_public()

    # 3. The mentor, on a phone, opens the adopter's adoption panel: aggregates only.
    mentor_page = phone.context.browser.new_page(
        viewport={"width": 360, "height": 740}, locale="id-ID"
    )
    mentor_city.login(mentor_page, "mentor.pendamping")
    mentor_page.goto(mentor_city.url("/partnerships/"))
    mentor_page.click(f"text=Panel adopsi {adopter.name}")
    mentor_page.wait_for_selector("#checklist")
    body = mentor_page.inner_text("main")
    assert "Daftar periksa kesiapan operasional" in body and "Akun teraktivasi" in body
    assert not NIP.search(mentor_page.content())
    _no_overflow(mentor_page)
    shot(mentor_page, "mentor-adoption-360")

    # 4. ... records a visit with two action items for the adopter's administrator.
    mentor_page.click("text=Kembali ke kemitraan")
    mentor_page.click("#record-meeting summary")
    mentor_page.select_option("#id_kind", "visit")
    mentor_page.fill("#id_place", "BKPSDM kota mitra")
    mentor_page.fill("#id_minutes", "Pendampingan impor data dan aktivasi akun.")
    for i, title in enumerate(("Aktifkan akun Dinas Kesehatan", "Tetapkan atasan yang kosong")):
        mentor_page.fill(f"#id_action-{i}-title", title)
        mentor_page.select_option(f"#id_action-{i}-member", label=f"{admin_name} ({adopter.name})")
        mentor_page.fill(f"#id_action-{i}-due_on", "2027-01-15")
    mentor_page.click("#record-meeting button[type=submit]")
    mentor_page.wait_for_selector("text=Pertemuan dicatat.")
    assert mentor_page.locator("#actions li").count() == 2
    _no_overflow(mentor_page)
    shot(mentor_page, "mentor-visit-360")

    # 5. The adopter's administrator sees both on their list and closes one.
    phone.goto(demo_city.url("/partnerships/"))
    assert phone.locator("#my-actions li").count() == 2
    phone.locator("#my-actions li").first.locator("button").click()
    phone.wait_for_selector("text=Tindak lanjut ditutup.")
    assert phone.locator("#my-actions li").count() == 1
    _no_overflow(phone)
    shot(phone, "adopter-actions-360")

    # 6. The monthly report renders for the mentor.
    mentor_page.goto(mentor_city.url(detail))
    mentor_page.click("#reports a >> nth=0")
    mentor_page.click("text=Susun laporan")
    mentor_page.wait_for_selector("text=Tindak lanjut terbuka")
    assert "Tetapkan atasan yang kosong" in mentor_page.inner_text("main")
    _no_overflow(mentor_page)
    shot(mentor_page, "report-360")
    mentor_page.close()

    # 7. The operator finds the pair on the APEKSI overview.
    root = f"http://localhost:{mentor_city.port}"
    desktop.goto(root + "/accounts/login/")
    desktop.fill("#id_username", OPERATOR)
    desktop.fill("#id_password", PASSWORD)
    desktop.click("form.stack button[type=submit]")
    desktop.wait_for_load_state()
    desktop.goto(root + "/partnerships/")
    assert "Kota Pendamping" in desktop.inner_text("#overview")
    assert adopter.name in desktop.inner_text("#overview")
