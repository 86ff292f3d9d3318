"""The onboarding demo seed is idempotent."""

from billing.models import Plan
from onboarding.demo import seed_city
from onboarding.models import CityApplication, TrainingSession
from tests.conftest import in_city


def test_seed_twice_changes_nothing(db, jambi):
    with in_city(jambi):
        seed_city(jambi, [])
        seed_city(jambi, [])
    assert TrainingSession.objects.filter(city=jambi).count() == 1
    assert CityApplication.objects.filter(slug="bontang", status="pending").count() == 1
    assert Plan.objects.filter(code="standar").count() == 1
