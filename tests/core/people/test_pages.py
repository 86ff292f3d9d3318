from __future__ import annotations

import html
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from core.actors import Actor
from core.audit.models import AuditEvent
from core.people.models import Employee
from core.people.tabular import read_table
from tests.conftest import in_city, login
from tests.core.people.conftest import STAF1, base_rows, csv_bytes


def _upload(client, rows, name="asn.csv", **kwargs):
    data = csv_bytes(rows, **kwargs)
    return client.post("/people/import/", {"file": SimpleUploadedFile(name, data)})


def test_upload_preview_confirm(registry):
    client = login(registry["city"], registry["users"]["city_admin"])
    rows = base_rows()
    rows[2]["nama"] = "Budi Santoso Putra"
    rows.append(
        {
            "nip": "199811112022031001",
            "nama": "Rizky Baru",
            "jenis_asn": "PNS",
            "jabatan": "Analis Data",
            "unit_kerja": "Dinas Pendidikan > Bidang SMP",
        }
    )
    response = _upload(client, rows, delimiter=";", bom=True)
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    report = preview.context["report"]
    assert (report.created, report.updated, report.unchanged) == (1, 1, 3)
    assert report.new_units == ["Dinas Pendidikan > Bidang SMP"]
    with in_city(registry["city"]):
        assert not Employee.objects.filter(nip="199811112022031001").exists()
    done = client.post(response["Location"] + "confirm/")
    assert done.status_code == 200 and done.context["report"].created == 1
    with in_city(registry["city"]):
        assert Employee.objects.get(nip=STAF1).name == "Budi Santoso Putra"
        (event,) = AuditEvent.objects.filter(action="people.import_asn", actor_label="admin.bkpsdm")
        assert event.after == {
            "created": 1,
            "updated": 1,
            "unchanged": 3,
            "units_created": 1,
            "positions_created": done.context["report"].positions_created,
        }
    # the stored upload is gone after confirming: a second confirm is a 404
    assert client.post(response["Location"] + "confirm/").status_code == 404


def test_preview_lists_every_problem_and_confirm_button_is_absent(registry):
    client = login(registry["city"], registry["users"]["city_admin"])
    rows = base_rows()
    rows[0]["golongan"] = "V/z"
    rows[3]["nip_atasan"] = "111111111111111111"
    response = client.get(_upload(client, rows)["Location"])
    errors = [(e["row"], e["column"]) for e in response.context["report"].errors]
    assert errors == [(2, "golongan"), (5, "nip_atasan")]
    assert b"confirm/" not in response.content
    assert "Golongan V/z".lower() in response.content.decode().lower() or b"V/z" in response.content


def test_preview_messages_are_in_indonesian(registry):
    client = login(registry["city"], registry["users"]["city_admin"])
    rows = base_rows()
    rows[0]["nama"] = ""
    response = client.get(_upload(client, rows)["Location"], HTTP_ACCEPT_LANGUAGE="id")
    message = response.context["report"].errors[0]["message"]
    assert message == "Nilai ini wajib diisi."


def test_another_admin_cannot_confirm_my_upload(registry, make_user):
    from core.accounts.roles import Role

    client = login(registry["city"], registry["users"]["city_admin"])
    location = _upload(client, base_rows())["Location"]
    other = make_user(registry["city"], Role.CITY_ADMIN, "admin.lain")
    assert login(registry["city"], other).post(location + "confirm/").status_code == 404


