"""Browser tests: fixtures come from the tests.browser_support plugin."""

import pytest


@pytest.fixture(autouse=True)
def _django_db_marker() -> None:
    """Overrides pytest-django's: browser tests run on committed data, outside a transaction."""
