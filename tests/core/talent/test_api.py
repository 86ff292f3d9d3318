"""The talent API: the same services and access rules as the pages, JSON errors."""

from __future__ import annotations

import json

from core.talent.models import AssessmentRound, CalibrationMove, Skp, SkpStatus
from tests.conftest import in_city, login
from tests.core.talent.conftest import YEAR
from tests.core.talent.helpers import A, M, staff_round


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_skp_workflow_over_the_api(world):
    ani = login(world.city, world.users["ani"])
    created = post(ani, "/api/v1/talent/skps/", {"year": YEAR})
    assert created.status_code == 201, created.content
    skp_id = created.json()["id"]
    assert created.json()["supervisor"] == world.people["kabid"].pk
    rhk = post(ani, f"/api/v1/talent/skps/{skp_id}/rhks/", {"text": "Kajian kebijakan"})
    assert rhk.status_code == 201
    iki = post(
        ani,
        "/api/v1/talent/indicators/",
        {
            "rhk": rhk.json()["id"],
            "name": "Kajian",
            "measurement": "quality",
            "unit": "%",
            "target": "90",
        },
    )
    assert iki.status_code == 201
    assert (
        post(
            ani,
            f"/api/v1/talent/skps/{skp_id}/expectations/",
            {"value": "kolaboratif", "expectation": "Aktif di tim lintas bidang"},
        ).status_code
        == 200
    )
    assert post(ani, f"/api/v1/talent/skps/{skp_id}/submit/").status_code == 200
    again = post(ani, f"/api/v1/talent/skps/{skp_id}/submit/")
    assert again.status_code == 400 and again.json()["message"]
    assert post(ani, f"/api/v1/talent/skps/{skp_id}/decide/", {"agree": True}).status_code == 403
    kabid = login(world.city, world.users["kabid"])
    decided = post(kabid, f"/api/v1/talent/skps/{skp_id}/decide/", {"agree": True})
    assert decided.status_code == 200
    assert decided.json()["status"] == SkpStatus.IN_FORCE
    assert decided.json()["approvals"][0]["decided_by"] == world.users["kabid"].username
    realised = post(
        ani, f"/api/v1/talent/indicators/{iki.json()['id']}/realisation/", {"realised": "95"}
    )
    assert realised.status_code == 200 and realised.json()["realised"] == "95.00"
    budi = login(world.city, world.users["budi"])
    assert budi.get(f"/api/v1/talent/skps/{skp_id}/").status_code == 404
    assert budi.get("/api/v1/talent/skps/").json()["count"] == 0


def test_bad_input_writes_nothing(world):
    ani = login(world.city, world.users["ani"])
    assert post(ani, "/api/v1/talent/skps/", {"year": "soon"}).status_code == 400
    with in_city(world.city):
        assert not Skp.objects.exists()


def test_close_refusal_lists_violations(world):
    with in_city(world.city):
        round_, assessments = staff_round(world, [(A, A)] * 8 + [(M, M)] * 2)
    admin = login(world.city, world.users["admin"])
    assert (
        post(
            admin,
            f"/api/v1/talent/rounds/{round_.pk}/org-predicate/",
            {"org_predicate": "istimewa"},
        ).status_code
        == 200
    )
    refused = post(admin, f"/api/v1/talent/rounds/{round_.pk}/close/")
    assert refused.status_code == 400
    [violation] = refused.json()["errors"]["violations"]
    # Indonesian numbers and predicate labels, never "80.00%" or "sangat_baik".
    assert "80,00\u00a0%" in violation and "10,00" in violation, violation
    assert violation.startswith("Sangat Baik paling banyak 70\u00a0%"), violation
    chart = admin.get(f"/api/v1/talent/rounds/{round_.pk}/distribution/").json()
    assert chart["total"] == 10
    assert chart["bars"][0]["count"] == 8 and chart["bars"][0]["limit_pct"] == 70.0
    with in_city(world.city):
        assert AssessmentRound.objects.get(pk=round_.pk).status == "open"
    kabid = login(world.city, world.users["kabid"])
    assert post(kabid, f"/api/v1/talent/rounds/{round_.pk}/close/").status_code == 404
    rated = post(
        kabid,
        f"/api/v1/talent/assessments/{assessments[0].pk}/rate/",
        {
            "results": "sesuai",
            "behaviour": "sesuai",
            "results_justification": "Koreksi",
            "behaviour_justification": "Koreksi",
        },
    )
    assert rated.status_code == 200 and rated.json()["predicate"] == "baik"
    closed = post(admin, f"/api/v1/talent/rounds/{round_.pk}/close/")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_calibration_move_without_reason_is_a_400(world):
    from tests.core.talent.test_talent import placed

    with in_city(world.city):
        placements = placed(world)
    admin = login(world.city, world.users["admin"])
    session = post(
        admin,
        "/api/v1/talent/calibration-sessions/",
        {
            "year": YEAR,
            "name": "Kalibrasi",
            "held_on": "2026-12-20",
            "committee": "Sekda; Kepala BKPSDM",
        },
    )
    assert session.status_code == 201
    budi = placements[world.people["budi"].pk]
    url = f"/api/v1/talent/calibration-sessions/{session.json()['id']}/moves/"
    refused = post(admin, url, {"placement": budi.pk, "to_box": 8})
    assert refused.status_code == 400
    with in_city(world.city):
        assert not CalibrationMove.objects.exists()
    moved = post(admin, url, {"placement": budi.pk, "to_box": 8, "reason": "Proyek strategis"})
    assert moved.status_code == 201 and moved.json()["from_box"] == 5
    history = admin.get(f"/api/v1/talent/history/{world.people['budi'].pk}/").json()
    assert history[0]["box"] == 8 and history[0]["calibrated"] is True


def test_objection_and_decision_over_the_api(world):
    from tests.core.talent.test_objection import published

    with in_city(world.city):
        assessment = published(world)
    ani = login(world.city, world.users["ani"])
    filed = post(
        ani,
        f"/api/v1/talent/assessments/{assessment.pk}/objection/",
        {"reasons": "Beban kerja tambahan tidak dihitung"},
    )
    assert filed.status_code == 201
    kadis = login(world.city, world.users["kadis"])
    decided = post(
        kadis,
        f"/api/v1/talent/objections/{filed.json()['id']}/decide/",
        {"uphold": True, "note": "Diterima", "results": "diatas"},
    )
    assert decided.status_code == 200
    assert decided.json()["predicate_after"] == "baik"  # di atas x sesuai
    mine = ani.get("/api/v1/talent/objections/").json()["results"]
    assert mine[0]["status"] == "upheld" and mine[0]["decision_note"] == "Diterima"
