"""The demo city answers every role's start page (the journeys build on this)."""

ADMIN = "198004112005012001"
CLERK = "199005202015031003"


def test_clerk_and_admin_reach_their_start_page(demo_city, phone, desktop, shot):
    demo_city.sign_in(phone, CLERK)
    assert phone.locator("body").inner_text().strip()
    shot(phone, "clerk-home")
    demo_city.sign_in(desktop, ADMIN)
    assert desktop.url == demo_city.url("/")
