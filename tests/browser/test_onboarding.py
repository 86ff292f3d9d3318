"""A city applies on the public site, an operator approves it, and the invited
administrator sets a password and signs in: the whole journey in a real browser."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from core.accounts.roles import Role
from tests.conftest import PASSWORD
from tests.tenants.cleanup import drop_city

pytestmark = pytest.mark.browser

SLUG = "uji-pendaftaran"
OPERATOR = "operator.browser"


def _cleanup() -> None:
    """Remove what the journey committed: the application, its city and the operator."""
    from django.contrib.auth import get_user_model

    from onboarding.models import CityApplication, Invitation
    from tenants.models import City

    connection.set_schema_to_public()
    city = City.objects.filter(slug=SLUG).first()
    if city is not None:
        Invitation.objects.filter(city=city).delete()
    CityApplication.objects.filter(slug=SLUG).delete()
    drop_city(SLUG)  # before the operator: the city's status history names them
    with connection.cursor() as cursor:  # plain SQL: the ORM cascade would visit city-only tables
        cursor.execute(
            f"DELETE FROM {get_user_model()._meta.db_table} WHERE username = %s", [OPERATOR]
        )


@pytest.fixture
def operator_account(live_server_port, django_db_blocker):
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        _cleanup()
        user = get_user_model().objects.create_user(
            OPERATOR, PASSWORD, full_name="Oktaviani Operator", role=Role.OPERATOR
        )
    yield user
    with django_db_blocker.unblock():
        _cleanup()


def test_apply_operator_approves_admin_sets_password_and_signs_in(
    page, operator_account, live_server_port, django_db_blocker, screenshot
):
    root = f"http://localhost:{live_server_port}"

    # 1. The city's BKPSDM applies, without an account.
    page.goto(root + "/onboarding/apply/")
    page.fill("#id_official_name", "Kota Uji Pendaftaran")
    page.fill("#id_province", "Jawa Tengah")
    page.fill("#id_slug", SLUG)
    page.fill("#id_contact_name", "Ratna Sari")
    page.fill("#id_contact_email", "ratna@uji.go.id")
    page.fill("#id_estimated_asn", "3200")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    assert "Kota Uji Pendaftaran" in page.locator("main").inner_text()

    # 2. An operator signs in on the root domain and approves it.
    operator_page = page.context.browser.new_context(
        viewport={"width": 360, "height": 740}
    ).new_page()
    operator_page.goto(root + "/accounts/login/")
    operator_page.fill("#id_username", OPERATOR)
    operator_page.fill("#id_password", PASSWORD)
    operator_page.click("form.stack button[type=submit]")
    operator_page.wait_for_url(root + "/")
    operator_page.goto(root + "/onboarding/applications/")
    operator_page.click("text=Kota Uji Pendaftaran")
    operator_page.click("form[action$='/approve/'] button")
    operator_page.wait_for_selector("#invitation-link")
    link = operator_page.locator("#invitation-link").inner_text().strip()
    assert re.fullmatch(rf"http://{SLUG}\.localhost:{live_server_port}/support/welcome/\S+/", link)
    operator_page.context.close()

    # 3. The invited administrator opens the link on the city's host, sets a password...
    page.goto(link)
    page.fill("#id_username", "ratna.sari")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("form.stack button[type=submit]")
    city_root = f"http://{SLUG}.localhost:{live_server_port}"
    page.wait_for_url(city_root + "/support/")
    assert page.locator("ul.checklist li").count() == 8
    screenshot("checklist")

    # ...and, after signing out, signs in with it through the normal login form.
    page.click("header form[action='/accounts/logout/'] button")
    page.wait_for_url(city_root + "/accounts/login/")
    page.fill("#id_username", "ratna.sari")
    page.fill("#id_password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(city_root + "/")
    assert "Kota Uji Pendaftaran" in page.locator("header .brand").inner_text()

    # The link was single-use.
    page.goto(link)
    assert page.locator("h1").inner_text() != ""
    with django_db_blocker.unblock():
        from onboarding.models import Invitation

        assert Invitation.objects.get(city__slug=SLUG).used_by_username == "ratna.sari"
