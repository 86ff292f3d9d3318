"""Data lifecycle: export ZIP with manifest, backup then restore, archive, two-operator purge."""

import csv
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.accounts.roles import Role
from onboarding import schema_data
from onboarding.models import CityExport, PurgeRequest
from onboarding.services import lifecycle
from tenants.models import City
from tenants.rules import CityStatus
from tenants.services import Actor, change_city_status, provision_city
from tests.conftest import client_for, in_city, login

ACTOR = Actor(label="tests")


@pytest.fixture
def city(db, make_user):
    city = provision_city("kota-arsip", name="Kota Arsip", actor=ACTOR).city
    make_user(city, Role.CITY_ADMIN, "admin.arsip", "Admin Arsip", email="admin@arsip.go.id")
    make_user(city, Role.ASN, "199001012015011001", "Budi Santoso")
    from core.organisation.models import OrgUnit

    with in_city(city):
        OrgUnit.objects.create(
            name="Dinas Pendidikan", code="DISDIK", kind="opd", path="Dinas Pendidikan"
        )
    return city


def test_backup_then_restore_gives_back_identical_data(city):
    before = schema_data.table_checksums(city.schema_name)
    record = lifecycle.backup_city(city, actor=ACTOR)
    assert record.kind == "backup" and record.rows >= 3

    from django.contrib.auth import get_user_model

    from core.organisation.models import OrgUnit

    with in_city(city):  # change everything the backup holds
        get_user_model().objects.filter(username="admin.arsip").update(full_name="Diubah")
        get_user_model().objects.filter(username="199001012015011001").update(is_active=False)
        OrgUnit.objects.create(name="Dinas Baru", code="BARU", kind="opd", path="Dinas Baru")
    assert schema_data.table_checksums(city.schema_name) != before

    lifecycle.restore_city(city, record.path, actor=ACTOR)
    assert schema_data.table_checksums(city.schema_name) == before
    with in_city(city):  # and the restored schema works: sequences continue, constraints hold
        unit = OrgUnit.objects.create(name="Dinas Lain", code="LAIN", kind="opd", path="Dinas Lain")
        assert unit.pk > 1
        with pytest.raises(Exception), connection.cursor() as cursor:  # noqa: B017 - unique index restored
            cursor.execute("SAVEPOINT u")
            OrgUnit.objects.create(name="Dup", code="X", kind="opd", path="Dinas Lain")


def test_restore_refuses_another_citys_backup(city, jambi):
    record = lifecycle.backup_city(city, actor=ACTOR)
    with pytest.raises(ValidationError):
        lifecycle.restore_city(jambi, record.path, actor=ACTOR)


def test_export_is_a_zip_of_csv_per_table_with_manifest(city):
    record = lifecycle.export_city(city, actor=ACTOR)
    with zipfile.ZipFile(record.path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
        users = list(csv.DictReader(io.TextIOWrapper(archive.open("accounts_user.csv"), "utf-8")))
    assert manifest["city"] == "kota-arsip" and manifest["format"] == "sinergi-export/1"
    tables = {t["table"]: t for t in manifest["tables"]}
    assert {t["file"] for t in manifest["tables"]} | {"manifest.json"} == names
    assert tables["accounts_user"]["rows"] == 2 == len(users)
    assert "password" not in users[0]  # secrets are not exported
    assert "django_session" not in tables
    assert {u["username"] for u in users} == {"admin.arsip", "199001012015011001"}


def test_archive_exports_first_then_purge_needs_a_second_operator(city, operator, second_operator):
    with pytest.raises(ValidationError):  # an active city must be suspended first
        lifecycle.archive_city(city, actor=Actor.of(operator), reason="Kontrak berakhir")
    change_city_status(
        city, CityStatus.SUSPENDED, actor=Actor.of(operator), reason="Kontrak berakhir"
    )
    staff = login(None, operator)
    assert (
        staff.post("/onboarding/cities/kota-arsip/status/archive/", {"reason": ""}).status_code
        == 400
    )
    response = staff.post(
        "/onboarding/cities/kota-arsip/status/archive/", {"reason": "Kontrak berakhir"}
    )
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.status == CityStatus.ARCHIVED
    assert CityExport.objects.filter(city=city, kind="export").count() == 1
    assert client_for(city).get("/").status_code == 410

    assert (
        staff.post(
            "/onboarding/cities/kota-arsip/purge/", {"reason": "Permintaan tertulis"}
        ).status_code
        == 302
    )
    purge = PurgeRequest.objects.get(city=city)
    # The requester cannot confirm their own purge.
    staff.post(f"/onboarding/cities/kota-arsip/purge/{purge.pk}/confirm/")
    assert schema_data.schema_exists(city.schema_name)
    purge.refresh_from_db()
    assert purge.purged_at is None

    other = login(None, second_operator)
    assert other.post(f"/onboarding/cities/kota-arsip/purge/{purge.pk}/confirm/").status_code == 302
    assert not schema_data.schema_exists(city.schema_name)
    purge.refresh_from_db()
    assert (purge.confirmed_by, purge.purged_at is not None) == (second_operator, True)
    assert City.objects.filter(
        slug="kota-arsip", status=CityStatus.ARCHIVED
    ).exists()  # no silent delete


def test_purge_refused_for_a_city_not_archived(city, operator):
    with pytest.raises(ValidationError):
        lifecycle.request_purge(city, operator=operator, reason="x")
    assert not PurgeRequest.objects.exists()


def test_operator_downloads_export(city, operator, trainer):
    record = lifecycle.export_city(city, actor=ACTOR)
    response = login(None, operator).get(f"/onboarding/cities/kota-arsip/files/{record.pk}/")
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).read("manifest.json")
    assert (
        login(None, trainer).get(f"/onboarding/cities/kota-arsip/files/{record.pk}/").status_code
        == 403
    )


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_operator_pages_run_export_and_backup_and_refuse_a_purge_out_of_turn(city, operator):
    staff = login(None, operator)
    for step, kind in (("export", "export"), ("backup", "backup")):
        response = staff.post(f"/onboarding/cities/kota-arsip/{step}/", follow=True)
        assert [level for level, _text in _messages(response)] == ["success"]
        assert CityExport.objects.filter(city=city, kind=kind).count() == 1

    no_reason = staff.post("/onboarding/cities/kota-arsip/purge/", {"reason": ""}, follow=True)
    not_archived = staff.post(
        "/onboarding/cities/kota-arsip/purge/", {"reason": "Permintaan tertulis"}, follow=True
    )
    assert [level for level, _text in _messages(no_reason)] == ["error"]
    assert [level for level, _text in _messages(not_archived)] == ["error"]
    assert not PurgeRequest.objects.exists()
