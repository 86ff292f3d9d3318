"""Tests here call services directly and read their messages in English (the msgids);
pages and API answers still follow the request's language (Indonesian by default)."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_service_messages():
    with translation.override("en"):
        yield
