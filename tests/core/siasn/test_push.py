"""Results out: the outbox is idempotent on person + period, retries, stops, re-sends."""

from __future__ import annotations

import pytest

from tests.conftest import in_city, login
from tests.core.siasn.conftest import KABID, KADIS, STAF1, STAF2


def _items(world) -> dict[str, object]:
    from core.siasn.models import OutboxItem

    with in_city(world.city):
        return {i.employee.nip: i for i in OutboxItem.objects.select_related("employee")}


def _one_record_each(world) -> None:
    """The fake holds exactly one record per person and period."""
    per_person: dict[str, int] = {}
    for record in world.fake.records.values():
        per_person[record["pnsDinilaiId"]] = per_person.get(record["pnsDinilaiId"], 0) + 1
    assert set(per_person.values()) == {1}, per_person


def test_queue_send_with_assessor_and_codes(closed_month):
    admin = login(closed_month.city, closed_month.users["city_admin"])
    response = admin.post("/siasn/results/queue/", {"period": closed_month.period.pk}, follow=True)
    assert response.status_code == 200
    items = _items(closed_month)
    assert len(items) == 5 and {i.state for i in items.values()} == {"pending"}
    payload = items[STAF1].payload
    assert payload["tahun"] == 2026 and payload["bulanMulaiPenilaian"] == 11
    assert (
        payload["hasilKinerjaNilai"],
        payload["perilakuKerjaNilai"],
        payload["kuadranKinerjaNilai"],
    ) == ("2", "3", "2")
    assert payload["penilaiNipNrp"] == KABID and payload["penilaiNama"].startswith("Siti Rahmawati")
    assert (
        payload["penilaiGolongan"] == "IV/a" and payload["penilaiJabatanNama"] == "Kepala Bidang SD"
    )
    assert payload["statusPenilai"] == "ASN"
    assert items[KADIS].payload["penilaiNipNrp"] == ""  # nobody above the head of agency
    response = admin.post("/siasn/results/send/", follow=True)
    assert response.status_code == 200
    items = _items(closed_month)
    assert {i.state for i in items.values()} == {"sent"}
    assert all(i.siasn_id for i in items.values())
    assert len(closed_month.fake.records) == 5
    _one_record_each(closed_month)
    # The page lists each person with the state.
    html = admin.get("/siasn/results/?state=sent").content.decode()
    assert "Budi Santoso" in html


def test_requeue_is_idempotent_and_a_correction_replaces(closed_month):
    from core.performance.models import MonthlyResult
    from core.siasn import services

    actor = closed_month.users["city_admin"]
    queued = closed_month.run(services.queue_results, 2026, 11, actor=actor)
    assert queued.created == 5
    closed_month.run(services.send_all)
    again = closed_month.run(services.queue_results, 2026, 11, actor=actor)
    assert (again.created, again.replaced, again.unchanged) == (0, 0, 5)
    assert closed_month.run(services.send_all).handled == 0
    old_id = _items(closed_month)[STAF2].siasn_id
    with in_city(closed_month.city):  # a recorded correction changed Dewi's predicate
        MonthlyResult.objects.filter(employee__nip=STAF2).update(
            predicate="baik", results_rating="sesuai"
        )
    fixed = closed_month.run(services.queue_results, 2026, 11, actor=actor)
    assert (fixed.replaced, fixed.unchanged) == (1, 4)
    closed_month.run(services.send_all)
    item = _items(closed_month)[STAF2]
    assert item.state == "sent" and item.siasn_id != old_id
    assert old_id not in closed_month.fake.records
    assert closed_month.fake.count("DELETE", "/apisiasn/1.0/kinerjaperiodik/delete/") == 1
    assert len(closed_month.fake.records) == 5
    _one_record_each(closed_month)


