"""The city admin's main journey in a real browser: change a weight, see it take effect
from the first open month; then open the template comparison screen."""

import pytest

from core.accounts.roles import Role

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def adopted_city(browser_city):
    from catalog.adoption import ensure_adopted

    with browser_city.blocker.unblock():
        ensure_adopted(browser_city.city)
    return browser_city


def test_city_admin_changes_a_weight_and_reviews_the_comparison(page, adopted_city, screenshot):
    admin = adopted_city.make_user(Role.CITY_ADMIN, "bkpsdm.uji", "Bunga Admin")
    adopted_city.login(page, admin)

    page.goto(adopted_city.url("/configuration/policy/"))
    page.fill("#id_workload_weight", "40")
    page.fill("#id_iki_weight", "70")
    page.click("#policy-form button[type=submit]")
    page.wait_for_load_state()
    assert (
        "100" in page.locator("#policy-form .errorlist, #policy-form .nonfield").first.inner_text()
    )

    page.fill("#id_iki_weight", "60")
    page.fill("#id_note", "IKI lebih berbobot")
    page.click("#policy-form button[type=submit]")
    page.wait_for_url(adopted_city.url("/configuration/policy/"))
    assert page.locator(".msg-success").is_visible()
    assert page.input_value("#id_workload_weight") == "40"
    with adopted_city.committed():
        from core.configuration.services import current_policy_version

        assert current_policy_version().data["result_weights"] == {"workload": 40, "iki": 60}

    page.goto(adopted_city.url("/configuration/upgrade/"))
    summary = page.locator("#upgrade-summary")
    assert summary.is_visible()
    assert page.locator("tr[data-kind=local_changed]").count() == 1
    screenshot("upgrade")
