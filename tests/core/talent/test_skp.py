"""SKP planning: cascading RHK, IKI, expectations, agreement, mid-year position change."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.audit.models import AuditEvent
from core.people.models import Assignment
from core.talent import services
from core.talent.models import Skp, SkpApproval, SkpStatus
from core.talent.rules import months_in_force
from tests.conftest import in_city
from tests.core.talent.conftest import YEAR
from tests.core.talent.helpers import agreed_skp


def test_skp_takes_position_and_supervisor_from_the_registry(world):
    with in_city(world.city):
        skp = services.create_skp(world.people["ani"], YEAR, actor=world.users["ani"])
        assert skp.position == world.staff_positions[0]
        assert skp.supervisor == world.people["kabid"]
        assert skp.status == SkpStatus.DRAFT
        assert AuditEvent.objects.filter(action="talent.skp.create", object_id=str(skp.pk)).exists()


def test_second_skp_for_the_same_part_of_the_year_is_refused(world):
    with in_city(world.city):
        services.create_skp(world.people["ani"], YEAR, actor=world.users["ani"])
        with pytest.raises(ValidationError):
            services.create_skp(world.people["ani"], YEAR, actor=world.users["ani"])
        assert Skp.objects.filter(employee=world.people["ani"]).count() == 1


def test_cascading_agreement_workflow(world):
    with in_city(world.city):
        _kabid_skp, kabid_rhk = agreed_skp(world, "kabid")
        ani = world.users["ani"]
        skp = services.create_skp(world.people["ani"], YEAR, actor=ani)
        rhk = services.add_rhk(skp, "Laporan analisis", actor=ani)
        services.add_indicator(
            rhk,
            actor=ani,
            name="Laporan",
            measurement="quantity",
            unit="laporan",
            target=Decimal(12),
        )
        # the supervisor has results: every RHK must cascade from one of them
        with pytest.raises(ValidationError, match="cascading"):
            services.submit_skp(skp, actor=ani)
        rhk.parent = kabid_rhk
        rhk.save(update_fields=["parent"])
        services.set_expectation(
            skp, "akuntabel", "Laporan tepat waktu", actor=world.users["kabid"]
        )
        services.submit_skp(skp, actor=ani)
        with pytest.raises(ValidationError):
            services.submit_skp(skp, actor=ani)  # duplicate submit
        skp = services.decide_skp(skp, actor=world.users["kabid"], agree=True)
        assert skp.status == SkpStatus.IN_FORCE
        approval = SkpApproval.objects.get(skp=skp)
        assert approval.decided_by == world.users["kabid"]
        assert approval.decision == "agreed"
        assert skp.agreed_at == approval.decided_at
        assert rhk.parent.skp.employee == world.people["kabid"]


def test_rhk_cannot_hang_from_someone_elses_result(world):
    with in_city(world.city):
        _skp, budi_rhk = agreed_skp(world, "budi")
        skp = services.create_skp(world.people["ani"], YEAR, actor=world.users["ani"])
        with pytest.raises(ValidationError):
            services.add_rhk(skp, "X", actor=world.users["ani"], parent=budi_rhk)
        assert not skp.rhks.exists()


def test_only_the_supervisor_agrees(world):
    with in_city(world.city):
        ani = world.users["ani"]
        skp = services.create_skp(world.people["ani"], YEAR, actor=ani)
        rhk = services.add_rhk(skp, "Hasil", actor=ani)
        services.add_indicator(
            rhk, actor=ani, name="n", measurement="time", unit="hari", target=Decimal(5)
        )
        services.submit_skp(skp, actor=ani)
        for intruder in ("ani", "budi", "kadis"):
            with pytest.raises(PermissionDenied):
                services.decide_skp(skp, actor=world.users[intruder], agree=True)
        skp.refresh_from_db()
        assert skp.status == SkpStatus.SUBMITTED
        assert not SkpApproval.objects.exists()


def test_returning_needs_a_note_and_goes_back_to_draft(world):
    with in_city(world.city):
        ani = world.users["ani"]
        skp = services.create_skp(world.people["ani"], YEAR, actor=ani)
        rhk = services.add_rhk(skp, "Hasil", actor=ani)
        services.add_indicator(
            rhk, actor=ani, name="n", measurement="cost", unit="Rp", target=Decimal(1000)
        )
        assert rhk.indicators.get().lower_is_better is True
        services.submit_skp(skp, actor=ani)
        with pytest.raises(ValidationError):
            services.decide_skp(skp, actor=world.users["kabid"], agree=False, note=" ")
        skp = services.decide_skp(skp, actor=world.users["kabid"], agree=False, note="Perjelas")
        assert skp.status == SkpStatus.DRAFT
        assert skp.agreed_at is None


def test_submit_needs_results_with_indicators(world):
    with in_city(world.city):
        ani = world.users["ani"]
        skp = services.create_skp(world.people["ani"], YEAR, actor=ani)
        with pytest.raises(ValidationError):
            services.submit_skp(skp, actor=ani)
        services.add_rhk(skp, "Tanpa indikator", actor=ani)
        with pytest.raises(ValidationError):
            services.submit_skp(skp, actor=ani)
        assert Skp.objects.get(pk=skp.pk).status == SkpStatus.DRAFT


def test_agreed_skp_is_frozen_but_takes_realisation(world):
    with in_city(world.city):
        skp, rhk = agreed_skp(world, "ani")
        with pytest.raises(ValidationError):
            services.add_rhk(skp, "Tambahan", actor=world.users["ani"])
        iki = rhk.indicators.get()
        services.record_realisation(iki, Decimal(10), actor=world.users["ani"])
        iki.refresh_from_db()
        assert iki.realised == Decimal(10)
        with pytest.raises(ValidationError):
            services.record_realisation(iki, Decimal(-1), actor=world.users["ani"])


def test_unknown_core_value_is_refused(world):
    with in_city(world.city):
        skp = services.create_skp(world.people["ani"], YEAR, actor=world.users["ani"])
        with pytest.raises(ValidationError):
            services.set_expectation(skp, "jujur", "x", actor=world.users["kabid"])


def test_mid_year_position_change_closes_one_skp_and_starts_another(world):
    with in_city(world.city):
        first, _rhk = agreed_skp(world, "ani")
        new_position = world.new_staff_position("Analis Senior", coefficient="25.00")
        Assignment.objects.filter(employee=world.people["ani"]).update(ends_on=date(YEAR, 7, 14))
        Assignment.objects.create(
            employee=world.people["ani"], position=new_position, starts_on=date(YEAR, 7, 15)
        )
        second = services.change_skp_position(
            world.people["ani"], date(YEAR, 7, 15), actor=world.users["admin"], reason="Mutasi"
        )
        first.refresh_from_db()
        assert first.status == SkpStatus.CLOSED
        assert first.ends_on == date(YEAR, 7, 14)
        assert second.position == new_position
        assert second.status == SkpStatus.DRAFT
        assert second.starts_on == date(YEAR, 7, 15)
        assert months_in_force(YEAR, first.starts_on, first.ends_on) == [1, 2, 3, 4, 5, 6]
        assert months_in_force(YEAR, second.starts_on, second.ends_on) == [7, 8, 9, 10, 11, 12]
        assert AuditEvent.objects.filter(
            action="talent.skp.close", object_id=str(first.pk)
        ).exists()


def test_position_change_without_a_new_position_is_refused(world):
    with in_city(world.city):
        first, _rhk = agreed_skp(world, "ani")
        with pytest.raises(ValidationError):
            services.change_skp_position(
                world.people["ani"], date(YEAR, 7, 1), actor=world.users["admin"]
            )
        first.refresh_from_db()
        assert first.status == SkpStatus.IN_FORCE


def test_top_official_without_supervisor_is_agreed_on_the_mayors_behalf(world):
    with in_city(world.city):
        kadis = world.users["kadis"]
        skp = services.create_skp(world.people["kadis"], YEAR, actor=kadis)
        assert skp.supervisor is None
        rhk = services.add_rhk(skp, "Mutu layanan dinas", actor=kadis)
        services.add_indicator(
            rhk,
            actor=kadis,
            name="Indeks kepuasan",
            measurement="quality",
            unit="indeks",
            target=Decimal(85),
        )
        services.submit_skp(skp, actor=kadis)
        with pytest.raises(PermissionDenied):
            services.decide_skp(skp, actor=world.users["ani"], agree=True)
        with pytest.raises(PermissionDenied):  # the inspectorate reads, it does not agree
            services.decide_skp(skp, actor=world.users["inspector"], agree=True)
        skp = services.decide_skp(skp, actor=world.users["admin"], agree=True)
        assert skp.status == SkpStatus.IN_FORCE
        assert skp.agreed_by == world.users["admin"]
