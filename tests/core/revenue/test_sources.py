"""Revenue sources from the model template, and their configuration by the city admin."""

from __future__ import annotations

from core.actors import Actor
from core.audit.models import AuditEvent
from core.revenue.models import Officer, RevenueSource
from core.revenue.services import adopt_revenue_sources
from tests.conftest import in_city, login
from tests.core.revenue.conftest import SECTION


def test_adoption_links_opds_by_template_code_and_is_idempotent(pad):
    with in_city(pad.city):
        rows = {s.code: s for s in RevenueSource.objects.all()}
        assert list(rows) == [item["code"] for item in SECTION]  # template order
        assert rows["PBB-P2"].opd_id == pad.bapenda.pk
        assert rows["RET-PT"].opd_id is None  # no DPMPTSP in this city yet
        assert (rows["RET-PT"].group, rows["RET-PT"].opd_name) == (
            "retribusi",
            "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        )
        RevenueSource.objects.filter(code="REKLAME").update(is_active=False, opd=pad.disdik)
        renamed = [{**item, "name": item["name"] + " (v2)"} for item in SECTION]
        assert adopt_revenue_sources(renamed, version=2, actor=Actor.system("tests")) == len(
            SECTION
        )
        reklame = RevenueSource.objects.get(code="REKLAME")
        assert RevenueSource.objects.count() == len(SECTION)
    # the city's own choices survive a newer template; names follow it
    assert (reklame.is_active, reklame.opd_id, reklame.source_version) == (False, pad.disdik.pk, 2)
    assert reklame.name.endswith("(v2)")


def test_empty_or_missing_section_adopts_nothing(surabaya):
    with in_city(surabaya):
        before = RevenueSource.objects.count()
        assert adopt_revenue_sources(None, version=1) == 0
        assert adopt_revenue_sources([], version=1) == 0
        assert RevenueSource.objects.count() == before


def test_city_admin_assigns_an_officer_and_the_opd(pad):
    client = login(pad.city, pad.cityadmin)
    response = client.post("/revenue/sources/REKLAME/officers/", {"nip": pad.budi.username})
    assert response.status_code == 302
    response = client.post(
        "/revenue/sources/RET-PT/", {"opd": pad.bapenda.pk, "unit": "", "is_active": "on"}
    )
    assert response.status_code == 302
    with in_city(pad.city):
        assert Officer.objects.filter(source__code="REKLAME", employee__user=pad.budi).exists()
        assert RevenueSource.objects.get(code="RET-PT").opd_id == pad.bapenda.pk
        assert AuditEvent.objects.filter(action="revenue.source.update").count() == 1
    # ...and Budi, now an officer, sees that source
    assert login(pad.city, pad.budi).get("/revenue/").status_code == 200


def test_only_the_city_admin_configures_sources(pad):
    for user in (pad.bapenda_admin, pad.mayor, pad.rina):
        client = login(pad.city, user)
        assert client.post("/revenue/sources/REKLAME/officers/", {"nip": "x"}).status_code == 403
        assert client.get("/revenue/sources/REKLAME/").status_code == 403
    with in_city(pad.city):
        assert not Officer.objects.filter(source__code="REKLAME").exists()


def test_pages_render_for_the_revenue_agency(pad):
    client = login(pad.city, pad.bapenda_admin)
    for url in (
        "/revenue/",
        "/revenue/sources/",
        "/revenue/targets/",
        "/revenue/realisation/",
        "/revenue/import/",
        "/revenue/months/",
        "/revenue/corrections/new/",
        "/revenue/indicators/",
        "/revenue/import/template.csv",
    ):
        assert client.get(url).status_code == 200, url