def test_failures_retry_with_backoff_and_refusals_stop(closed_month, settings):
    from core.siasn import services

    actor = closed_month.users["city_admin"]
    closed_month.run(services.queue_results, 2026, 11, actor=actor)
    # The first person's save fails on every attempt of the batch (5xx): retried later.
    closed_month.fake.fail_next(3, 500)
    sent = closed_month.run(services.send_due)
    assert (sent.sent, sent.retry) == (4, 1)
    retrying = [i for i in _items(closed_month).values() if i.state == "retry"][0]
    assert retrying.attempts == 1 and retrying.last_status == 500 and retrying.answer
    closed_month.run(services.send_all)
    assert {i.state for i in _items(closed_month).values()} == {"sent"}
    # A refusal (4xx) stops at once with BKN's answer; the retry button sends it again.
    item = _items(closed_month)[STAF1]
    with in_city(closed_month.city):
        from core.siasn.models import OutboxItem

        OutboxItem.objects.filter(pk=item.pk).update(
            state="pending", payload={**item.payload, "kuadranKinerjaNilai": ""}
        )
    closed_month.run(services.send_due)
    item = _items(closed_month)[STAF1]
    assert item.state == "stopped" and item.last_status == 400
    assert "kuadranKinerjaNilai" in item.answer
    admin = login(closed_month.city, closed_month.users["city_admin"])
    assert "kuadranKinerjaNilai" in admin.get("/siasn/results/?state=stopped").content.decode()
    assert admin.post(f"/siasn/results/{item.pk}/retry/").status_code == 302
    assert _items(closed_month)[STAF1].state == "pending"


def test_five_percent_failures_end_sent_or_stopped_never_twice(closed_month):
    from core.siasn import services

    closed_month.run(services.queue_results, 2026, 11, actor=closed_month.users["city_admin"])
    closed_month.fake.failure_rate = 0.3
    closed_month.run(services.send_all)
    states = {i.state for i in _items(closed_month).values()}
    assert states <= {"sent", "stopped"}
    _one_record_each(closed_month)
    assert len(closed_month.fake.records) == sum(
        1 for i in _items(closed_month).values() if i.state == "sent"
    )


def test_delete_from_siasn_and_send_again(closed_month):
    from core.siasn import services

    closed_month.run(services.queue_results, 2026, 11, actor=closed_month.users["city_admin"])
    closed_month.run(services.send_all)
    item = _items(closed_month)[STAF1]
    admin = login(closed_month.city, closed_month.users["city_admin"])
    assert admin.post(f"/siasn/results/{item.pk}/delete/").status_code == 302
    assert item.siasn_id not in closed_month.fake.records
    assert _items(closed_month)[STAF1].state == "deleted"
    admin.post(f"/siasn/results/{item.pk}/retry/")
    closed_month.run(services.send_all)
    assert _items(closed_month)[STAF1].state == "sent"
    assert len(closed_month.fake.records) == 5


def test_open_month_and_missing_mapping_are_refused(closed_month):
    from core.performance.models import Period
    from core.siasn import services
    from core.siasn.models import CodeMapping

    actor = closed_month.users["city_admin"]
    with in_city(closed_month.city):
        Period.objects.create(year=2026, month=10)
        with pytest.raises(services.SiasnRefused, match="bulan yang sudah ditutup"):
            services.queue_results(2026, 10, actor=actor)
        CodeMapping.objects.filter(kind="kuadran", value="butuh_perbaikan").delete()
        queued = services.queue_results(2026, 11, actor=actor)
    assert queued.created == 4 and queued.skipped


