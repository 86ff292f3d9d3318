"""Objections (keberatan): filed by the ASN within the window, decided by the supervisor's
supervisor, outcome visible to the ASN."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.audit.models import AuditEvent
from core.talent import services
from core.talent.models import Objection
from tests.conftest import in_city, login
from tests.core.talent.helpers import A, M, agreed_skp


def published(world, results=M, behaviour=M):
    """Ani's annual assessment, rated by the Kabid and published."""
    agreed_skp(world, "ani")
    round_ = services.open_round(world.opd, 2026, kind="annual", actor=world.users["admin"])
    assessment = services.rate_assessment(
        round_.assessments.get(), actor=world.users["kabid"], results=results, behaviour=behaviour
    )
    services.set_org_predicate(round_, "istimewa", actor=world.users["admin"])
    services.close_round(round_, actor=world.users["admin"])
    return assessment


def test_objection_flow_end_to_end(world):
    with in_city(world.city):
        assessment = published(world)
        assert assessment.predicate == "baik"
    ani = login(world.city, world.users["ani"])
    response = ani.post(
        f"/talent/assessments/{assessment.pk}/object/",
        {"reasons": "Inovasi aplikasi antrean tidak diperhitungkan."},
    )
    assert response.status_code == 302
    with in_city(world.city):
        objection = Objection.objects.get(assessment=assessment)
        assert objection.decider == world.people["kadis"]  # the supervisor's supervisor
        assert objection.status == Objection.Status.PENDING
        assert objection.predicate_before == "baik"
    # the Kabid (the assessor) cannot decide on an objection against their own rating
    kabid = login(world.city, world.users["kabid"])
    assert (
        kabid.post(
            f"/talent/objections/{objection.pk}/",
            {"uphold": "1", "results": "diatas", "behaviour": "diatas", "note": "x"},
        ).status_code
        == 403
    )
    kadis = login(world.city, world.users["kadis"])
    assert kadis.get(f"/talent/objections/{objection.pk}/").status_code == 200
    response = kadis.post(
        f"/talent/objections/{objection.pk}/",
        {
            "uphold": "1",
            "results": "diatas",
            "behaviour": "diatas",
            "note": "Bukti inovasi diterima.",
        },
    )
    assert response.status_code == 302
    with in_city(world.city):
        objection.refresh_from_db()
        assessment.refresh_from_db()
        assert objection.status == Objection.Status.UPHELD
        assert objection.predicate_after == "sangat_baik"
        assert objection.decided_by == world.users["kadis"]
        assert assessment.predicate == "sangat_baik"
        assert str(assessment.credit_points) == "18.750"
        correction = AuditEvent.objects.get(action="talent.assessment.correct")
        assert correction.before["predicate"] == "baik"
        assert correction.after["predicate"] == "sangat_baik"
        assert correction.reason == "Bukti inovasi diterima."
        assert AuditEvent.objects.filter(action="talent.objection.decide").exists()
    page = ani.get(f"/talent/assessments/{assessment.pk}/").content.decode()
    assert 'id="objection"' in page
    assert "Bukti inovasi diterima." in page


def test_rejected_objection_keeps_the_predicate(world):
    with in_city(world.city):
        assessment = published(world)
        objection = services.file_objection(assessment, "Tidak adil", actor=world.users["ani"])
        with pytest.raises(ValidationError):
            services.decide_objection(objection, actor=world.users["kadis"], uphold=False, note=" ")
        services.decide_objection(
            objection,
            actor=world.users["kadis"],
            uphold=False,
            note="Penilaian sudah sesuai bukti.",
        )
        objection.refresh_from_db()
        assessment.refresh_from_db()
        assert objection.status == Objection.Status.REJECTED
        assert objection.predicate_after == assessment.predicate == "baik"
        with pytest.raises(ValidationError):  # decided once
            services.decide_objection(
                objection, actor=world.users["kadis"], uphold=True, note="x", results=A
            )


def test_objection_after_the_window_is_refused(world):
    with in_city(world.city):
        assessment = published(world)
        later = timezone.now() + timedelta(days=14, minutes=1)
        with (
            time_machine.travel(later, tick=False),
            pytest.raises(ValidationError, match="window closed"),
        ):
            services.file_objection(assessment, "Terlambat", actor=world.users["ani"])
        with time_machine.travel(timezone.now() + timedelta(days=13), tick=False):
            services.file_objection(assessment, "Tepat waktu", actor=world.users["ani"])
        assert Objection.objects.count() == 1


def test_objection_needs_publication_reasons_and_the_person(world):
    with in_city(world.city):
        agreed_skp(world, "ani")
        round_ = services.open_round(world.opd, 2026, kind="annual", actor=world.users["admin"])
        assessment = services.rate_assessment(
            round_.assessments.get(), actor=world.users["kabid"], results=M, behaviour=M
        )
        with pytest.raises(ValidationError, match="not been published"):
            services.file_objection(assessment, "x", actor=world.users["ani"])
        services.set_org_predicate(round_, "istimewa", actor=world.users["admin"])
        services.close_round(round_, actor=world.users["admin"])
        with pytest.raises(PermissionDenied):
            services.file_objection(assessment, "x", actor=world.users["budi"])
        with pytest.raises(ValidationError):
            services.file_objection(assessment, "   ", actor=world.users["ani"])
        services.file_objection(assessment, "Alasan", actor=world.users["ani"])
        with pytest.raises(ValidationError, match="already"):
            services.file_objection(assessment, "Lagi", actor=world.users["ani"])
        assert Objection.objects.count() == 1


def test_upheld_objection_must_change_a_rating(world):
    with in_city(world.city):
        assessment = published(world)
        objection = services.file_objection(assessment, "Alasan", actor=world.users["ani"])
        with pytest.raises(ValidationError):
            services.decide_objection(
                objection, actor=world.users["kadis"], uphold=True, note="x", results=M, behaviour=M
            )
        with pytest.raises(PermissionDenied):
            services.decide_objection(objection, actor=world.users["budi"], uphold=False, note="x")


def test_another_asn_cannot_open_the_objection(world):
    with in_city(world.city):
        assessment = published(world)
        objection = services.file_objection(assessment, "Alasan", actor=world.users["ani"])
    budi = login(world.city, world.users["budi"])
    assert budi.get(f"/talent/objections/{objection.pk}/").status_code == 404
    assert budi.get(f"/talent/assessments/{assessment.pk}/").status_code == 404
