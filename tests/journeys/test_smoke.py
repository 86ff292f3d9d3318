"""The demo city answers every role's start page (the journeys build on this)."""

from tests.journeys.test_crawl import BAR_JS

ADMIN = "198004112005012001"
CLERK = "199005202015031003"


def test_clerk_and_admin_reach_their_start_page(demo_city, phone, desktop, shot):
    demo_city.sign_in(phone, CLERK)
    assert phone.locator("body").inner_text().strip()
    shot(phone, "clerk-home")
    # Large text (a phone's accessibility setting): the bottom bar's labels wrap to more
    # lines and the bar grows; it must still leave the end of a long page readable.
    phone.goto(demo_city.url("/work/"))
    phone.evaluate("document.documentElement.style.fontSize = '200%'")
    assert phone.evaluate("document.documentElement.scrollHeight") > 3 * 740
    assert phone.locator("nav.mainnav").bounding_box()["height"] > 64
    assert phone.evaluate(BAR_JS) is None
    phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    shot(phone, "clerk-large-text-end-of-page")
    demo_city.sign_in(desktop, ADMIN)
    assert desktop.url == demo_city.url("/")
