"""The dashboard: known figures, the stated projection method, ranking, and who sees it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.accounts.roles import Role
from core.revenue import dashboard
from core.revenue.models import RevenueSource
from core.revenue.services import set_target
from tests.conftest import client_for, in_city, login
from tests.core.revenue.conftest import YEAR, import_rows, seed_history


@pytest.fixture
def figures(pad):
    """PBB-P2: flat 2025 history, 2400 target; BPHTB: no history; REKLAME: nothing reported."""
    seed_history(pad, "PBB-P2", {2025: [100] * 12})
    with in_city(pad.city):
        set_target(pad.source("PBB-P2"), YEAR, actor=pad.cityadmin, apbd=2400)
        set_target(pad.source("BPHTB"), YEAR, actor=pad.cityadmin, apbd=1000, apbd_p=1200)
        set_target(pad.source("REKLAME"), YEAR, actor=pad.cityadmin, apbd=1200)
    import_rows(
        pad,
        YEAR,
        [("PBB-P2", m, 150) for m in (1, 2, 3)]
        + [("BPHTB", 1, 100), ("BPHTB", 2, 100), ("BPHTB", 3, 130)],
    )
    return pad


def test_known_figures_projection_and_ranking(figures, django_assert_num_queries):
    pad = figures
    with in_city(pad.city):
        sources = RevenueSource.objects.all()
        with django_assert_num_queries(5):  # search_path, sources, targets x2, realisation
            data = dashboard.build(YEAR, 3, sources)
    lines = {line.code: line for line in data.lines}
    pbb, bphtb, reklame = lines["PBB-P2"], lines["BPHTB"], lines["REKLAME"]
    assert (pbb.ytd_target, pbb.ytd_actual, pbb.ytd_pct) == (600, 450, Decimal("75.00"))
    assert (pbb.ytd_last_year, pbb.growth_pct) == (300, Decimal("50.00"))
    assert (pbb.projection, pbb.method) == (1800, "seasonal")  # 450 / (3/12 of the pattern)
    assert (bphtb.effective, bphtb.apbd, bphtb.ytd_target) == (1200, 1000, 300)
    assert (bphtb.projection, bphtb.method) == (1320, "linear")  # 330 / 3 x 12
    assert (reklame.projection, reklame.gap) == (None, 300)
    assert (data.total.effective, data.total.ytd_target, data.total.ytd_actual) == (4800, 1200, 780)
    assert data.total.projection == 3120
    assert [line.code for line in data.ranking] == ["REKLAME", "PBB-P2", "BPHTB"]
    assert data.methods == ["linear", "seasonal"]


def test_page_states_the_projection_method(figures):
    response = login(figures.city, figures.mayor).get("/revenue/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="projection-method"' in body
    # Indonesian by default: "Seasonal: ..." and "Linear (no full year of history) ..."
    assert "Musiman: realisasi sampai dengan bulan ini dibagi porsi setahun" in body
    assert "Linear (belum ada riwayat satu tahun penuh)" in body
    assert "<svg" in body and "cdn" not in body.lower()
    ranking = body[body.index('id="gap-ranking"') :]
    assert ranking.index("Pajak Reklame") < ranking.index("PBB Perdesaan") < ranking.index("Bea")


def test_htmx_filter_returns_the_fragment(figures):
    response = login(figures.city, figures.mayor).get(
        f"/revenue/?year={YEAR}&through=2&source=BPHTB", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and "Rp200" in body  # BPHTB Jan+Feb realisation


def test_api_dashboard(figures):
    response = login(figures.city, figures.inspector).get(
        f"/api/v1/revenue/dashboard/?year={YEAR}&through=3"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["total"]["projection"] == 3120
    assert data["ranked_by_gap"] == ["REKLAME", "PBB-P2", "BPHTB"]
    assert set(data["projection_methods"]) == {"seasonal", "linear"}


def _visible_codes(pad, user) -> list[str] | int:
    response = login(pad.city, user).get("/api/v1/revenue/sources/")
    if response.status_code != 200:
        return response.status_code
    return sorted(row["code"] for row in response.json())


def test_who_sees_which_sources(pad):
    everything = ["BPHTB", "PBB-P2", "PBJT-PKR", "REKLAME", "RET-PT"]
    assert _visible_codes(pad, pad.mayor) == everything
    assert _visible_codes(pad, pad.inspector) == everything
    assert _visible_codes(pad, pad.cityadmin) == everything
    # Bapenda's admin: the sources of the OPD (RET-PT belongs to DPMPTSP)
    assert _visible_codes(pad, pad.bapenda_admin) == ["BPHTB", "PBB-P2", "PBJT-PKR", "REKLAME"]
    assert _visible_codes(pad, pad.rina) == ["PBB-P2", "PBJT-PKR"]  # her assignments
    assert _visible_codes(pad, pad.budi) == 403  # plain ASN of another OPD
    assert _visible_codes(pad, pad.kabid) == 403  # Bapenda staff without a source


def test_plain_asn_and_strangers_do_not_see_the_dashboard(pad):
    assert login(pad.city, pad.budi).get("/revenue/").status_code == 403
    response = client_for(pad.city).get("/revenue/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_officer_cannot_reach_a_source_not_theirs(pad):
    client = login(pad.city, pad.rina)
    response = client.put(
        f"/api/v1/revenue/realisations/{YEAR}/3/BPHTB/",
        {"amount": "5"},
        content_type="application/json",
    )
    assert response.status_code == 404
    response = client.put(
        f"/api/v1/revenue/realisations/{YEAR}/3/PBB-P2/",
        {"amount": "5"},
        content_type="application/json",
    )
    assert response.status_code == 200


def test_inspector_and_mayor_read_but_cannot_enter(pad):
    for user in (pad.inspector, pad.mayor):
        client = login(pad.city, user)
        response = client.put(
            f"/api/v1/revenue/realisations/{YEAR}/3/PBB-P2/",
            {"amount": "5"},
            content_type="application/json",
        )
        assert response.status_code == 403
        assert client.get("/revenue/realisation/").status_code == 403
    with in_city(pad.city):
        from core.revenue.models import Realisation

        assert not Realisation.objects.exists()


def test_a_jambi_session_is_refused_on_surabaya(pad, jambi, make_user):
    stranger = make_user(jambi, Role.EXECUTIVE, "walikota.jambi", "Wali Kota Jambi")
    jambi_client = login(jambi, stranger)
    cookie = jambi_client.cookies["sessionid"].value
    client = client_for(pad.city)
    client.cookies["sessionid"] = cookie
    response = client.get("/revenue/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/revenue/dashboard/").status_code == 401
    # ...and the Jambi mayor's own dashboard holds none of Surabaya's figures
    with in_city(pad.city):
        set_target(pad.source("PBB-P2"), YEAR, actor=pad.cityadmin, apbd=1200)
    surabaya = login(pad.city, pad.mayor).get(f"/api/v1/revenue/dashboard/?year={YEAR}").json()
    own = jambi_client.get(f"/api/v1/revenue/dashboard/?year={YEAR}").json()
    assert (surabaya["total"]["target"], own["total"]["target"]) == (1200, 0)


def test_menu_shows_revenue_to_an_assigned_officer_but_not_to_other_asn(pad):
    officer_menu = login(pad.city, pad.rina).get("/").context["nav_items"]
    other_menu = login(pad.city, pad.budi).get("/").context["nav_items"]
    assert "/revenue/" in [item["url"] for item in officer_menu]
    assert "/revenue/" not in [item["url"] for item in other_menu]
