"""Journey tests: each role's real day, in Chromium, on a city seeded like the demo.

    def test_clerk_logs_work(demo_city, phone):
        demo_city.sign_in(phone, ASN_CLERK)
        phone.goto(demo_city.url("/work/"))

- `demo_city`: a city provisioned for the test module ("uji-<module>") and filled by every
  city app's demo seeder (`core.demo.city_seeders` of `catalog` and `core.*`), as `make run` fills
  Surabaya and Jambi; the demo usernames and password (`core.demo.DEMO_PASSWORD`) work
  there. Dropped when the module ends. Everything it holds is committed: change it
  through `demo_city.committed()`.
- `phone`: 360x740, locale id-ID (the `page` fixture); `desktop`: 1366x768, id-ID;
  `phone_en`: 360x740, en-US.
- `shot(page, label)`: a full-page screenshot in var/screenshots/, to look at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core.demo import DEMO_PASSWORD
from tests.browser_support import TESTS_DIR, BrowserCity, city_for_module
from tests.tenants.cleanup import committed_city

DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture(autouse=True)
def _django_db_marker() -> None:
    """Overrides pytest-django's: journeys run on committed data, outside a transaction."""


class DemoCity(BrowserCity):
    def sign_in(self, page, username: str, password: str = DEMO_PASSWORD) -> None:
        """Sign a demo account in through the real login form; wait for the start page."""
        self.login(page, username, password)


@pytest.fixture(scope="module")
def demo_city(request, live_server_port, django_db_blocker) -> Iterator[DemoCity]:
    from django_tenants.utils import tenant_context

    from core.demo import city_seeders

    slug, name = city_for_module(request.module.__name__)
    with committed_city(django_db_blocker, slug, name, province="Uji") as city:
        with django_db_blocker.unblock(), tenant_context(city):
            for seed_city in city_seeders():
                # Only the city's own data: the catalogue's (the city adopts the Surabaya
                # model) and core's; the other public apps' seeders (onboarding, billing)
                # write platform rows (an application, a plan) that would outlive the city.
                if seed_city.__module__.startswith(("core.", "catalog.")):
                    seed_city(city, [])
        yield DemoCity(city=city, port=live_server_port, blocker=django_db_blocker)


def _new_page(browser, blocker, viewport: dict, locale: str) -> Iterator[object]:
    context = browser.new_context(viewport=viewport, locale=locale)
    context.set_default_timeout(15_000)
    with blocker.unblock():
        try:
            yield context.new_page()
        finally:
            context.close()


@pytest.fixture
def phone(page) -> object:
    return page


@pytest.fixture
def desktop(_chromium, live_server_port, django_db_blocker) -> Iterator[object]:
    yield from _new_page(_chromium, django_db_blocker, DESKTOP, "id-ID")


@pytest.fixture
def phone_en(_chromium, live_server_port, django_db_blocker) -> Iterator[object]:
    yield from _new_page(_chromium, django_db_blocker, {"width": 360, "height": 740}, "en-US")


@pytest.fixture
def shot(request) -> Callable[[object, str], Path]:
    folder = TESTS_DIR.parent / "var" / "screenshots"

    def _take(page, label: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{request.node.name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _take