def test_closing_a_month_queues_its_results(connected, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from core.performance.models import Period
    from core.siasn.models import OutboxItem

    with in_city(connected.city):
        period = Period.objects.create(year=2026, month=11)
        with django_capture_on_commit_callbacks(execute=True):
            period.status = "closed"
            period.closed_at = timezone.now()
            period.save(update_fields=["status", "closed_at"])
        assert OutboxItem.objects.count() == 0  # no results in that month: nothing queued


def test_api_queue_send_and_list(closed_month):
    api = login(closed_month.city, closed_month.users["city_admin"])
    response = api.post("/api/v1/siasn/outbox/queue/", {"year": 2026, "month": 11})
    assert response.status_code == 200 and response.json()["created"] == 5
    response = api.post("/api/v1/siasn/outbox/send/")
    assert response.status_code == 200 and response.json()["sent"] == 5
    listing = api.get("/api/v1/siasn/outbox/?state=sent").json()
    assert listing["count"] == 5 and listing["results"][0]["state_label"]
    assert api.post("/api/v1/siasn/outbox/queue/", {"year": 2026, "month": 13}).status_code == 400
    outsider = login(closed_month.city, closed_month.users["opd_admin"])
    assert outsider.post("/api/v1/siasn/outbox/send/").status_code == 403


def test_operator_command_pull_and_push(closed_month):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("siasn_sync", "--city", "surabaya", "pull", stdout=out)
    assert "pulled 6/6" in out.getvalue()
    out = StringIO()
    call_command(
        "siasn_sync", "--city", "surabaya", "push", "--year", "2026", "--month", "11", stdout=out
    )
    assert "queued 5" in out.getvalue() and "sent 5" in out.getvalue()
    assert len(closed_month.fake.records) == 5


def test_daily_progress_export_for_an_opd_and_oneself(closed_month):
    from datetime import date

    from django.utils import timezone

    from core.configuration.models import ActivityType
    from core.people.models import Employee
    from core.performance.models import ActivityEntry

    with in_city(closed_month.city):
        budi = Employee.objects.get(nip=STAF1)
        kind = ActivityType.objects.filter(is_active=True).first()
        ActivityEntry.objects.create(
            employee=budi, activity_type=kind, day=date(2026, 11, 3), volume=2,
            minutes=kind.standard_minutes * 2, status="approved", submitted_at=timezone.now(),
            pending_since=timezone.now(), created_by=closed_month.users["asn"],
            note="=HYPERLINK(1)",
        )  # fmt: skip
        ActivityEntry.objects.create(
            employee=budi, activity_type=kind, day=date(2026, 11, 4), volume=1,
            minutes=kind.standard_minutes, status="submitted", submitted_at=timezone.now(),
            pending_since=timezone.now(), created_by=closed_month.users["asn"],
        )  # fmt: skip
        opd = budi.assignments.first().position.org_unit.opd_id
    admin = login(closed_month.city, closed_month.users["city_admin"])
    response = admin.get(f"/siasn/export/?month=2026-11&opd={opd}")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "nip;tanggal;kegiatan;volume;satuan;menit;bukti"
    assert len(lines) == 2 and lines[1].startswith(f"{STAF1};2026-11-03;")  # verified only
    budi_client = login(closed_month.city, closed_month.users["asn"])
    assert budi_client.get(f"/siasn/export/?month=2026-11&nip={STAF1}").status_code == 200
    assert budi_client.get(f"/siasn/export/?month=2026-11&nip={KABID}").status_code == 403
    assert budi_client.get(f"/siasn/export/?month=2026-11&opd={opd}").status_code == 403
    assert admin.get("/siasn/export/?month=2026-13&opd=1").status_code == 400
    assert admin.get("/siasn/export/?month=2026-11&nip=199912312020121001").status_code == 404


def test_supervisors_in_bulk_equal_the_hierarchy_rule(closed_month):
    """services.supervisors_on (two queries for everyone) == hierarchy.supervisor_id_of."""
    from datetime import date

    from core.people.hierarchy import supervisor_id_of
    from core.people.models import Employee
    from core.people.services import change_status
    from core.siasn.services import supervisors_on

    with in_city(closed_month.city):
        ids = list(Employee.objects.values_list("pk", flat=True))
        day = date(2026, 11, 30)
        assert supervisors_on(day, ids) == {pk: supervisor_id_of(pk, day) for pk in ids}
        # The head of division leaves: her staff's supervisor is the head of agency.
        siti = Employee.objects.get(nip=KABID)
        change_status(siti, "moved", on=date(2026, 11, 1), actor=closed_month.users["city_admin"])
        assert supervisors_on(day, ids) == {pk: supervisor_id_of(pk, day) for pk in ids}
        budi = Employee.objects.get(nip=STAF1).pk
        assert supervisors_on(day, [budi])[budi] == Employee.objects.get(nip=KADIS).pk
