"""Assessment rounds: proposals, the supervisor's rating, credit points, closing against
the distribution curve."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

import core.performance.rules as performance_rules
import core.talent.services.assessment as assessment_services
from core.audit.models import AuditEvent
from core.people.models import Assignment
from core.talent import services
from core.talent.models import Assessment, AssessmentKind, AssessmentRound
from core.talent.rules import Level
from tests.conftest import in_city
from tests.core.talent.conftest import YEAR
from tests.core.talent.helpers import A, B, M, agreed_skp, monthly_result, staff_round


def test_rating_uses_the_one_predicate_matrix():
    assert assessment_services.predicate is performance_rules.predicate


def test_round_proposes_from_monthly_results_and_indicator_realisation(world):
    with in_city(world.city):
        _skp, rhk = agreed_skp(world, "ani", target="10")
        services.record_realisation(rhk.indicators.get(), Decimal(12), actor=world.users["ani"])
        for month, score in ((1, "100"), (2, "110"), (3, "120")):
            monthly_result(world.people["ani"], month, score, "diatas")
        round_ = services.open_round(
            world.opd, YEAR, kind=AssessmentKind.ANNUAL, actor=world.users["admin"]
        )
        assessment = round_.assessments.get(employee=world.people["ani"])
        # monthly mean 110, IKI 120%: 50/50 -> 115 -> above
        assert assessment.proposed_score == Decimal("115.00")
        assert assessment.proposed_results == Level.ABOVE
        assert assessment.proposed_behaviour == Level.ABOVE
        assert assessment.assessor == world.people["kabid"]
        assert assessment.months == 12
        assert AuditEvent.objects.filter(action="talent.round.open").exists()


def test_quarterly_round_reads_only_its_months(world, monkeypatch):
    from core.talent.policy import TalentPolicy, talent_policy

    with in_city(world.city):
        base = talent_policy(YEAR)
        quarterly = TalentPolicy(**{**base.__dict__, "periodicity": "quarterly"})
        monkeypatch.setattr(assessment_services, "talent_policy", lambda *a, **k: quarterly)
        agreed_skp(world, "ani")
        monthly_result(world.people["ani"], 1, "60", "sesuai")
        monthly_result(world.people["ani"], 4, "120", "sesuai")
        round_ = services.open_round(
            world.opd, YEAR, kind=AssessmentKind.PERIODIC, period_no=2, actor=world.users["admin"]
        )
        assert (round_.first_month, round_.last_month) == (4, 6)
        assessment = round_.assessments.get(employee=world.people["ani"])
        assert assessment.months == 3
        assert assessment.proposed_score == Decimal("120.00")
        with pytest.raises(ValidationError):
            services.open_round(
                world.opd,
                YEAR,
                kind=AssessmentKind.PERIODIC,
                period_no=5,
                actor=world.users["admin"],
            )


def test_open_round_is_idempotent_and_adds_newly_agreed_people(world):
    with in_city(world.city):
        agreed_skp(world, "ani")
        round_ = services.open_round(world.opd, YEAR, kind="annual", actor=world.users["admin"])
        assert round_.assessments.count() == 1
        agreed_skp(world, "budi")
        again = services.open_round(world.opd, YEAR, kind="annual", actor=world.users["admin"])
        assert again.pk == round_.pk
        assert again.assessments.count() == 2


def test_changing_the_proposal_needs_a_justification(world):
    with in_city(world.city):
        agreed_skp(world, "ani")
        monthly_result(world.people["ani"], 1, "90", "sesuai")
        round_ = services.open_round(world.opd, YEAR, kind="annual", actor=world.users["admin"])
        assessment = round_.assessments.get()
        assert assessment.proposed_results == Level.MEETS
        with pytest.raises(ValidationError) as refused:
            services.rate_assessment(assessment, actor=world.users["kabid"], results=A, behaviour=M)
        assert "results" in refused.value.message_dict
        with pytest.raises(ValidationError) as refused:
            services.rate_assessment(assessment, actor=world.users["kabid"], results=M, behaviour=A)
        assert "behaviour" in refused.value.message_dict
        assessment.refresh_from_db()
        assert assessment.predicate == ""
        rated = services.rate_assessment(
            assessment,
            actor=world.users["kabid"],
            results=A,
            behaviour=M,
            results_justification="Inovasi layanan",
        )
        assert rated.predicate == "baik"  # di atas x sesuai
        assert rated.results_justification == "Inovasi layanan"
        event = AuditEvent.objects.get(action="talent.assessment.rate")
        assert event.before["predicate"] == "" and event.after["predicate"] == "baik"


def test_only_the_assessor_rates(world):
    with in_city(world.city):
        agreed_skp(world, "ani")
        round_ = services.open_round(world.opd, YEAR, kind="annual", actor=world.users["admin"])
        for intruder in ("ani", "kadis", "admin"):
            with pytest.raises(PermissionDenied):
                services.rate_assessment(
                    round_.assessments.get(), actor=world.users[intruder], results=M, behaviour=M
                )
        assert round_.assessments.get().predicate == ""


@pytest.mark.parametrize(
    ("_case", "results", "behaviour", "expected_predicate", "expected_points"),
    [
        ("_sangat_baik", A, A, "sangat_baik", Decimal("18.750")),
        ("_baik", M, M, "baik", Decimal("12.500")),
        ("_butuh_perbaikan", B, M, "butuh_perbaikan", Decimal("9.375")),
        ("_kurang", M, B, "kurang", Decimal("6.250")),
        ("_sangat_kurang", B, B, "sangat_kurang", Decimal("3.125")),
    ],
)
def test_annual_credit_points(
    world, _case, results, behaviour, expected_predicate, expected_points
):
    with in_city(world.city):
        agreed_skp(world, "ani")
        round_ = services.open_round(world.opd, YEAR, kind="annual", actor=world.users["admin"])
        rated = services.rate_assessment(
            round_.assessments.get(),
            actor=world.users["kabid"],
            results=results,
            behaviour=behaviour,
        )
        assert rated.predicate == expected_predicate
        assert rated.credit_points == expected_points  # coefficient 12.50


def test_mid_year_change_earns_credit_at_each_positions_coefficient(world):
    with in_city(world.city):
        agreed_skp(world, "ani")
        senior = world.new_staff_position("Analis Muda", coefficient="25.00")
        Assignment.objects.filter(employee=world.people["ani"]).update(ends_on=date(YEAR, 6, 30))
        Assignment.objects.create(
            employee=world.people["ani"], position=senior, starts_on=date(YEAR, 7, 1)
        )
        second = services.change_skp_position(
            world.people["ani"], date(YEAR, 7, 1), actor=world.users["admin"]
        )
        rhk = services.add_rhk(second, "Hasil baru", actor=world.users["ani"])
        services.add_indicator(
            rhk,
            actor=world.users["ani"],
            name="n",
            measurement="quantity",
            unit="x",
            target=Decimal(1),
        )
        services.submit_skp(second, actor=world.users["ani"])
        services.decide_skp(second, actor=world.users["kabid"], agree=True)
        round_ = services.open_round(world.opd, YEAR, kind="annual", actor=world.users["admin"])
        assessment = round_.assessments.get()
        assert assessment.months == 12
        assert assessment.position == senior
        rated = services.rate_assessment(
            assessment, actor=world.users["kabid"], results=M, behaviour=M
        )
        # Baik: 12.5 x 6/12 + 25 x 6/12
        assert rated.credit_points == Decimal("18.750")
        q1 = services.open_round(
            world.opd, YEAR, kind="periodic", period_no=1, actor=world.users["admin"]
        )
        q1_assessment = q1.assessments.get()
        assert q1_assessment.months == 1  # monthly periodicity: January only
        assert services.rate_assessment(
            q1_assessment, actor=world.users["kabid"], results=M, behaviour=M
        ).credit_points == Decimal("1.042")


def test_close_needs_org_predicate_and_everyone_rated(world):
    with in_city(world.city):
        agreed_skp(world, "ani")
        round_ = services.open_round(world.opd, YEAR, kind="annual", actor=world.users["admin"])
        with pytest.raises(ValidationError, match="organisation predicate"):
            services.close_round(round_, actor=world.users["admin"])
        services.set_org_predicate(round_, "baik", actor=world.users["admin"])
        with pytest.raises(ValidationError, match="not been rated"):
            services.close_round(round_, actor=world.users["admin"])
        round_.refresh_from_db()
        assert round_.status == AssessmentRound.Status.OPEN


def test_close_refuses_with_every_violation_and_by_how_much(world):
    with in_city(world.city):
        # 8 of 10 Sangat Baik under an "Istimewa" OPD: at most 70% allowed
        round_, _ = staff_round(world, [(A, A)] * 8 + [(M, M)] * 2)
        services.set_org_predicate(round_, "istimewa", actor=world.users["admin"])
        with pytest.raises(services.DistributionRefused) as refused:
            services.close_round(round_, actor=world.users["admin"])
        [violation] = refused.value.violations
        assert (violation.count, violation.total, violation.people) == (8, 10, 1)
        assert violation.off_by_pct == Decimal("10.00")
        [message] = refused.value.messages
        assert "8 of 10 (80.00\u00a0%)" in message and "10.00 points over" in message
        round_.refresh_from_db()
        assert round_.status == AssessmentRound.Status.OPEN
        assert not AuditEvent.objects.filter(action="talent.round.close").exists()


def test_close_at_exactly_seventy_percent_publishes(world):
    with in_city(world.city):
        round_, _ = staff_round(world, [(A, A)] * 7 + [(M, M)] * 3)
        services.set_org_predicate(round_, "istimewa", actor=world.users["admin"])
        closed = services.close_round(round_, actor=world.users["admin"])
        assert closed.status == AssessmentRound.Status.CLOSED
        assert closed.closed_by == world.users["admin"]
        assert closed.rules_snapshot["istimewa"][0]["value"] == 70
        with pytest.raises(ValidationError):
            services.close_round(closed, actor=world.users["admin"])  # second close
        with pytest.raises(ValidationError):
            services.rate_assessment(
                Assessment.objects.filter(round=closed).first(),
                actor=world.users["kabid"],
                results=B,
                behaviour=B,
            )
        with pytest.raises(ValidationError):
            services.set_org_predicate(closed, "baik", actor=world.users["admin"])


def test_baik_opd_needs_at_least_one_below(world):
    with in_city(world.city):
        round_, assessments = staff_round(world, [(M, M)] * 7 + [(A, A)] * 3)
        services.set_org_predicate(round_, "baik", actor=world.users["admin"])
        with pytest.raises(services.DistributionRefused) as refused:
            services.close_round(round_, actor=world.users["admin"])
        assert [v.rule.bound for v in refused.value.violations] == ["at_least_count"]
        services.rate_assessment(
            assessments[-1],
            actor=world.users["kabid"],
            results=B,
            behaviour=M,
            results_justification="x",
            behaviour_justification="y",
        )
        assert services.close_round(round_, actor=world.users["admin"]).status == "closed"


def test_unknown_org_predicate_is_refused(world):
    with in_city(world.city):
        agreed_skp(world, "ani")
        round_ = services.open_round(world.opd, YEAR, kind="annual", actor=world.users["admin"])
        with pytest.raises(ValidationError):
            services.set_org_predicate(round_, "hebat", actor=world.users["admin"])
