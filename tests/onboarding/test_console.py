"""The operator console: metrics snapshot, alerts, benchmarks, checklist, status actions."""

from dataclasses import replace
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.accounts.roles import Role
from onboarding.models import CityMetrics
from onboarding.services.metrics import refresh_city_metrics
from tenants.models import City, CityStatusChange
from tenants.rules import CityStatus
from tenants.services import Actor, provision_city
from tests.billing.conftest import add_employees
from tests.conftest import in_city, login

ACTOR = Actor(label="tests")


def _metrics(city, *, asn=1000, activated=800, active=600, backlog=100, hours=12.0, day=None):
    return CityMetrics.objects.create(
        city=city,
        taken_on=day or timezone.localdate(),
        taken_at=timezone.now(),
        asn_count=asn,
        accounts_activated=activated,
        active_last_7_days=active,
        verification_backlog=backlog,
        median_verification_hours=hours,
        months_opened=2,
        months_closed=1,
    )


def _cities(count):
    return [
        provision_city(f"kota-{i}", name=f"Kota Nomor {i}", actor=ACTOR).city for i in range(count)
    ]


def test_refresh_measures_every_city_into_todays_snapshot(db, jambi):
    add_employees(jambi, activated=3, not_activated=1)
    assert (
        refresh_city_metrics()
        == City.objects.filter(
            status__in=[CityStatus.ACTIVE, CityStatus.PILOT, CityStatus.SUSPENDED]
        ).count()
    )
    row = CityMetrics.objects.get(city=jambi)
    assert (row.asn_count, row.accounts_activated, row.activated_share) == (4, 3, 0.75)
    assert row.checklist["asn"] is True and row.checklist["activated"] is False
    refresh_city_metrics()  # the same day again replaces, never duplicates
    assert CityMetrics.objects.filter(city=jambi).count() == 1


def test_monitor_lists_cities_with_metrics_and_alerts(db, operator, jambi):
    CityStatusChange.objects.filter(city=jambi).update(
        created_at=timezone.now() - timedelta(days=45)
    )
    _metrics(jambi, activated=300)  # 30% activated 45 days after go-live
    response = login(None, operator).get("/onboarding/monitor/")
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["city"] == jambi)
    assert row["m"].asn_count == 1000
    assert any("30\u00a0%" in alert for alert in row["alerts"])
    assert response.context["rows"][0]["city"] == jambi  # stalled cities first


def test_monitor_query_count_does_not_grow_with_cities(db, operator, surabaya, jambi):
    client = login(None, operator)
    for city in (surabaya, jambi):
        _metrics(city)
    client.get("/onboarding/monitor/")  # warm up (session, caches)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/onboarding/monitor/").status_code == 200
    for city in _cities(4):
        _metrics(city)
        _metrics(city, day=timezone.localdate() - timedelta(days=1))
    with CaptureQueriesContext(connection) as many:
        assert client.get("/onboarding/monitor/").status_code == 200
    assert len(many) == len(few)


def test_benchmarks_hidden_below_five_contributing_cities(db, operator, surabaya, jambi):
    others = _cities(3)
    for city in (surabaya, jambi, *others[:2]):
        _metrics(city)
    pilot = provision_city("latihan-x", name="Kota Latihan X", pilot=True, actor=ACTOR).city
    _metrics(pilot)  # pilots never count as contributors
    client = login(None, operator)
    response = client.get("/onboarding/monitor/")
    assert [b["value"] for b in response.context["benchmarks"]] == [None, None, None, None]
    assert "hidden-benchmark" in response.content.decode()

    _metrics(others[2], activated=900)
    response = client.get("/onboarding/monitor/")
    activated = response.context["benchmarks"][0]["value"]
    assert (activated.contributors, activated.median) == (5, 0.8)
    assert "hidden-benchmark" not in response.content.decode()


def test_only_operators_see_the_monitor(db, trainer, client):
    assert login(None, trainer).get("/onboarding/monitor/").status_code == 403
    from tests.conftest import client_for

    assert client_for(None).get("/onboarding/monitor/").status_code == 302


