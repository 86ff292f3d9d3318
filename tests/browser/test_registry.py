"""The registry's main journey: a city admin imports ASN, an imported ASN activates."""

import pytest

from core.accounts.roles import Role
from core.actors import Actor
from tests.core.people.conftest import STAF1, base_rows, csv_bytes

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Kinerja-Baru-2026!"


def test_admin_imports_then_asn_activates_and_signs_in(page, browser_city, _chromium, screenshot):
    admin = browser_city.make_user(Role.CITY_ADMIN, "admin.bkpsdm", "Admin BKPSDM")
    browser_city.login(page, admin)

    page.goto(browser_city.url("/people/import/"))
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "asn.csv",
                "mimeType": "text/csv",
                "buffer": csv_bytes(base_rows(), delimiter=";", bom=True),
            }
        ],
    )
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/people/import/*/")
    assert page.locator("[data-testid=created]").inner_text() == "4"
    assert page.locator("[data-testid=errors]").count() == 0
    screenshot("preview")
    page.click("form[action$='/confirm/'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=created]").inner_text() == "4"
    assert "Impor tersimpan" in page.locator("h1").inner_text()

    from core.accounts.models import User
    from core.accounts.services import issue_activation_codes

    with browser_city.committed():
        user = User.objects.get(username=STAF1)
        assert not user.is_active
        code = issue_activation_codes([user], actor=Actor.system("tests"))[user.pk]

    asn_page = _chromium.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID"
    ).new_page()
    asn_page.goto(browser_city.url("/accounts/login/"))
    asn_page.click("a[href='/accounts/activate/']")
    asn_page.fill("#id_nip", STAF1)
    asn_page.fill("#id_code", code)
    asn_page.fill("#id_password1", NEW_PASSWORD)
    asn_page.fill("#id_password2", NEW_PASSWORD)
    asn_page.click("form.stack button[type=submit]")
    # Activation signs the person in: no second trip through the sign-in form.
    asn_page.wait_for_url(browser_city.url("/"))
    assert asn_page.locator(".msg-success").is_visible()
    asn_page.goto(browser_city.url("/accounts/me/"))
    assert "Analis Kurikulum" in asn_page.content()
    asn_page.context.close()
