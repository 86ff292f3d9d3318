"""The talent pages through the test client: the main journeys and the refusals."""

from __future__ import annotations

from datetime import date

from core.talent import services
from core.talent.models import (
    Assessment,
    AssessmentRound,
    CalibrationMove,
    Iki,
    PotentialAssessment,
    Rhk,
    Skp,
    SkpStatus,
)
from tests.conftest import in_city, login
from tests.core.talent.conftest import YEAR
from tests.core.talent.helpers import A, M, agreed_skp, staff_round


def test_asn_plans_an_skp_and_the_supervisor_agrees(world):
    ani = login(world.city, world.users["ani"])
    assert ani.post("/talent/skp/new/", {"year": YEAR}).status_code == 302
    with in_city(world.city):
        skp = Skp.objects.get(employee=world.people["ani"])
    assert (
        ani.post(f"/talent/skp/{skp.pk}/rhk/", {"text": "Laporan analisis kebijakan"}).status_code
        == 302
    )
    with in_city(world.city):
        rhk = Rhk.objects.get(skp=skp)
    ani.post(
        f"/talent/skp/rhk/{rhk.pk}/iki/",
        {"name": "Laporan", "measurement": "quantity", "unit": "laporan", "target": "12"},
    )
    ani.post(f"/talent/skp/{skp.pk}/submit/")
    kabid = login(world.city, world.users["kabid"])
    listing = kabid.get("/talent/skp/").content.decode()
    assert f"/talent/skp/{skp.pk}/" in listing
    page = kabid.get(f"/talent/skp/{skp.pk}/").content.decode()
    assert "Laporan analisis kebijakan" in page
    assert kabid.post(f"/talent/skp/{skp.pk}/decide/", {"agree": "1"}).status_code == 302
    with in_city(world.city):
        skp.refresh_from_db()
        assert skp.status == SkpStatus.IN_FORCE
        assert Iki.objects.filter(rhk=rhk).count() == 1
    # another ASN neither sees nor decides it
    budi = login(world.city, world.users["budi"])
    assert budi.get(f"/talent/skp/{skp.pk}/").status_code == 404
    assert budi.post(f"/talent/skp/{skp.pk}/decide/", {"agree": "1"}).status_code == 404


def test_asn_cannot_add_to_someone_elses_skp(world):
    with in_city(world.city):
        skp = services.create_skp(world.people["ani"], YEAR, actor=world.users["ani"])
    budi = login(world.city, world.users["budi"])
    assert budi.post(f"/talent/skp/{skp.pk}/rhk/", {"text": "X"}).status_code == 404
    kadis = login(
        world.city, world.users["kadis"]
    )  # sees it (indirect report) but is not the owner
    assert kadis.post(f"/talent/skp/{skp.pk}/rhk/", {"text": "X"}).status_code == 403
    with in_city(world.city):
        assert not Rhk.objects.exists()


def test_close_refused_on_the_page_lists_the_violations(world):
    with in_city(world.city):
        round_, _ = staff_round(world, [(A, A)] * 8 + [(M, M)] * 2)
    admin = login(world.city, world.users["admin"])
    admin.post(f"/talent/rounds/{round_.pk}/predicate/", {"org_predicate": "istimewa"})
    response = admin.post(f"/talent/rounds/{round_.pk}/close/", follow=True)
    page = response.content.decode()
    assert "8 dari 10 (80,00\u00a0%)" in page and "lebih 10,00 poin" in page  # Indonesian
    assert 'id="distribution"' in page and "dist-limit dist-max" in page
    with in_city(world.city):
        round_.refresh_from_db()
        assert round_.org_predicate == "istimewa"
        assert round_.status == AssessmentRound.Status.OPEN


def test_city_admin_opens_a_round_from_the_page(world):
    with in_city(world.city):
        agreed_skp(world, "ani")
    admin = login(world.city, world.users["admin"])
    response = admin.post(
        "/talent/rounds/", {"opd": world.opd.pk, "year": YEAR, "kind": "annual", "period_no": 0}
    )
    assert response.status_code == 302
    with in_city(world.city):
        round_ = AssessmentRound.objects.get()
        assert round_.assessments.count() == 1
    assert admin.get("/talent/rounds/").status_code == 200
    assert admin.get(f"/talent/rounds/{round_.pk}/").status_code == 200


def test_asn_cannot_open_or_see_rounds(world):
    ani = login(world.city, world.users["ani"])
    assert ani.get("/talent/rounds/").status_code == 403
    assert (
        ani.post(
            "/talent/rounds/", {"opd": world.opd.pk, "year": YEAR, "kind": "annual"}
        ).status_code
        == 403
    )
    with in_city(world.city):
        assert not AssessmentRound.objects.exists()
    inspector = login(world.city, world.users["inspector"])
    assert inspector.get("/talent/rounds/").status_code == 200
    assert (
        inspector.post(
            "/talent/rounds/", {"opd": world.opd.pk, "year": YEAR, "kind": "annual"}
        ).status_code
        == 403
    )


