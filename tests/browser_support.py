"""Real-browser tests (tests/browser, tests/journeys): a live server thread on the test
database, driven by Chromium. A pytest plugin (listed in tests/conftest.py), so both
directories share one server and one Chromium; each directory's conftest.py keeps its
tests out of pytest-django's transaction (`_django_db_marker`).

How to write one (see test_login.py):

    pytestmark = pytest.mark.browser

    def test_something(page, browser_city):
        user = browser_city.make_user(Role.ASN, "198609262015051001", "Budi Santoso")
        browser_city.login(page, user)
        page.goto(browser_city.url("/work/"))

- `live_server_port`: one threaded WSGI server (the project's handler with the test
  settings) for the whole session, on 127.0.0.1 and a free port.
- `browser_city`: a city provisioned for the test module (slug "uji-<module>"), reached at
  http://uji-<module>.localhost:<port>/ (Chromium resolves *.localhost to loopback).
  The server thread has its own database connection, so everything it must see is
  COMMITTED: create data through `browser_city.make_user(...)` or inside
  `browser_city.committed()`, never through the `db` fixture. The city and its schema are
  dropped when the module ends; the surabaya/jambi fixtures are untouched.
- `page`: a fresh Playwright page (own cookies) in headless /usr/bin/chromium with a
  360x740 viewport, a cheap phone. The whole directory is skipped when chromium is missing.
"""

from __future__ import annotations

import os
import re
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connections

from tests.conftest import PASSWORD
from tests.tenants.cleanup import committed_city

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 360, "height": 740}
TESTS_DIR = Path(__file__).resolve().parent
BROWSER_DIRS = (TESTS_DIR / "browser", TESTS_DIR / "journeys")


def pytest_collection_modifyitems(config, items):
    """Mark every test in BROWSER_DIRS `browser`; skip them all when there is no Chromium.

    The `django_db` mark only tells pytest-django to create the test database when
    nothing but browser tests is selected; `_django_db_marker` below keeps it from
    wrapping the test in a transaction the server thread could not see into.
    """
    missing = not CHROMIUM.exists()
    if missing and os.environ.get("REQUIRE_BROWSER"):
        raise pytest.UsageError(f"REQUIRE_BROWSER is set (CI) but {CHROMIUM} is not installed")
    for item in items:
        if not any(d in Path(str(item.path)).resolve().parents for d in BROWSER_DIRS):
            continue
        item.add_marker(pytest.mark.browser)
        item.add_marker(pytest.mark.django_db)
        if missing:
            item.add_marker(
                pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt install chromium)")
            )


# ---------------------------------------------------------------- the live server
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server_port(django_db_setup, django_db_blocker) -> Iterator[int]:
    """Serve the project on 127.0.0.1:<port> from a thread, against the test database."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args) -> None:
            pass

    port = _free_port()
    server = ThreadedWSGIServer(("127.0.0.1", port), QuietHandler, allow_reuse_address=False)
    server.set_app(StaticFilesHandler(WSGIHandler()))
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield port
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ---------------------------------------------------------------- committed city data
def _slug_for(module_name: str) -> str:
    name = module_name.rsplit(".", 1)[-1].removeprefix("test_")
    slug = "uji-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:40].rstrip("-")


@dataclass
class BrowserCity:
    """A committed city for one browser test module, and helpers to fill and visit it."""

    city: object
    port: int
    blocker: object

    @property
    def base_url(self) -> str:
        return f"http://{self.city.slug}.localhost:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    @contextmanager
    def committed(self) -> Iterator[None]:
        """Run ORM code in this city's schema; what it writes is committed at once."""
        from django_tenants.utils import tenant_context

        with self.blocker.unblock(), tenant_context(self.city):
            yield

    def make_user(self, role, username: str, full_name: str = "", **fields):
        from django.contrib.auth import get_user_model

        with self.committed():
            user, _ = get_user_model().objects.update_or_create(
                username=username,
                defaults={"full_name": full_name or username, "role": role, **fields},
            )
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            return user

    def login(self, page, user, password: str = PASSWORD) -> None:
        """Sign `user` (a user or a user name) in through the real login form and wait
        for the start page."""
        page.goto(self.url("/accounts/login/"))
        page.fill("#id_username", getattr(user, "username", user))
        page.fill("#id_password", password)
        page.click("form.stack button[type=submit]")
        page.wait_for_url(self.url("/"))


def city_for_module(module_name: str) -> tuple[str, str]:
    """The slug and name of a module's own committed city ("uji-<module>")."""
    slug = _slug_for(module_name)
    return slug, "Kota Uji " + slug.removeprefix("uji-").replace("-", " ").title()


@pytest.fixture(scope="module")
def browser_city(request, live_server_port, django_db_blocker) -> Iterator[BrowserCity]:
    slug, name = city_for_module(request.module.__name__)
    with committed_city(django_db_blocker, slug, name, province="Uji") as city:
        yield BrowserCity(city=city, port=live_server_port, blocker=django_db_blocker)


# ---------------------------------------------------------------- Playwright
@pytest.fixture(scope="session")
def _chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread; Django would then refuse
    # ORM calls from the test as "async unsafe" although they run synchronously.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield browser
    finally:
        # While Playwright runs, this thread has an event loop, and Django keeps a
        # separate set of connections for it (asgiref's Local); close them here, while
        # they are reachable, or they stay checked out of the pool and the test database
        # cannot be dropped ("being accessed by other users").
        connections.close_all()
        browser.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(_chromium, live_server_port, django_db_blocker) -> Iterator[object]:
    """A fresh page (own cookies, Indonesian locale) on a 360x740 phone screen."""
    context = _chromium.new_context(viewport=VIEWPORT, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    with django_db_blocker.unblock():  # the server thread queries while the test runs
        try:
            yield page
        finally:
            context.close()


@pytest.fixture
def screenshot(page, request) -> Callable[[str], Path]:
    """`screenshot("home")` saves var/screenshots/<test>-home.png and returns its path."""
    folder = TESTS_DIR.parent / "var" / "screenshots"

    def _take(label: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{request.node.name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _take
