"""Provisioning a city: all or nothing, one winner under a race, a schema equal to a
migrated one, and the command's summary."""

import json
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from tenants.models import City, CityStatusChange, Domain
from tenants.rules import CityStatus
from tenants.schema_builder import (
    applied_migrations,
    build_city_schema,
    describe_schema,
    expected_migrations,
    migrate_schema,
)
from tenants.services import Actor, ProvisioningError, provision_city
from tests.conftest import client_for
from tests.tenants.cleanup import drop_city

ACTOR = Actor(label="tests")


def schema_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = %s)", [name])
        return cursor.fetchone()[0]


def test_provisions_row_domain_schema_and_history(db):
    result = provision_city("kota-batu", name="Kota Batu", province="Jawa Timur", actor=ACTOR)

    city = City.objects.get(slug="kota-batu")
    assert (city.name, city.status, city.schema_name) == ("Kota Batu", "active", "city_kota_batu")
    assert list(city.domains.values_list("domain", "is_primary")) == [("kota-batu.localhost", True)]
    assert schema_exists("city_kota_batu")
    assert CityStatusChange.objects.get(city=city).to_status == "active"
    assert result.as_dict()["domains"] == ["kota-batu.localhost"]
    assert client_for(city).get("/accounts/login/").status_code == 200


def test_pilot_city_has_pilot_status_and_expiry(db):
    from datetime import date

    provision_city(
        "uji-latih", name="Kota Latih", pilot=True, expires_on=date(2027, 1, 31), actor=ACTOR
    )
    city = City.objects.get(slug="uji-latih")
    assert (city.status, city.is_pilot, city.pilot_expires_on) == (
        CityStatus.PILOT,
        True,
        date(2027, 1, 31),
    )


@pytest.mark.parametrize(
    ("_case", "slug", "fields", "message"),
    [
        ("_reserved", "admin", {"name": "Kota Admin"}, "reserved"),
        ("_malformed", "Kota_Batu", {"name": "Kota Batu"}, "lowercase"),
        ("_no_name", "kota-batu", {"name": "  "}, "name"),
        (
            "_expiry_without_pilot",
            "kota-batu",
            {"name": "Kota Batu", "expires_on": "2027-01-01"},
            "pilot",
        ),
        ("_taken", "jambi", {"name": "Kota Jambi Lagi"}, "already exists"),
    ],
)
def test_bad_provisioning_is_refused_and_writes_nothing(db, _case, slug, fields, message):
    before = (City.objects.count(), Domain.objects.count(), CityStatusChange.objects.count())
    with pytest.raises(ProvisioningError, match=message):
        provision_city(slug, actor=ACTOR, **fields)
    after = (City.objects.count(), Domain.objects.count(), CityStatusChange.objects.count())
    assert after == before


def test_failure_part_way_leaves_no_schema_domain_or_row(db):
    def fail(city):
        assert schema_exists(city.schema_name)  # the schema was built, then...
        raise RuntimeError("template adoption failed")

    with pytest.raises(RuntimeError, match="adoption"):
        provision_city("kota-gagal", name="Kota Gagal", actor=ACTOR, after_build=fail)

    assert not City.objects.filter(slug="kota-gagal").exists()
    assert not Domain.objects.filter(domain="kota-gagal.localhost").exists()
    assert not CityStatusChange.objects.filter(city__slug="kota-gagal").exists()
    assert not schema_exists("city_kota_gagal")
    assert client_for(None, HTTP_HOST="kota-gagal.localhost").get("/").status_code == 404


def test_concurrent_provisioning_of_one_slug_has_one_winner(django_db_blocker):
    """Two real transactions on two connections, committed: the loser gets a clear error."""
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def provision() -> None:
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):  # a new thread starts in the default language
                outcomes.append(provision_city("uji-balapan", name="Kota Balapan", actor=ACTOR))
        except Exception as exc:  # the outcome is what the test inspects
            outcomes.append(exc)
        finally:
            connection.close()

    with django_db_blocker.unblock():
        drop_city("uji-balapan")
        try:
            threads = [threading.Thread(target=provision) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            errors = [o for o in outcomes if isinstance(o, Exception)]
            assert len(outcomes) == 2
            assert len(errors) == 1, errors
            assert isinstance(errors[0], ProvisioningError)
            assert "already exists" in str(errors[0])
            assert City.objects.filter(slug="uji-balapan").count() == 1
            assert Domain.objects.filter(domain="uji-balapan.localhost").count() == 1
            assert schema_exists("city_uji_balapan")
        finally:
            drop_city("uji-balapan")
            connection.set_schema_to_public()


def test_built_schema_is_identical_to_a_migrated_one(surabaya):
    migrate_schema("uji_migrated")  # the normal way: every migration replayed (rolled back)
    build_city_schema("uji_built")

    migrated, built = describe_schema("uji_migrated"), describe_schema("uji_built")
    assert migrated.columns  # a real schema, not two empty ones
    assert built.columns == migrated.columns
    assert built.constraints == migrated.constraints
    assert built.indexes == migrated.indexes
    assert built.triggers == migrated.triggers
    assert built.sequences == migrated.sequences
    assert describe_schema(surabaya.schema_name) == migrated
    assert applied_migrations("uji_built") == applied_migrations("uji_migrated")
    assert expected_migrations() <= applied_migrations("uji_built")


def test_built_schema_has_the_seed_rows_of_a_migrated_one(surabaya):
    migrate_schema("uji_migrated")
    with connection.cursor() as cursor:
        for table in ("django_content_type", "auth_permission"):
            cursor.execute(
                f"SELECT count(*) FROM uji_migrated.{table} UNION ALL "
                f"SELECT count(*) FROM {surabaya.schema_name}.{table}"
            )
            migrated, built = (row[0] for row in cursor.fetchall())
            assert built == migrated > 0, table


def test_command_prints_a_json_summary(db, capsys):
    call_command(
        "provision_city",
        "kota-kediri",
        "--name",
        "Kota Kediri",
        "--province",
        "Jawa Timur",
        "--json",
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary["slug"] == "kota-kediri"
    assert summary["schema"] == "city_kota_kediri"
    assert summary["domains"] == ["kota-kediri.localhost"]
    assert summary["status"] == "active"
    assert summary["seconds"] > 0


def test_command_prints_a_readable_summary(db, capsys):
    call_command("provision_city", "kota-madiun", "--name", "Kota Madiun")
    out = capsys.readouterr().out
    assert "Kota Madiun" in out and "city_kota_madiun" in out


def test_command_refuses_a_reserved_slug_clearly(db):
    with pytest.raises(CommandError, match="reserved"):
        call_command("provision_city", "www", "--name", "Kota WWW")
    assert not City.objects.filter(slug="www").exists()


def test_command_refuses_expiry_without_pilot(db):
    with pytest.raises(CommandError, match="--pilot"):
        call_command(
            "provision_city", "kota-batu", "--name", "Kota Batu", "--expires", "2027-01-01"
        )


def test_a_constraint_broken_by_template_adoption_is_not_reported_as_a_taken_slug(db):
    from django.db import IntegrityError

    def adopt(city):
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL search_path = {city.schema_name}")
            cursor.execute("INSERT INTO accounts_user (username) VALUES (NULL)")

    with pytest.raises(IntegrityError):
        provision_city("kota-rusak", name="Kota Rusak", actor=ACTOR, after_build=adopt)
    assert not City.objects.filter(slug="kota-rusak").exists()
    assert not schema_exists("city_kota_rusak")
