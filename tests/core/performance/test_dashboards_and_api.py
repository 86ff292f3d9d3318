"""Dashboards for each role, indicators and behaviour through the API, OPD-scoped close."""

from __future__ import annotations

from datetime import date

import pytest

from core.accounts.roles import Role
from core.performance.models import BehaviourRating, IndicatorTarget, MonthlyResult, Period
from tests.conftest import in_city, login
from tests.core.performance.conftest import APRIL, complete_march, log


def test_me_dashboard_shows_today_and_the_tpp_estimate(work):
    log(work, work.budi, volume="3")
    client = login(work.city, work.budi)
    home = client.get("/")
    assert home.status_code == 200
    assert "Menyusun laporan" in home.content.decode()
    me = client.get("/api/v1/work/dashboard/me/").json()
    assert me["today"][0]["minutes"] == 90
    assert me["month"]["working_days"] > 0
    assert isinstance(me["month"]["tpp_paid"], int)


def test_team_shows_who_has_not_logged(work):
    log(work, work.budi)
    rows = login(work.city, work.kabid).get("/api/v1/work/dashboard/team/").json()
    by_name = {r["name"]: r for r in rows}
    assert by_name["Budi Santoso"]["logged_today"] == 1 and by_name["Budi Santoso"]["waiting"] == 1
    assert by_name["Sari Wulandari"]["logged_today"] == 0
    assert login(work.city, work.kabid).get("/work/team/").status_code == 200


def test_city_and_opd_dashboards_by_role(work, make_user):
    log(work, work.budi)
    mayor = make_user(work.city, Role.EXECUTIVE, "walikota")
    client = login(work.city, mayor)
    assert client.get("/").status_code == 302
    page = client.get("/work/city/", follow=True)
    assert page.status_code == 200 and "Dinas Pendidikan" in page.content.decode()
    opds = {r["name"]: r for r in client.get("/api/v1/work/dashboard/city/").json()["opds"]}
    assert opds["Dinas Pendidikan"]["people"] == 4 and opds["Dinas Pendidikan"]["logged_today"] == 1
    opd = client.get(f"/work/opd/?opd={work.opd.pk}")
    assert opd.status_code == 200 and "Budi Santoso" in opd.content.decode()
    ranking = client.get(f"/api/v1/work/dashboard/opd/{work.opd.pk}/").json()["ranking"]
    assert len(ranking) == 4
    asn = login(work.city, work.budi)
    assert asn.get("/work/city/", follow=True).status_code == 403
    assert asn.get("/api/v1/work/dashboard/city/").status_code == 403


def test_statement_of_someone_outside_ones_reach_is_not_found(work):
    client = login(work.city, work.budi)
    tono = work.tono.employee.pk
    assert client.get(f"/work/statement/2026/3/?employee={tono}").status_code == 404
    assert client.get(f"/api/v1/work/statement/2026/3/?employee={tono}").status_code == 404
    boss = login(work.city, work.kabid)
    assert boss.get(f"/work/statement/2026/3/?employee={work.budi.employee.pk}").status_code == 200


def test_targets_through_the_api(work):
    boss, asn = login(work.city, work.kabid), login(work.city, work.budi)
    payload = {
        "employee": work.budi.employee.pk,
        "year": 2026,
        "month": 3,
        "indicator": work.indicator.pk,
        "target": "10",
    }
    created = boss.post("/api/v1/work/targets/", payload, content_type="application/json")
    assert created.status_code == 201
    target_id = created.json()["id"]
    assert (
        boss.post(f"/api/v1/work/targets/{target_id}/confirm/").status_code == 400
    )  # not reported yet
    reported = asn.post(f"/api/v1/work/targets/{target_id}/report/", {"realisation": "11"})
    assert reported.status_code == 200
    assert asn.post(f"/api/v1/work/targets/{target_id}/confirm/").status_code == 403  # one's own
    confirmed = boss.post(f"/api/v1/work/targets/{target_id}/confirm/")
    assert confirmed.json()["achievement_pct"] == "110.00"
    other = login(work.city, work.kadinkes)
    assert (
        other.post("/api/v1/work/targets/", payload, content_type="application/json").status_code
        == 404
    )
    with in_city(work.city):
        assert IndicatorTarget.objects.count() == 1


def test_behaviour_rating_through_the_api_is_the_median(work):
    boss = login(work.city, work.kabid)
    levels = dict.fromkeys(
        ["berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis"], "diatas"
    ) | dict.fromkeys(["loyal", "adaptif", "kolaboratif"], "dibawah")
    body = {"employee": work.budi.employee.pk, "year": 2026, "month": 3, **levels}
    response = boss.post("/api/v1/work/behaviour/", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["rating"] == "diatas"
    colleague = login(work.city, work.sari)
    assert (
        colleague.post("/api/v1/work/behaviour/", body, content_type="application/json").status_code
        == 404
    )
    with in_city(work.city):
        assert BehaviourRating.objects.get().rating == "diatas"


def test_opd_admin_closes_only_their_opd(work, make_user, frozen_clock):
    from core.organisation.models import Position
    from core.people.models import Assignment, Employee

    complete_march(work)
    admin = make_user(work.city, Role.OPD_ADMIN, "198811112012121001", "Admin Dinkes")
    with in_city(work.city):
        person = Employee.objects.create(
            nip=admin.username, name="Admin Dinkes", asn_type="PNS", user=admin
        )
        # placed in the health OPD from April: not one of the people of March
        desk = Position.objects.create(
            name="Admin Kepegawaian", org_unit=work.opd2, kelas_jabatan=7
        )
        Assignment.objects.create(employee=person, position=desk, starts_on=date(2026, 4, 1))
    frozen_clock.move_to(APRIL)
    client = login(work.city, admin)
    response = client.post("/api/v1/work/periods/2026/3/close/")
    assert response.status_code == 200, response.content
    with in_city(work.city):
        period = Period.objects.get(year=2026, month=3)
        assert period.status == "open"
        assert set(MonthlyResult.objects.values_list("opd_id", flat=True)) == {work.opd2.pk}
    # the health OPD is frozen; education is still open for writes
    from core.performance.periods import is_writable

    with in_city(work.city):
        assert not is_writable(work.tono.employee.pk, date(2026, 3, 31))
        assert is_writable(work.budi.employee.pk, date(2026, 3, 31))
    city_admin = login(work.city, work.cityadmin)
    assert city_admin.post("/api/v1/work/periods/2026/3/close/").json()["closed"] == 4
    with in_city(work.city):
        assert MonthlyResult.objects.count() == 6


@pytest.mark.parametrize(
    "path", ["/work/", "/work/verify/", "/work/team/", "/work/targets/", "/work/me/"]
)
def test_pages_need_an_employee_record(work, path):
    client = login(work.city, work.cityadmin)
    assert client.get(path).status_code == 403
