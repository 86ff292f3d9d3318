"""Host -> city routing: public site, cities, unknown hosts, secondary domains, statuses."""

import pytest

from tenants.models import Domain
from tenants.routing import resolve_host
from tenants.rules import CityStatus
from tenants.services import Actor, add_domain, change_city_status
from tests.conftest import client_for, login

ACTOR = Actor(label="tests")


@pytest.mark.parametrize(
    "host", ["nowhere.localhost", "example.com", "surabaya.example.com", "a.b.localhost"]
)
def test_unknown_host_gets_404_page_and_no_city(db, host):
    for path in ("/", "/accounts/login/", "/api/v1/"):
        response = client_for(None, HTTP_HOST=host).get(path)
        assert response.status_code == 404
        body = response.content.decode()
        assert "Kota Surabaya" not in body and "Kota Jambi" not in body


def test_unknown_host_api_gets_json_404(db):
    response = client_for(None, HTTP_HOST="nowhere.localhost").get("/api/v1/cities/")
    assert response.status_code == 404
    assert response.json()["message"]


def test_city_host_serves_that_city(jambi):
    response = client_for(jambi).get("/accounts/login/")
    assert response.status_code == 200
    assert "Kota Jambi" in response.content.decode()
    assert "Kota Surabaya" not in response.content.decode()


def test_public_host_serves_landing(db):
    response = client_for(None).get("/")
    assert response.status_code == 200
    assert b"Sinergi" in response.content
    assert client_for(None, HTTP_HOST="www.localhost").get("/").status_code == 200


def test_host_with_port_and_upper_case_is_routed(jambi):
    response = client_for(None, HTTP_HOST="JAMBI.localhost:8000").get("/accounts/login/")
    assert response.status_code == 200
    assert "Kota Jambi" in response.content.decode()


def test_city_still_applying_is_not_served(jambi):
    jambi.status = CityStatus.APPLIED
    jambi.save(update_fields=["status"])
    assert client_for(jambi).get("/accounts/login/").status_code == 404


def test_archived_city_answers_410(jambi):
    change_city_status(jambi, CityStatus.SUSPENDED, actor=ACTOR, reason="Contract ended")
    change_city_status(jambi, CityStatus.ARCHIVED, actor=ACTOR, reason="Contract ended")
    page = client_for(jambi).get("/accounts/login/")
    assert page.status_code == 410
    assert "Kota Jambi" in page.content.decode()
    api = client_for(jambi).get("/api/schema/")
    assert api.status_code == 410
    assert "Kota Jambi" in api.json()["message"]


def test_secondary_domain_redirects_permanently_to_the_primary(jambi):
    add_domain(jambi, "kinerja.jambikota.go.id")
    response = client_for(None, HTTP_HOST="kinerja.jambikota.go.id:8000").get(
        "/accounts/login/?next=/work/"
    )
    assert response.status_code == 301
    assert response["Location"] == "http://jambi.localhost:8000/accounts/login/?next=/work/"


def test_custom_domain_made_primary_serves_the_city(jambi):
    add_domain(jambi, "kinerja.jambikota.go.id", make_primary=True)
    response = client_for(None, HTTP_HOST="kinerja.jambikota.go.id").get("/accounts/login/")
    assert response.status_code == 200
    assert "Kota Jambi" in response.content.decode()
    old = client_for(jambi).get("/accounts/login/")
    assert old.status_code == 301
    assert old["Location"] == "http://kinerja.jambikota.go.id/accounts/login/"


def test_duplicate_domain_is_refused(jambi, surabaya):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        add_domain(surabaya, "jambi.localhost")
    assert Domain.objects.get(domain="jambi.localhost").tenant_id == jambi.pk


def test_route_cache_is_dropped_when_status_changes(jambi, django_assert_num_queries):
    assert resolve_host("jambi.localhost").city.status == CityStatus.ACTIVE
    with django_assert_num_queries(0):
        resolve_host("jambi.localhost")  # cached
    change_city_status(jambi, CityStatus.SUSPENDED, actor=ACTOR, reason="Audit")
    assert resolve_host("jambi.localhost").city.status == CityStatus.SUSPENDED


def test_route_cache_is_dropped_when_a_domain_is_added(jambi):
    assert resolve_host("kinerja.jambikota.go.id").kind == "unknown"
    add_domain(jambi, "kinerja.jambikota.go.id")
    assert resolve_host("kinerja.jambikota.go.id").kind == "redirect"


def test_suspension_takes_effect_on_the_next_request(jambi, make_user):
    from core.accounts.roles import Role

    admin = make_user(jambi, Role.CITY_ADMIN, "admin-jambi")
    client = login(jambi, admin)
    assert client.post("/").status_code == 405  # the home page only reads
    change_city_status(jambi, CityStatus.SUSPENDED, actor=ACTOR, reason="Audit")
    assert client.post("/").status_code == 403  # refused before any view runs
