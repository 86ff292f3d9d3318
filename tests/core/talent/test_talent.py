"""Potential, the 9-box placement, calibration, pools, succession and who sees which box."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.accounts.roles import Role
from core.audit.models import AuditEvent
from core.talent import services
from core.talent.models import CalibrationMove, SuccessionCandidate, TalentPlacement
from core.talent.policy import talent_policy
from tests.conftest import PASSWORD, client_for, in_city, login
from tests.core.talent.conftest import YEAR
from tests.core.talent.helpers import A, M, agreed_skp


def placed(world):
    """Ani (Sangat Baik, potential 90) in box 9 and Budi (Baik, potential 75) in box 5."""
    for key in ("ani", "budi"):
        agreed_skp(world, key)
    round_ = services.open_round(world.opd, YEAR, kind="annual", actor=world.users["admin"])
    for key, rating in (("ani", (A, A)), ("budi", (M, M))):
        services.rate_assessment(
            round_.assessments.get(employee=world.people[key]),
            actor=world.users["kabid"],
            results=rating[0],
            behaviour=rating[1],
        )
    services.set_org_predicate(round_, "istimewa", actor=world.users["admin"])
    services.close_round(round_, actor=world.users["admin"])
    for key, score in (("ani", "90"), ("budi", "75")):
        services.record_potential(
            world.people[key],
            source="assessment_centre",
            score=Decimal(score),
            assessed_on=date(YEAR, 3, 1),
            actor=world.users["admin"],
        )
    result = services.place_talent(YEAR, actor=world.users["admin"])
    assert result == {"placed": 2, "updated": 0, "without_potential": 0}
    return {p.employee_id: p for p in TalentPlacement.objects.filter(year=YEAR)}


def test_city_configuration_feeds_the_talent_policy(world):
    with in_city(world.city):
        policy = talent_policy(YEAR)
        # Model Surabaya v1: potential rendah 0-70, menengah 70-85, tinggi 85-100; 14 days
        assert (policy.potential_ranges.medium_from, policy.potential_ranges.high_from) == (
            Decimal("70.0"),
            Decimal("85.0"),
        )
        assert policy.objection_window_days == 14
        assert policy.periodicity == "monthly"
        assert policy.distribution_rules["istimewa"][0].value == 70


@pytest.mark.parametrize(
    ("score", "level"),
    [("69.99", "rendah"), ("70", "menengah"), ("84.99", "menengah"), ("85", "tinggi")],
)
def test_potential_level_follows_city_ranges(world, score, level):
    with in_city(world.city):
        item = services.record_potential(
            world.people["ani"],
            source="psychological_test",
            score=Decimal(score),
            assessed_on=date(YEAR, 2, 1),
            actor=world.users["admin"],
        )
        assert item.level == level


@pytest.mark.parametrize(
    ("_case", "fields"),
    [
        ("_score_over_100", {"score": Decimal("100.01")}),
        ("_unknown_source", {"source": "horoscope"}),
        ("_future", {"assessed_on": date(2999, 1, 1)}),
    ],
)
def test_bad_potential_is_refused(world, _case, fields):
    data = {"source": "track_record", "score": Decimal(80), "assessed_on": date(YEAR, 1, 5)}
    data.update(fields)
    with in_city(world.city):
        with pytest.raises(ValidationError):
            services.record_potential(world.people["ani"], actor=world.users["admin"], **data)
        assert not world.people["ani"].potential_assessments.exists()


def test_potential_score_is_the_mean_of_each_sources_latest(world):
    with in_city(world.city):
        for source, score, day in (
            ("assessment_centre", "60", 1),
            ("assessment_centre", "90", 2),
            ("track_record", "80", 3),
        ):
            services.record_potential(
                world.people["ani"],
                source=source,
                score=Decimal(score),
                assessed_on=date(YEAR, 1, day),
                actor=world.users["admin"],
            )
        from core.talent.services.talent import potential_scores

        assert potential_scores([world.people["ani"].pk], date(YEAR, 12, 31)) == {
            world.people["ani"].pk: Decimal("85.00")
        }


def test_placement_from_annual_predicate_and_potential(world):
    with in_city(world.city):
        placements = placed(world)
        ani, budi = placements[world.people["ani"].pk], placements[world.people["budi"].pk]
        assert (ani.performance, ani.potential, ani.box) == ("diatas", "tinggi", 9)
        assert (budi.performance, budi.potential, budi.box) == ("sesuai", "menengah", 5)
        assert ani.opd == world.opd and ani.position_type == "FUNGSIONAL"
        assert AuditEvent.objects.filter(action="talent.place").exists()


def test_calibration_without_a_reason_is_refused(world):
    with in_city(world.city):
        placements = placed(world)
        budi = placements[world.people["budi"].pk]
        session = services.open_calibration(
            year=YEAR,
            name="Kalibrasi 2026",
            held_on=date(YEAR, 12, 20),
            committee="Sekda; Kepala BKPSDM; Inspektur",
            actor=world.users["admin"],
        )
        for reason in ("", "   "):
            with pytest.raises(ValidationError, match="reason"):
                services.move_placement(
                    session, budi, to_box=8, reason=reason, actor=world.users["admin"]
                )
        budi.refresh_from_db()
        assert budi.box == 5
        assert not CalibrationMove.objects.exists()
        assert not AuditEvent.objects.filter(action="talent.calibration.move").exists()


def test_calibration_moves_with_a_reason_and_survives_recompute(world):
    with in_city(world.city):
        placements = placed(world)
        budi = placements[world.people["budi"].pk]
        session = services.open_calibration(
            year=YEAR,
            name="Kalibrasi",
            held_on=date(YEAR, 12, 20),
            committee="Sekda",
            actor=world.users["admin"],
        )
        move = services.move_placement(
            session,
            budi,
            to_box=8,
            reason="Memimpin proyek digitalisasi",
            actor=world.users["admin"],
        )
        assert (move.from_box, move.to_box) == (5, 8)
        budi.refresh_from_db()
        assert (budi.box, budi.computed_box) == (8, 5)
        event = AuditEvent.objects.get(action="talent.calibration.move")
        assert event.before == {"box": 5} and event.reason == "Memimpin proyek digitalisasi"
        services.place_talent(YEAR, actor=world.users["admin"])
        budi.refresh_from_db()
        assert budi.box == 8  # the committee's decision stands
        with pytest.raises(ValidationError):
            services.move_placement(session, budi, to_box=8, reason="x", actor=world.users["admin"])
        services.close_calibration(session, actor=world.users["admin"])
        with pytest.raises(ValidationError, match="closed"):
            services.move_placement(session, budi, to_box=9, reason="x", actor=world.users["admin"])


def test_succession_plan_for_key_positions_from_the_pool(world):
    with in_city(world.city):
        placed(world)
        # Budi (box 5) is outside the succession group
        with pytest.raises(ValidationError, match="boxes 7-9"):
            services.save_succession_plan(
                world.kabid_position,
                [(world.people["ani"], "ready_now", ""), (world.people["budi"], "ready_now", "")],
                actor=world.users["admin"],
            )
        with pytest.raises(ValidationError):  # functional positions have no succession plan
            services.save_succession_plan(
                world.staff_positions[0],
                [(world.people["ani"], "ready_now", "")],
                actor=world.users["admin"],
            )
        plan = services.save_succession_plan(
            world.kabid_position,
            [(world.people["ani"], "ready_1_2_years", "Perlu diklat PKA")],
            actor=world.users["admin"],
            note="Kabid pensiun 2027",
        )
        [candidate] = SuccessionCandidate.objects.filter(plan=plan)
        assert (candidate.employee, candidate.rank, candidate.readiness) == (
            world.people["ani"],
            1,
            "ready_1_2_years",
        )


# ---------------------------------------------------------------- who sees which box
def test_asn_sees_only_their_own_box(world):
    with in_city(world.city):
        placements = placed(world)
        budi_placement = placements[world.people["budi"].pk]
    ani = login(world.city, world.users["ani"])
    home = ani.get("/talent/").content.decode()
    assert 'id="my-box"' in home and "9" in home
    assert ani.get("/talent/grid/").status_code == 403
    assert ani.get(f"/talent/history/{world.people['budi'].pk}/").status_code == 404
    api = login(world.city, world.users["ani"])
    rows = api.get("/api/v1/talent/placements/").json()["results"]
    assert [row["employee"] for row in rows] == [world.people["ani"].pk]
    assert api.get(f"/api/v1/talent/placements/{budi_placement.pk}/").status_code == 404
    assert api.get(f"/api/v1/talent/history/{world.people['budi'].pk}/").status_code == 404


def test_a_supervisor_still_sees_only_their_own_box(world):
    with in_city(world.city):
        placed(world)
    kabid = login(world.city, world.users["kabid"])
    assert kabid.get("/talent/grid/").status_code == 403
    api = login(world.city, world.users["kabid"])
    assert api.get("/api/v1/talent/placements/").json()["results"] == []


def test_inspector_sees_all_boxes_and_drills_down(world):
    with in_city(world.city):
        placed(world)
    inspector = login(world.city, world.users["inspector"])
    page = inspector.get(f"/talent/grid/?year={YEAR}").content.decode()
    assert 'id="box-9"' in page and 'id="box-5"' in page
    drill = inspector.get(
        f"/talent/grid/box/9/?year={YEAR}&opd={world.opd.pk}", HTTP_HX_REQUEST="true"
    )
    assert drill.status_code == 200
    assert "Ani" in drill.content.decode() and "Budi" not in drill.content.decode()
    assert "<html" not in drill.content.decode()  # a fragment for htmx
    assert inspector.get(f"/talent/history/{world.people['budi'].pk}/").status_code == 200
    api = login(world.city, world.users["inspector"])
    assert api.get("/api/v1/talent/placements/").json()["count"] == 2
    grid = api.get(f"/api/v1/talent/placements/grid/?year={YEAR}").json()["rows"]
    assert [[c["count"] for c in row] for row in grid] == [[0, 0, 1], [0, 1, 0], [0, 0, 0]]
    # the inspector reads but does not calibrate
    assert api.post("/api/v1/talent/calibration-sessions/", {}).status_code == 403


def test_a_jambi_user_cannot_see_surabaya_boxes(world, jambi, make_user):
    with in_city(world.city):
        placed(world)
    outsider = make_user(jambi, Role.INSPECTOR, "inspektur-jambi")
    refused = client_for(world.city).post(
        "/accounts/login/", {"username": outsider.username, "password": PASSWORD}
    )
    assert refused.status_code == 200  # no such account in Surabaya
    api = login(jambi, outsider)
    assert api.get("/api/v1/talent/placements/").json()["count"] == 0


def test_pools_group_the_succession_group_by_position_level(world):
    with in_city(world.city):
        placed(world)
    admin = login(world.city, world.users["admin"])
    pools = admin.get(f"/api/v1/talent/placements/pools/?year={YEAR}").json()
    assert list(pools) == ["FUNGSIONAL"]
    assert [p["employee"] for p in pools["FUNGSIONAL"]] == [world.people["ani"].pk]
    assert pools["FUNGSIONAL"][0]["position_type_label"] == "Fungsional"
    page = login(world.city, world.users["admin"]).get(f"/talent/pools/?year={YEAR}")
    body = page.content.decode()
    assert "Ani" in body
    assert "<h2>Fungsional <span" in body and "FUNGSIONAL" not in body  # the label, not the code


def test_upheld_objection_moves_the_box(world):
    with in_city(world.city):
        placements = placed(world)
        budi = placements[world.people["budi"].pk]
        assert budi.box == 5
        from core.talent.models import Assessment

        assessment = Assessment.objects.get(employee=world.people["budi"])
        objection = services.file_objection(assessment, "Inovasi", actor=world.users["budi"])
        services.decide_objection(
            objection,
            actor=world.users["kadis"],
            uphold=True,
            note="Diterima",
            results=A,
            behaviour=A,
        )
        budi.refresh_from_db()
        assert (budi.annual_predicate, budi.performance, budi.box) == ("sangat_baik", "diatas", 7)


def _place_staff(world, n):
    from tests.core.talent.helpers import staff_round

    round_, assessments = staff_round(world, [(M, M)] * n)
    services.set_org_predicate(round_, "istimewa", actor=world.users["admin"])
    services.close_round(round_, actor=world.users["admin"])
    for assessment in assessments:
        services.record_potential(
            assessment.employee,
            source="track_record",
            score=Decimal(90),
            assessed_on=date(YEAR, 2, 1),
            actor=world.users["admin"],
        )
    services.place_talent(YEAR, actor=world.users["admin"])


# Grid page, drill-down fragment, API list: the same with 2 or 7 people placed.
GRID_QUERIES = [11, 5, 5]


@pytest.mark.parametrize("people", [2, 7])
def test_grid_and_drill_down_queries_do_not_grow_with_people(world, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with in_city(world.city):
        _place_staff(world, people)
    inspector = login(world.city, world.users["inspector"])
    counts = []
    for url in (
        f"/talent/grid/?year={YEAR}",
        f"/talent/grid/box/8/?year={YEAR}",
        f"/api/v1/talent/placements/?year={YEAR}",
    ):
        with CaptureQueriesContext(connection) as queries:
            assert inspector.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == GRID_QUERIES, counts