def test_city_admin_and_operator_see_the_same_checklist(db, operator, jambi, make_user):
    from core.organisation.models import OrgUnit

    add_employees(jambi, activated=2)
    with in_city(jambi):
        OrgUnit.objects.create(name="Dinas Sosial", code="DINSOS", kind="opd", path="Dinas Sosial")
    admin = make_user(jambi, Role.CITY_ADMIN, "admin.jambi")
    city_side = login(jambi, admin).get("/support/").context["checklist"]
    platform_side = login(None, operator).get("/onboarding/cities/jambi/").context["checklist"]
    # The same items and progress; only the links differ (the operator's reach the city's host).
    unlinked = [replace(item, link="") for item in platform_side["items"]]
    assert [replace(item, link="") for item in city_side["items"]] == unlinked
    assert city_side["progress"] == platform_side["progress"]
    links = {
        item.key: (item.link, other.link)
        for item, other in zip(city_side["items"], platform_side["items"], strict=True)
    }
    assert links["asn"] == ("/people/import/", "http://jambi.localhost/people/import/")
    assert links["training"] == ("", "#training")
    done = {item.key: item.done for item in city_side["items"]}
    assert done["org_units"] and not done["configuration"]

    client = login(jambi, admin)
    assert (
        'action="/support/checklist/configuration/confirm/"'
        in client.get("/support/").content.decode()
    )
    assert client.post("/support/checklist/configuration/confirm/").status_code == 302
    assert "checklist/configuration/confirm" not in client.get("/support/").content.decode()
    items = login(None, operator).get("/onboarding/cities/jambi/").context["checklist"]["items"]
    assert {i.key: i.done for i in items}["configuration"] is True


def test_training_session_counts_toward_the_checklist(db, trainer, operator, jambi):
    response = login(None, operator).post(
        "/onboarding/cities/jambi/training/",
        {"held_on": "2026-11-20", "topic": "Pelatihan admin BKPSDM", "participants": "25"},
    )
    assert response.status_code == 302
    items = login(None, operator).get("/onboarding/cities/jambi/").context["checklist"]["items"]
    assert {i.key: i.done for i in items}["training"] is True


def test_suspend_and_reactivate_with_reason_are_audited(db, operator, jambi):
    client = login(None, operator)
    assert (
        client.post("/onboarding/cities/jambi/status/suspend/", {"reason": ""}).status_code == 400
    )
    assert City.objects.get(pk=jambi.pk).status == CityStatus.ACTIVE
    assert (
        client.post(
            "/onboarding/cities/jambi/status/suspend/", {"reason": "Pemeriksaan data"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            "/onboarding/cities/jambi/status/reactivate/", {"reason": "Selesai diperiksa"}
        ).status_code
        == 302
    )
    changes = list(
        CityStatusChange.objects.filter(city=jambi)
        .order_by("id")
        .values_list("to_status", "actor_label", "reason")
    )[-2:]
    assert changes == [
        ("suspended", "operator", "Pemeriksaan data"),
        ("active", "operator", "Selesai diperiksa"),
    ]


def test_trainer_cannot_change_a_citys_status(db, trainer, jambi):
    response = login(None, trainer).post(
        "/onboarding/cities/jambi/status/suspend/", {"reason": "x"}
    )
    assert response.status_code == 403
    assert City.objects.get(pk=jambi.pk).status == CityStatus.ACTIVE


def test_unknown_status_action_is_404(db, operator, jambi):
    response = login(None, operator).post(
        "/onboarding/cities/jambi/status/delete/", {"reason": "x"}
    )
    assert response.status_code == 404
    assert City.objects.get(pk=jambi.pk).status == CityStatus.ACTIVE


def test_metrics_measure_daily_work_and_verification(db, time_machine):
    from onboarding.services.pilots import create_pilot

    time_machine.move_to("2026-11-26 10:00+07:00", tick=False)  # a Thursday
    city = create_pilot(
        "latihan-metrik",
        name="Kota Latihan Metrik",
        population=150,
        history_days=10,
        lifetime_days=30,
        actor=ACTOR,
        seed=5,
    ).profile.city
    refresh_city_metrics()
    row = CityMetrics.objects.get(city=city)
    assert row.asn_count == 150
    assert 0 < row.active_last_7_days <= row.accounts_activated < 150
    assert row.verification_backlog > 0  # the last three days wait for supervisors
    assert row.median_verification_hours is not None and row.median_verification_hours > 0
    assert row.months_opened >= 1 and row.months_closed == 0
    assert timezone.localdate(row.last_activity_at) == timezone.localdate() - timedelta(days=1)
    assert row.checklist["first_month"] is True and row.checklist["supervisors"] is True
