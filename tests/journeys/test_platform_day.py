"""The platform's day at 1366x768 on the public host, in Indonesian: a visitor finds the
application form from the landing page; the operator approves it, reloads the invitation
page, finds the new city's figures in the monitoring console from its first day and
follows a checklist link; a trainer generates a pilot city, reads the login sheet (admins
need an authenticator) and sees the "Kota pelatihan" banner on the pilot's pages."""

from __future__ import annotations

import pytest
from django.db import connection

from core.accounts.roles import Role
from tests.conftest import PASSWORD
from tests.tenants.cleanup import drop_city

SLUG = "uji-hari-platform"
PILOT = "latihan-hari-platform"
OPERATOR = "operator.hari"
TRAINER = "pelatih.hari"


def _cleanup() -> None:
    from django.contrib.auth import get_user_model

    from onboarding.models import CityApplication, Invitation
    from tenants.models import City

    connection.set_schema_to_public()
    for slug in (SLUG, PILOT):
        city = City.objects.filter(slug=slug).first()
        if city is not None:
            Invitation.objects.filter(city=city).delete()
        CityApplication.objects.filter(slug=slug).delete()
        drop_city(slug)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {get_user_model()._meta.db_table} WHERE username = ANY(%s)",
            [[OPERATOR, TRAINER]],
        )


@pytest.fixture
def staff(live_server_port, django_db_blocker):
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        _cleanup()
        users = get_user_model().objects
        users.create_user(OPERATOR, PASSWORD, full_name="Oktaviani Operator", role=Role.OPERATOR)
        users.create_user(TRAINER, PASSWORD, full_name="Teguh Pelatih", role=Role.TRAINER)
    yield
    with django_db_blocker.unblock():
        _cleanup()


def _sign_in(page, root: str, username: str) -> None:
    page.goto(root + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(root + "/")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 1366


def test_landing_apply_approve_monitor_and_pilot(staff, desktop, live_server_port, shot):
    root = f"http://localhost:{live_server_port}"
    page = desktop

    # A visitor finds the application form from the landing page.
    page.goto(root + "/")
    shot(page, "landing")
    page.click("[data-testid=apply-card] a")
    page.wait_for_url(root + "/onboarding/apply/")
    page.fill("#id_official_name", "Kota Uji Hari Platform")
    page.fill("#id_province", "Jawa Tengah")
    page.fill("#id_slug", SLUG)
    page.fill("#id_contact_name", "Ratna Sari")
    page.fill("#id_contact_email", "ratna@uji.go.id")
    page.fill("#id_estimated_asn", "3200")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()

    # The operator approves; the result is a page that survives a reload.
    _sign_in(page, root, OPERATOR)
    page.goto(root + "/onboarding/applications/")
    page.click("text=Kota Uji Hari Platform")
    page.click("form[action$='/approve/'] button")
    page.wait_for_url(f"{root}/onboarding/cities/{SLUG}/invitation/letter/")
    link = page.locator("#invitation-link").inner_text().strip()
    page.reload()
    assert page.locator("#invitation-link").inner_text().strip() == link
    shot(page, "invitation-letter")

    # The monitoring console has the new city's figures already, and fits the screen.
    page.goto(root + "/onboarding/monitor/")
    row = page.locator(f"tr[data-city='{SLUG}']")
    cells = row.locator("td").all_inner_texts()
    assert cells[3] == "0"  # ASN measured at provisioning, not "—" until the nightly job
    assert "Diperbarui setiap jam" in page.inner_text("main")
    assert _fits(page)
    # Every column shows: the table needs no scrolling of its own at 1366 px.
    assert page.evaluate(
        "(() => { const w = document.querySelector('#cities').closest('.table-wrap');"
        " return w.scrollWidth <= w.clientWidth; })()"
    )
    shot(page, "monitor")

    # The city's checklist links to where each item is done.
    page.goto(f"{root}/onboarding/cities/{SLUG}/")
    item = page.locator("li[data-item='asn'] a")
    assert item.get_attribute("href") == (
        f"http://{SLUG}.localhost:{live_server_port}/people/import/"
    )
    assert _fits(page)
    shot(page, "city-checklist")

    # A trainer generates a pilot city; the login sheet and the banner.
    page.context.clear_cookies()
    _sign_in(page, root, TRAINER)
    page.goto(root + "/onboarding/pilots/")
    page.fill("#id_slug", PILOT)
    page.fill("#id_population", "100")
    page.fill("#id_history_days", "0")
    # Generating a pilot takes seconds on a busy machine: wait for the page it leads to.
    with page.expect_navigation(url=f"{root}/onboarding/pilots/{PILOT}/logins/", timeout=180_000):
        page.click("form.stack button.btn-primary", no_wait_after=True)
    note = page.locator("[data-testid=authenticator-note]").inner_text()
    assert "aplikasi autentikator" in note
    assert "city_admin" not in page.inner_text("main")
    shot(page, "pilot-logins")
    pilot_root = f"http://{PILOT}.localhost:{live_server_port}"
    page.goto(pilot_root + "/accounts/login/")
    banner = page.locator("[data-testid=pilot-banner]")
    assert banner.is_visible() and "Kota pelatihan" in banner.inner_text()
    shot(page, "pilot-banner")