def test_rating_change_without_justification_is_refused_on_the_page(world):
    with in_city(world.city):
        agreed_skp(world, "ani")
        from tests.core.talent.helpers import monthly_result

        monthly_result(world.people["ani"], 1, "90", "sesuai")
        round_ = services.open_round(world.opd, YEAR, kind="annual", actor=world.users["admin"])
        assessment = round_.assessments.get()
    kabid = login(world.city, world.users["kabid"])
    assert kabid.get(f"/talent/assessments/{assessment.pk}/").status_code == 200
    kabid.post(
        f"/talent/assessments/{assessment.pk}/rate/", {"results": "diatas", "behaviour": "sesuai"}
    )
    with in_city(world.city):
        assert Assessment.objects.get(pk=assessment.pk).predicate == ""
    kabid.post(
        f"/talent/assessments/{assessment.pk}/rate/",
        {"results": "diatas", "behaviour": "sesuai", "results_justification": "Inovasi"},
    )
    with in_city(world.city):
        assert Assessment.objects.get(pk=assessment.pk).predicate == "baik"
    ani = login(world.city, world.users["ani"])
    assert (
        ani.post(
            f"/talent/assessments/{assessment.pk}/rate/",
            {"results": "diatas", "behaviour": "diatas"},
        ).status_code
        == 403
    )


def test_potential_is_recorded_by_nip_and_only_by_the_city_admin(world):
    admin = login(world.city, world.users["admin"])
    data = {
        "nip": world.people["ani"].nip,
        "source": "assessment_centre",
        "score": "88",
        "assessed_on": "2026-03-01",
    }
    assert admin.post("/talent/potential/", data).status_code == 302
    assert admin.post("/talent/potential/", {**data, "nip": "000"}).status_code == 302
    with in_city(world.city):
        assert list(PotentialAssessment.objects.values_list("level", flat=True)) == ["tinggi"]
    assert login(world.city, world.users["ani"]).get("/talent/potential/").status_code == 403


def test_calibration_page_refuses_a_move_without_reason(world):
    from tests.core.talent.test_talent import placed

    with in_city(world.city):
        placements = placed(world)
    admin = login(world.city, world.users["admin"])
    admin.post(
        "/talent/calibration/",
        {"year": YEAR, "name": "Kalibrasi", "held_on": "2026-12-20", "committee": "Sekda"},
    )
    with in_city(world.city):
        from core.talent.models import CalibrationSession

        session = CalibrationSession.objects.get()
    budi = placements[world.people["budi"].pk]
    page = admin.post(
        f"/talent/calibration/{session.pk}/",
        {"placement": budi.pk, "to_box": 8, "reason": ""},
        follow=True,
    )
    assert page.status_code == 200
    with in_city(world.city):
        assert not CalibrationMove.objects.exists()
    admin.post(
        f"/talent/calibration/{session.pk}/",
        {"placement": budi.pk, "to_box": 8, "reason": "Kinerja proyek"},
    )
    with in_city(world.city):
        assert CalibrationMove.objects.get().to_box == 8
    assert (
        login(world.city, world.users["inspector"])
        .get(f"/talent/calibration/{session.pk}/")
        .status_code
        == 403
    )


def test_history_and_succession_pages(world):
    from tests.core.talent.test_talent import placed

    with in_city(world.city):
        placed(world)
    ani = login(world.city, world.users["ani"])
    page = ani.get("/talent/history/").content.decode()
    assert str(YEAR) in page and "18,750" in page  # Indonesian decimal comma
    admin = login(world.city, world.users["admin"])
    assert admin.get("/talent/succession/").status_code == 200
    response = admin.post(
        f"/talent/succession/{world.kabid_position.pk}/",
        {"candidates": f"{world.people['ani'].nip};ready_now;Siap", "note": ""},
    )
    assert response.status_code == 302
    assert "Ani" in admin.get(f"/talent/succession/{world.kabid_position.pk}/").content.decode()
    assert ani.get("/talent/succession/").status_code == 403


def test_home_lists_what_the_role_may_use(world):
    ani = login(world.city, world.users["ani"]).get("/talent/").content.decode()
    admin = login(world.city, world.users["admin"]).get("/talent/").content.decode()
    assert "/talent/grid/" not in ani and "/talent/grid/" in admin
    assert "/talent/calibration/" in admin
    assert date(YEAR, 1, 1).year == YEAR
