"""The city's threshold above which a correction needs a second approver (issue 20 §1)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.configuration import policy as policy_module
from core.configuration import services
from core.configuration.policy import policy_for
from core.performance.policy import current_policy
from tests.conftest import in_city


@pytest.fixture
def october_closed(monkeypatch):
    monkeypatch.setattr(policy_module, "last_closed_month", lambda: (2026, 10))


def test_default_is_250000_rupiah_and_the_city_changes_it(jambi, jambi_admin, october_closed):
    with in_city(jambi):
        assert policy_for(2026, 11).correction_approval_rupiah == 250_000
        services.update_policy({"correction_approval_rupiah": 100_000}, actor=jambi_admin)
        assert policy_for(2026, 11).correction_approval_rupiah == 100_000
        assert current_policy(2026, 11).correction_approval_rupiah == 100_000


@pytest.mark.parametrize("value", [-1, 2_000_000_000])
def test_out_of_range_threshold_is_refused(jambi, jambi_admin, october_closed, value):
    with in_city(jambi):
        with pytest.raises(ValidationError):
            services.update_policy({"correction_approval_rupiah": value}, actor=jambi_admin)
        assert policy_for(2026, 11).correction_approval_rupiah == 250_000
