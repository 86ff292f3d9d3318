"""The revenue API: the same services as the pages, JSON in and out."""

from __future__ import annotations

from tests.conftest import login
from tests.core.revenue.conftest import YEAR

JSON = "application/json"


def test_targets_realisation_close_and_correct_over_the_api(pad):
    admin = login(pad.city, pad.cityadmin)
    response = admin.put(
        f"/api/v1/revenue/targets/{YEAR}/PBB-P2/", {"apbd": "1.200.000"}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["months"] == [100_000] * 12
    listed = admin.get(f"/api/v1/revenue/targets/?year={YEAR}").json()
    assert [(t["source"], t["target"], t["phasing"]) for t in listed] == [
        ("PBB-P2", 1_200_000, "even")
    ]
    officer = login(pad.city, pad.rina)
    response = officer.put(
        f"/api/v1/revenue/realisations/{YEAR}/1/PBB-P2/", {"amount": 90_000}, content_type=JSON
    )
    assert response.status_code == 200
    assert admin.post(f"/api/v1/revenue/months/{YEAR}/1/close/").status_code == 201
    refused = officer.put(
        f"/api/v1/revenue/realisations/{YEAR}/1/PBB-P2/", {"amount": 1}, content_type=JSON
    )
    assert refused.status_code == 400
    response = admin.post(
        "/api/v1/revenue/corrections/",
        {"source": "PBB-P2", "year": YEAR, "month": 1, "amount": "95000", "reason": "Rekon"},
        content_type=JSON,
    )
    assert response.status_code == 201
    assert (response.json()["amount_before"], response.json()["amount_after"]) == (90_000, 95_000)
    rows = admin.get(f"/api/v1/revenue/realisations/?year={YEAR}&month=1").json()
    assert rows == [
        {"source": "PBB-P2", "year": YEAR, "month": 1, "amount": 95_000, "origin": "correction"}
    ]
    assert admin.get(f"/api/v1/revenue/months/?year={YEAR}").json()[0]["month"] == 1


def test_bad_target_is_a_400_and_wrong_role_a_403(pad):
    admin = login(pad.city, pad.cityadmin)
    bad = admin.put(f"/api/v1/revenue/targets/{YEAR}/PBB-P2/", {"apbd": "-1"}, content_type=JSON)
    assert bad.status_code == 400
    officer = login(pad.city, pad.rina)
    response = officer.put(
        f"/api/v1/revenue/targets/{YEAR}/PBB-P2/", {"apbd": "1"}, content_type=JSON
    )
    assert response.status_code == 403
    assert admin.get(f"/api/v1/revenue/targets/?year={YEAR}").json() == []


def test_linking_an_indicator_over_the_api(pad):
    admin = login(pad.city, pad.cityadmin)
    response = admin.post("/api/v1/revenue/indicators/", {"source": "PBJT-PKR"}, content_type=JSON)
    assert response.status_code == 201
    assert response.json() == {"indicator": "PAD-PBJT-PKR", "source": "PBJT-PKR"}
    assert admin.get("/api/v1/revenue/indicators/").json()[0]["source"] == "PBJT-PKR"
