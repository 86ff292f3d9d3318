"""The talent demo seeds through the services, after the people demo, and is idempotent."""

from __future__ import annotations

from core.audit.models import AuditEvent
from core.talent.models import (
    AssessmentRound,
    CalibrationMove,
    Skp,
    SkpStatus,
    SuccessionCandidate,
    TalentPlacement,
)
from tests.conftest import in_city


def test_demo_seeds_a_calibrated_nine_box_once(surabaya):
    from core.people.demo import seed_city as seed_people
    from core.talent.demo import seed_city as seed_talent

    with in_city(surabaya):
        seed_people(surabaya, [])
        seed_talent(surabaya, [])
        skps = Skp.objects.count()
        assert skps > 10
        assert not Skp.objects.exclude(status=SkpStatus.IN_FORCE).exists()
        assert not AssessmentRound.objects.exclude(status="closed").exists()
        placements = TalentPlacement.objects.count()
        assert placements == skps
        assert CalibrationMove.objects.count() == 1
        assert SuccessionCandidate.objects.exists()
        events = AuditEvent.objects.count()
        seed_talent(surabaya, [])
        assert (Skp.objects.count(), TalentPlacement.objects.count()) == (skps, placements)
        assert AuditEvent.objects.count() == events
