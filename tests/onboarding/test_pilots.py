"""Pilot cities: synthetic population, trainee logins, reset to exactly the initial data, expiry."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from core.accounts.roles import Role
from onboarding import schema_data
from onboarding.models import PilotProfile
from onboarding.services.pilots import create_pilot, expire_pilots, reset_pilot
from tenants.models import City
from tenants.rules import CityStatus
from tenants.services import Actor, change_city_status
from tests.conftest import client_for, in_city, login

ACTOR = Actor(label="tests")


def _pilot(slug="latihan-uji", population=120, days=5, lifetime=30, actor=ACTOR):
    return create_pilot(
        slug,
        name="Kota Latihan Uji",
        population=population,
        history_days=days,
        lifetime_days=lifetime,
        actor=actor,
        seed=42,
    ).profile


def test_trainer_generates_a_realistic_pilot_population(db, trainer):
    response = login(None, trainer).post(
        "/onboarding/pilots/",
        {
            "slug": "latihan-jatim",
            "name": "Kota Latihan Jatim",
            "population": "150",
            "history_days": "5",
            "lifetime_days": "30",
            "template_code": "",
        },
    )
    assert (
        response.status_code == 302
        and response["Location"] == "/onboarding/pilots/latihan-jatim/logins/"
    )
    city = City.objects.get(slug="latihan-jatim")
    assert (city.is_pilot, city.status) == (True, CityStatus.PILOT)
    assert city.pilot_expires_on == timezone.localdate() + timedelta(days=30)

    from core.organisation.models import OrgUnit, Position
    from core.people.hierarchy import supervisor_of
    from core.people.models import Employee
    from core.people.rules import validate_nip
    from core.performance.models import ActivityEntry, Period

    today = timezone.localdate()
    with in_city(city):
        employees = list(Employee.objects.all())
        assert len(employees) == 150
        assert all(validate_nip(e.nip, e.asn_type, today=today) is None for e in employees)
        assert len({e.nip for e in employees}) == 150
        assert any(e.back_title for e in employees) and any(e.front_title for e in employees)
        assert OrgUnit.objects.filter(parent__isnull=True).count() >= 3
        assert Position.objects.filter(supervisor_position__isnull=True).count() == 1  # the Sekda
        # Every supervisor chain climbs to the city secretary.
        sekda = Employee.objects.get(assignments__position__supervisor_position__isnull=True)
        assert supervisor_of(sekda, today) is None
        for employee in [e for e in employees if e != sekda][-5:]:
            chain, boss = [], supervisor_of(employee, today)
            while boss is not None and len(chain) < 10:
                chain.append(boss)
                boss = supervisor_of(boss, today)
            assert chain[-1] == sekda
        assert Period.objects.filter(year=today.year, month=today.month).exists()
        # Five days back always include working days; entries are verified by the supervisor.
        assert ActivityEntry.objects.filter(status="approved").exists()
        assert not ActivityEntry.objects.exclude(verifier__isnull=False).exists()
        assert get_user_model().objects.filter(role=Role.CITY_ADMIN).count() == 1

    sheet = login(None, trainer).get("/onboarding/pilots/latihan-jatim/logins/")
    assert sheet.status_code == 200
    profile = PilotProfile.objects.get(city=city)
    body = sheet.content.decode()
    assert profile.trainee_password in body
    trainee_nip = sheet.context["logins"][0]["username"]
    assert trainee_nip in body
    # A trainee signs in with the printed NIP and password.
    response = client_for(city).post(
        "/accounts/login/", {"username": trainee_nip, "password": profile.trainee_password}
    )
    assert response.status_code == 302


def test_pilot_reset_restores_exactly_the_initial_data(db, trainer, make_user, operator):
    profile = _pilot(actor=Actor.of(trainer))
    assert profile.created_by == trainer
    # Another trainer neither sees nor resets it; an operator sees every pilot.
    other = login(None, make_user(None, Role.TRAINER, "trainer-2", "Tini Pelatih"))
    assert other.post("/onboarding/pilots/latihan-uji/reset/").status_code == 404
    assert other.get("/onboarding/pilots/latihan-uji/logins/").status_code == 404
    assert "latihan-uji" not in other.get("/onboarding/pilots/").content.decode()
    assert "latihan-uji" in login(None, trainer).get("/onboarding/pilots/").content.decode()
    assert login(None, operator).get("/onboarding/pilots/latihan-uji/logins/").status_code == 200
    city = profile.city
    initial = schema_data.table_checksums(city.schema_name)
    assert schema_data.schema_checksum(city.schema_name) == profile.checksum

    from core.people.models import Employee
    from core.performance.models import ActivityEntry

    with in_city(city):  # trainees practise: they change, add and remove data
        Employee.objects.filter(pk__lte=10).update(name="Nama Diubah")
        ActivityEntry.objects.filter(status="submitted").update(status="approved")
        get_user_model().objects.create_user("trainee-extra", "x", full_name="Tambahan")
    client = client_for(city)
    assert schema_data.table_checksums(city.schema_name) != initial

    response = login(None, trainer).post("/onboarding/pilots/latihan-uji/reset/")
    assert response.status_code == 302
    assert schema_data.table_checksums(city.schema_name) == initial
    profile.refresh_from_db()
    assert profile.last_reset_at is not None
    with in_city(city):  # the reset city works normally: new rows get fresh ids
        user = get_user_model().objects.create_user("after-reset", "x", full_name="Baru")
        assert user.pk > Employee.objects.count()
    assert client.get("/accounts/login/").status_code == 200


def test_reset_is_fast(db):
    profile = _pilot(population=300, days=10)
    result = reset_pilot(profile.city, actor=ACTOR, verify=True)
    assert result.verified and result.checksum == profile.checksum
    assert result.seconds < 10


@pytest.mark.parametrize(("population", "days"), [(99, 5), (20_001, 5), (100, 91)])
def test_pilot_size_is_bounded(db, population, days):
    with pytest.raises(ValidationError):
        create_pilot(
            "latihan-besar",
            name="X",
            population=population,
            history_days=days,
            lifetime_days=30,
            actor=ACTOR,
        )
    assert not City.objects.filter(slug="latihan-besar").exists()


def test_a_real_city_cannot_be_reset_or_opened_as_pilot(db, trainer, jambi):
    client = login(None, trainer)
    assert client.post("/onboarding/pilots/jambi/reset/").status_code == 404
    assert client.get("/onboarding/pilots/jambi/logins/").status_code == 404
    with pytest.raises(ValidationError):
        reset_pilot(jambi, actor=ACTOR)


def test_a_pilot_never_becomes_a_real_city(db, operator):
    city = _pilot().city
    with pytest.raises(ValidationError):
        change_city_status(city, CityStatus.ACTIVE, actor=Actor.of(operator), reason="go live")
    change_city_status(city, CityStatus.SUSPENDED, actor=Actor.of(operator), reason="pause")
    staff = login(None, operator)
    staff.post("/onboarding/cities/latihan-uji/status/reactivate/", {"reason": "lanjut"})
    assert City.objects.get(pk=city.pk).status == CityStatus.PILOT


def test_pilot_expiry_suspends_then_archives(db, time_machine, operator, second_operator):
    profile = _pilot(lifetime=10)
    city = profile.city
    expires = city.pilot_expires_on
    assert expire_pilots(today=expires).suspended == []  # still valid on its last day

    time_machine.move_to(
        timezone.make_aware(
            timezone.datetime(expires.year, expires.month, expires.day) + timedelta(days=1, hours=9)
        ),
        tick=False,
    )
    call_command("expire_pilots")
    city.refresh_from_db()
    assert city.status == CityStatus.SUSPENDED
    assert client_for(city).post("/accounts/logout/").status_code == 302
    assert client_for(city).post("/support/leave/").status_code == 403  # read-only

    result = expire_pilots(today=expires + timedelta(days=31))
    assert result.archived == ["latihan-uji"]
    city.refresh_from_db()
    assert city.status == CityStatus.ARCHIVED
    assert client_for(city).get("/").status_code == 410
    assert not schema_data.schema_exists(profile.snapshot_schema)
    with pytest.raises(ValidationError):
        reset_pilot(city, actor=ACTOR)

    from onboarding.services.lifecycle import confirm_purge, request_purge

    purge = request_purge(city, operator=operator, reason="Pelatihan selesai")  # no export needed
    confirm_purge(purge, operator=second_operator)
    assert not schema_data.schema_exists(city.schema_name)


def test_reset_swaps_in_the_ready_standby_then_builds_a_new_one(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        profile = _pilot(slug="latihan-siaga")
    profile.refresh_from_db()
    assert profile.standby_ready and schema_data.schema_exists(profile.standby_schema)
    city = profile.city
    initial = schema_data.table_checksums(city.schema_name)

    from core.people.models import Employee

    for _round in range(2):  # the second reset uses the standby rebuilt after the first
        with in_city(city):
            Employee.objects.filter(pk__lte=3).update(name="Diubah Peserta")
        assert schema_data.table_checksums(city.schema_name) != initial
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            result = reset_pilot(city, actor=ACTOR, verify=True)
        # Two after commit: the replaced schema's drop and the new standby's build.
        assert result.verified and len(callbacks) == 2
        assert schema_data.table_checksums(city.schema_name) == initial
        profile.refresh_from_db()
        assert profile.standby_ready

    with in_city(city):  # the swapped-in schema is fully usable
        from core.organisation.models import OrgUnit

        OrgUnit.objects.create(name="Unit Baru", code="BARU", kind="opd", path="Unit Baru")


def test_scheduled_tasks_run_inline_without_a_broker(db, time_machine):
    from onboarding.tasks import expire_pilots_task, refresh_city_metrics_task

    city = _pilot(slug="latihan-tugas", lifetime=1).city
    time_machine.move_to(timezone.now() + timedelta(days=3), tick=False)
    assert expire_pilots_task.delay().get()["suspended"] == ["latihan-tugas"]
    assert City.objects.get(pk=city.pk).status == CityStatus.SUSPENDED
    assert refresh_city_metrics_task.delay().get() >= 3


def test_large_pilot_is_generated_by_a_worker(
    db, trainer, django_capture_on_commit_callbacks, monkeypatch
):
    from onboarding.services import pilots as pilot_services

    monkeypatch.setattr(pilot_services, "INLINE_MAX_POPULATION", 150)
    form = {
        "slug": "latihan-antre",
        "name": "Kota Latihan Antre",
        "population": "200",
        "history_days": "1",
        "lifetime_days": "30",
        "template_code": "",
    }
    client = login(None, trainer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/onboarding/pilots/", form)
    assert response.status_code == 302 and response["Location"] == "/onboarding/pilots/"
    assert not City.objects.filter(slug="latihan-antre").exists()  # not within the request
    assert len(callbacks) == 1
    callbacks[0]()  # the worker's turn (inline here: no broker)
    profile = PilotProfile.objects.get(city__slug="latihan-antre")
    assert (profile.population, profile.created_by) == (200, trainer)  # the trainer's own
    # The same address again is refused before anything is queued.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post("/onboarding/pilots/", form).status_code == 400
    assert callbacks == []


def test_generated_people_hold_their_positions_today():
    from onboarding.population import generate

    today = date(2026, 11, 28)  # late in the year: a random start month could be ahead
    for seed in range(10):
        population = generate(150, seed=seed, today=today, city_slug="latihan")
        assert all(a["starts_on"] <= today for a in population.assignments)