def test_unreadable_upload_is_refused(registry):
    client = login(registry["city"], registry["users"]["city_admin"])
    response = client.post("/people/import/", {"file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert response.status_code == 200 and response.context["form"].errors


def test_export_round_trip_reproduces_the_data(registry):
    client = login(registry["city"], registry["users"]["city_admin"])
    exported = client.get("/people/export/")
    assert exported["Content-Type"].startswith("text/csv")
    table = read_table(exported.content, "asn.csv")
    assert len(table.rows) == 6
    from core.people.imports import import_asn

    with in_city(registry["city"]):
        report = import_asn(table, actor=Actor.system("tests"))
    assert report.errors == [] and report.unchanged == 6 and report.updated == 0


def test_export_as_xlsx_round_trips_too(registry):
    client = login(registry["city"], registry["users"]["executive"])
    exported = client.get("/people/export/", {"format": "xlsx"})
    table = read_table(exported.content, "asn.xlsx")
    from core.people.imports import import_asn

    with in_city(registry["city"]):
        report = import_asn(table, actor=Actor.system("tests"))
    assert report.errors == [] and report.unchanged == 6


def test_activation_letters_pdf_issues_codes_for_the_opd(registry):
    from core.accounts.models import ActivationCode

    client = login(registry["city"], registry["users"]["opd_admin"])
    response = client.post("/people/activation-letters/", {"unit": ""})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    with in_city(registry["city"]):
        nips = set(ActivationCode.objects.values_list("user__username", flat=True))
    # only the not-yet-activated people of Dinas Pendidikan (KADIS and STAF2)
    assert nips == {"197001012000031001", "199207082018012004"}


def test_acting_appointment_from_the_detail_page(registry):
    from core.organisation.models import Position

    client = login(registry["city"], registry["users"]["city_admin"])
    with in_city(registry["city"]):
        staff = Employee.objects.get(nip=STAF1)
        head = Position.objects.get(name="Kepala Bidang SD")
    response = client.post(
        f"/people/{staff.pk}/",
        {
            "position": head.pk,
            "starts_on": "2026-02-01",
            "ends_on": "2026-03-31",
            "acting": "on",
        },
    )
    assert response.status_code == 302
    with in_city(registry["city"]):
        acting = staff.assignments.get(is_acting=True)
        assert acting.position == head and str(acting.ends_on) == "2026-03-31"


def test_asn_cannot_post_appointments(registry):
    client = login(registry["city"], registry["users"]["supervisor"])
    staff_id = registry["ids"][STAF1]
    response = client.post(f"/people/{staff_id}/", {"position": 1, "starts_on": "2026-02-01"})
    assert response.status_code == 403


def test_pages_render(registry):
    client = login(registry["city"], registry["users"]["city_admin"])
    tree = client.get("/organisation/")
    assert b"Dinas Pendidikan" in tree.content and b"Bidang SD" in tree.content
    people = client.get("/people/", {"q": "Budi"}, HTTP_HX_REQUEST="true")
    assert b"Budi Santoso" in people.content and b"<html" not in people.content
    assert io.BytesIO(client.get("/people/import/").content).getvalue()


def test_inspector_audit_trail_filters(registry):
    from django.db import transaction

    from core.audit.services import record_event

    with in_city(registry["city"]), transaction.atomic():
        record_event(
            actor=Actor.system("tests"), action="people.appointed", object_type="x", object_id=1
        )
    client = login(registry["city"], registry["users"]["inspector"])
    page = client.get("/audit/", {"action": "appointed"})
    assert [e.action for e in page.context["page"]] == ["people.appointed"]
    # the page speaks of the action, not its code; the label's words find it too
    text = page.content.decode()
    assert "Diangkat dalam jabatan" in text and ">people.appointed<" not in text
    by_words = client.get("/audit/", {"action": "diangkat"})
    assert [e.action for e in by_words.context["page"]] == ["people.appointed"]
    assert client.get("/audit/", {"verify": "1"}).context["broken_at"] is None


def test_audit_trail_dates_are_the_citys_days(registry):
    """An event at 23:30 WIB belongs to that day, one at 00:30 WIB to the next, though both
    fall on the same UTC day."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine
    from django.db import transaction

    from core.audit.services import record_event

    wib = ZoneInfo("Asia/Jakarta")
    for when, action in (
        (datetime(2026, 3, 9, 23, 30, tzinfo=wib), "people.appointed"),
        (datetime(2026, 3, 10, 0, 30, tzinfo=wib), "people.retired"),
    ):
        with time_machine.travel(when, tick=False), in_city(registry["city"]), transaction.atomic():
            record_event(actor=Actor.system("tests"), action=action, object_type="x", object_id=1)
    client = login(registry["city"], registry["users"]["inspector"])

    def actions(**dates) -> list[str]:
        page = client.get("/audit/", {"object_type": "x", **dates}).context["page"]
        return [e.action for e in page if e.action.startswith("people.")]

    assert actions(date_from="2026-03-09", date_to="2026-03-09") == ["people.appointed"]
    assert actions(date_from="2026-03-10") == ["people.retired"]
    assert actions(date_to="2026-03-10") == ["people.retired", "people.appointed"]


def test_audit_trail_finds_an_object_kind_by_its_name(registry):
    from django.db import transaction

    from core.audit.services import record_event

    with in_city(registry["city"]), transaction.atomic():
        record_event(
            actor=Actor.system("tests"),
            action="performance.correction.approve",
            object_type="performance.correction",
            object_id=1,
        )
    client = login(registry["city"], registry["users"]["inspector"])
    page = client.get("/audit/", {"object_type": "koreksi"})
    assert {e.object_type for e in page.context["page"]} == {"performance.correction"}


def test_audit_trail_names_the_actor_and_finds_them_by_name(registry):
    from django.db import transaction

    from core.accounts.models import User
    from core.audit.services import record_event

    with in_city(registry["city"]):
        admin = User.objects.get(username=registry["users"]["city_admin"].username)
        with transaction.atomic():
            record_event(actor=admin, action="people.appointed", object_type="x", object_id=1)
    client = login(registry["city"], registry["users"]["inspector"])
    first_name = admin.full_name.split()[0]
    page = client.get("/audit/", {"actor": first_name})
    assert [e.actor_label for e in page.context["page"]][:1] == [admin.username]
    assert admin.full_name in page.content.decode()


def test_audit_trail_pages_keep_the_filter(registry):
    """The next page of a filtered trail is the filtered trail's next page."""
    from django.db import transaction

    from core.audit.services import record_event

    with in_city(registry["city"]), transaction.atomic():
        for n in range(30):
            record_event(
                actor=Actor.system("tests"), action="people.retired", object_type="x", object_id=n
            )
    client = login(registry["city"], registry["users"]["inspector"])
    first = client.get("/audit/", {"action": "people.retired"})
    link = re.search(r'<a href="([^"]+)" rel="next">', first.content.decode()).group(1)
    assert "action=people.retired" in link and "page=2" in link
    second = client.get("/audit/" + html.unescape(link))
    assert {e.action for e in second.context["page"]} == {"people.retired"}
    assert len(second.context["page"]) == 5
    assert "halaman 2 dari 2" in second.content.decode()


def test_retiring_a_person_ends_positions_and_the_account(registry):
    from core.accounts.models import User

    client = login(registry["city"], registry["users"]["city_admin"])
    supervisor_id = registry["ids"]["198003152005012002"]
    response = client.post(
        f"/people/{supervisor_id}/status/",
        {"status": "retired", "on": "2026-01-31", "reason": "Batas usia pensiun"},
    )
    assert response.status_code == 302
    with in_city(registry["city"]):
        person = Employee.objects.get(pk=supervisor_id)
        assert person.status == "retired"
        assert not person.assignments.filter(ends_on__isnull=True).exists()
        assert not User.objects.get(username="198003152005012002").is_active


def test_opd_admin_cannot_change_status_outside_their_opd(registry):
    client = login(registry["city"], registry["users"]["opd_admin"])
    outsider = registry["ids"]["197411112001121001"]
    response = client.post(f"/people/{outsider}/status/", {"status": "moved", "on": "2026-01-31"})
    assert response.status_code == 404
    with in_city(registry["city"]):
        assert Employee.objects.get(pk=outsider).status == "active"


def test_employee_list_queries_do_not_grow_with_people(registry):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.people.imports import import_asn
    from core.people.synthetic import generate_rows
    from core.people.tabular import write_csv

    client = login(registry["city"], registry["users"]["city_admin"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/people/").status_code == 200
        return len(captured)

    queries()  # the first request also saves the session and fills the branding cache
    before = queries()
    with in_city(registry["city"]):
        table = read_table(write_csv(generate_rows(40, seed=3)), "asn.csv")
        assert import_asn(table, actor=Actor.system("tests")).created == 40
    after = queries()
    assert after == before
