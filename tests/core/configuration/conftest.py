"""The configuration tests share the catalogue tests' personas and template fixtures."""

from tests.catalog.conftest import (  # noqa: F401 - fixtures are found by name
    _english_messages,
    jambi_admin,
    jambi_asn,
    jambi_inspector,
    surabaya_admin,
    surabaya_v1,
    v1_copy,
)
