"""Master data in: fetch, differences, accepting through the registry's services."""

from __future__ import annotations

import pytest

from tests.conftest import in_city, login
from tests.core.siasn.conftest import KABID, OUTSIDER, STAF1, STAF2


def _open(world) -> dict[tuple[str, str], object]:
    from core.siasn.models import Difference, DiffStatus

    with in_city(world.city):
        return {(d.nip, d.field): d for d in Difference.objects.filter(status=DiffStatus.OPEN)}


def test_fetch_everyone_shows_each_difference(connected):
    admin = login(connected.city, connected.users["city_admin"])
    response = admin.post("/siasn/reconcile/start/", {"scope": "all"})
    assert response.status_code == 302
    diffs = _open(connected)
    assert (
        diffs[(STAF1, "golongan")].ours == "III/a" and diffs[(STAF1, "golongan")].theirs == "III/b"
    )
    assert diffs[(KABID, "back_title")].theirs == "S.Pd., M.Pd., Ph.D."
    assert diffs[(STAF2, "position")].theirs == "Analis Kurikulum"
    assert diffs[(OUTSIDER, "person")].kind == "missing_there"
    # Same values written differently are no difference (case, spaces, "IV / a").
    assert not any(nip == "197001012000031001" for nip, _field in diffs)
    page = admin.get("/siasn/reconcile/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "III/b" in html and "Dewi Lestari" in html
    from core.siasn.models import CallLog, PullRun

    with in_city(connected.city):
        run = PullRun.objects.get()
        assert (run.status, run.done, run.total) == ("done", 6, 6)
        endpoints = set(CallLog.objects.values_list("endpoint", flat=True))
    assert "/pns/data-utama/{nip}" in endpoints
    assert not any(STAF1 in e for e in endpoints)


def test_accept_golongan_and_position_through_registry_services(connected):
    from core.audit.models import AuditEvent
    from core.people.models import Assignment, Employee
    from core.siasn import services

    connected.run(
        services.run_pull,
        connected.run(services.start_pull, scope="all", actor=connected.users["city_admin"]).pk,
    )
    diffs = _open(connected)
    admin = login(connected.city, connected.users["city_admin"])
    assert (
        admin.post(f"/siasn/differences/{diffs[(STAF1, 'golongan')].pk}/accept/").status_code == 302
    )
    assert (
        admin.post(f"/siasn/differences/{diffs[(STAF2, 'position')].pk}/accept/").status_code == 302
    )
    with in_city(connected.city):
        assert Employee.objects.get(nip=STAF1).golongan == "III/b"
        dewi = Employee.objects.get(nip=STAF2)
        history = list(Assignment.objects.filter(employee=dewi).order_by("starts_on", "id"))
        assert len(history) == 2 and history[0].ends_on is not None  # history kept
        assert history[-1].position.name == "Analis Kurikulum" and history[-1].ends_on is None
        actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"people.corrected", "people.appointed", "siasn.difference_accepted"} <= actions
    # Deciding twice is refused with a sentence, nothing changes.
    response = admin.post(
        f"/siasn/differences/{diffs[(STAF1, 'golongan')].pk}/accept/", follow=True
    )
    assert "sudah diputuskan" in response.content.decode()


def test_accept_all_and_refusals(connected):
    from core.people.models import Employee
    from core.siasn import services

    connected.fake.people[STAF1]["atasanNipBaru"] = "197001012000031001"  # SIASN: another boss
    connected.run(
        services.run_pull,
        connected.run(services.start_pull, scope="all", actor=connected.users["city_admin"]).pk,
    )
    diffs = _open(connected)
    with (
        in_city(connected.city),
        pytest.raises(services.SiasnRefused, match="Atasan mengikuti jabatan"),
    ):
        services.accept(diffs[(STAF1, "supervisor")].pk, actor=connected.users["city_admin"])
    with in_city(connected.city), pytest.raises(services.SiasnRefused):
        services.accept(diffs[(OUTSIDER, "person")].pk, actor=connected.users["city_admin"])
    admin = login(connected.city, connected.users["city_admin"])
    assert admin.post("/siasn/differences/accept-all/").status_code == 302
    left = _open(connected)
    assert set(left) == {(STAF1, "supervisor"), (OUTSIDER, "person")}
    with in_city(connected.city):
        assert Employee.objects.get(nip=KABID).back_title == "S.Pd., M.Pd., Ph.D."
    admin.post(f"/siasn/differences/{left[(STAF1, 'supervisor')].pk}/keep/")
    assert set(_open(connected)) == {(OUTSIDER, "person")}


def test_one_nip_missing_here(connected):
    from core.siasn import fake as fakes

    connected.fake.people["199901012022011001"] = fakes.person_record(
        nip="199901012022011001", name="Rudi Hartono", position="Pengelola Data", unit="BKPSDM"
    )
    admin = login(connected.city, connected.users["city_admin"])
    admin.post("/siasn/reconcile/start/", {"scope": "nip", "nip": "199901012022011001"})
    diff = _open(connected)[("199901012022011001", "person")]
    assert diff.kind == "missing_here" and "Rudi Hartono" in diff.theirs
    response = admin.post("/siasn/reconcile/start/", {"scope": "nip", "nip": "12345"}, follow=True)
    assert "18 digit" in response.content.decode()


def test_fetch_stops_on_outage_and_resumes(connected):
    from core.siasn import services

    actor = connected.users["city_admin"]
    run = connected.run(services.start_pull, scope="all", actor=actor)
    connected.fake.fail_next(3, 503)  # the first person: all three attempts fail
    run = connected.run(services.pull_batch, run.pk, batch=2)
    assert run.status == "running" and run.done == 0 and run.message
    run = connected.run(services.pull_batch, run.pk, batch=2)
    assert run.done == 2 and not run.message
    # A second fetch while one runs is refused.
    with in_city(connected.city), pytest.raises(services.SiasnRefused):
        services.start_pull(scope="all", actor=actor)
    run = connected.run(services.run_pull, run.pk)
    assert run.status == "done" and run.done == 6
    assert len([c for c in connected.fake.calls if c.path.endswith(STAF1)]) == 1


def test_progress_fragment_fetches_the_next_batch(connected):
    from core.siasn import services

    run = connected.run(services.start_pull, scope="all", actor=connected.users["city_admin"])
    admin = login(connected.city, connected.users["city_admin"])
    response = admin.post(f"/siasn/reconcile/{run.pk}/progress/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    assert "6 / 6" in response.content.decode()


def test_own_record_is_refused_in_place(connected, make_user):
    """Separation of duties: an administrator never takes over their own record."""
    from core.accounts.roles import Role
    from core.people.models import Employee

    with in_city(connected.city):
        budi = Employee.objects.get(nip=STAF1)
    admin_budi = make_user(connected.city, Role.CITY_ADMIN, "budi.admin")
    with in_city(connected.city):
        budi.user = admin_budi
        budi.save(update_fields=["user"])
    admin = login(connected.city, admin_budi)
    admin.post("/siasn/reconcile/start/", {"scope": "all"})
    diff = _open(connected)[(STAF1, "golongan")]
    response = admin.post(f"/siasn/differences/{diff.pk}/accept/", follow=True)
    assert response.status_code == 200
    assert "diri sendiri" in response.content.decode()
    response = admin.post("/siasn/differences/accept-all/", follow=True)
    assert response.status_code == 200
    with in_city(connected.city):
        assert Employee.objects.get(nip=STAF1).golongan == "III/a"
    assert (STAF1, "golongan") in _open(connected)
