"""The main journey of the page shell, in a real browser on a phone-sized screen."""

import pytest

from core.accounts.roles import Role
from tests.conftest import PASSWORD
from tests.tenants.cleanup import drop_city

pytestmark = pytest.mark.browser

NIP = "198609262015051001"


def test_city_user_signs_in_switches_language_and_signs_out(page, browser_city):
    user = browser_city.make_user(Role.ASN, NIP, "Budi Santoso")

    page.goto(browser_city.url("/"))
    page.wait_for_url(browser_city.url("/accounts/login/?next=/"))
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").inner_text() == f"Masuk ke {browser_city.city.name}"

    browser_city.login(page, user)
    assert browser_city.city.name in page.locator("header .brand").inner_text()
    assert "Budi" in page.locator("h1").inner_text()

    page.click("form.lang-switch button[value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Sign out").is_visible()

    page.click("form.lang-switch button[value=id]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("button", name="Keluar").is_visible()

    page.click("header form[action='/accounts/logout/'] button")
    page.wait_for_url(browser_city.url("/accounts/login/"))
    page.goto(browser_city.url("/"))
    page.wait_for_url(browser_city.url("/accounts/login/?next=/"))


def test_wrong_password_is_refused_with_a_message(page, browser_city):
    user = browser_city.make_user(Role.ASN, "199001012019031002", "Siti Aminah")

    page.goto(browser_city.url("/accounts/login/"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", "not-the-password")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    assert page.url == browser_city.url("/accounts/login/")
    assert page.locator("[role=alert]").is_visible()


def fits_the_screen(page) -> bool:
    """No sideways scrolling on a 360 px phone."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_shell_fits_a_360px_phone(page, browser_city, screenshot):
    admin = browser_city.make_user(Role.CITY_ADMIN, "admin-uji", "Ani Rahmawati Admin")

    page.goto(browser_city.url("/accounts/login/"))
    screenshot("login")
    assert fits_the_screen(page)

    browser_city.login(page, admin)
    screenshot("home")
    assert fits_the_screen(page)
    assert page.locator("nav.mainnav a").count() >= 1


CONSOLE_SLUG = "uji-konsol"
CONSOLE_OPERATOR = "operator.konsol"


def _remove_console_journey() -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    drop_city(CONSOLE_SLUG)  # first: its status history names the operator
    with connection.cursor() as cursor:
        table = get_user_model()._meta.db_table
        cursor.execute(f"DELETE FROM {table} WHERE username = %s", [CONSOLE_OPERATOR])


@pytest.fixture
def console_operator(live_server_port, django_db_blocker):
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        _remove_console_journey()
        user = get_user_model().objects.create_user(
            CONSOLE_OPERATOR, PASSWORD, full_name="Oktaviani Operator", role=Role.OPERATOR
        )
    yield user
    with django_db_blocker.unblock():
        _remove_console_journey()


def test_operator_provisions_a_city_and_it_answers_on_its_own_address(
    page, console_operator, live_server_port
):
    root = f"http://localhost:{live_server_port}"
    page.goto(root + "/accounts/login/")
    assert page.locator("h1").inner_text() == "Masuk untuk staf platform"
    page.fill("#id_username", CONSOLE_OPERATOR)
    page.fill("#id_password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()

    page.goto(root + "/console/")
    page.fill("#id_slug", CONSOLE_SLUG)
    page.fill("#id_name", "Kota Konsol")
    page.fill("#id_province", "Jambi")
    page.click("section.narrow button[type=submit]")
    page.wait_for_url(root + f"/console/cities/{CONSOLE_SLUG}/")
    assert page.locator("h1").inner_text() == "Kota Konsol"
    assert fits_the_screen(page)

    page.click(f"a[href^='//{CONSOLE_SLUG}.localhost']")
    page.wait_for_url(f"http://{CONSOLE_SLUG}.localhost:{live_server_port}/**")
    assert page.locator("h1").inner_text() == "Masuk ke Kota Konsol"
