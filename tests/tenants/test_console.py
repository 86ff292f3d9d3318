"""The operator console: cities at a glance, provisioning, status and addresses."""

from core.configuration import services as configuration_services
from tenants.models import City, Domain
from tenants.rules import CityStatus
from tests.conftest import client_for, in_city, login


def test_console_lists_cities_with_counts(db, operator):
    response = login(None, operator).get("/console/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kota Surabaya" in body and "Kota Jambi" in body
    assert sum(row["count"] for row in response.context["counts"]) == City.objects.count()


def test_operator_provisions_a_city_from_the_console(db, operator):
    client = login(None, operator)
    response = client.post(
        "/console/", {"slug": "kota-batu", "name": "Kota Batu", "province": "Jawa Timur"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/console/cities/kota-batu/"
    city = City.objects.get(slug="kota-batu")
    assert city.status == CityStatus.ACTIVE
    assert city.status_changes.get().actor == operator
    with in_city(city):
        assert configuration_services.is_adopted()  # the console adopts the default model
    page = client.get(response["Location"])
    assert "kota-batu.localhost" in page.content.decode()


def test_console_shows_why_a_slug_is_refused(db, operator):
    response = login(None, operator).post("/console/", {"slug": "admin", "name": "Kota Admin"})
    assert response.status_code == 200
    assert response.context["form"].errors["slug"]
    assert not City.objects.filter(slug="admin").exists()


def test_trainer_may_only_create_pilot_cities(db, trainer):
    client = login(None, trainer)
    refused = client.post("/console/", {"slug": "kota-latih", "name": "Kota Latih"})
    assert refused.status_code == 200
    assert not City.objects.filter(slug="kota-latih").exists()
    accepted = client.post(
        "/console/",
        {"slug": "kota-latih", "name": "Kota Latih", "pilot": "on", "expires_on": "2027-03-31"},
    )
    assert accepted.status_code == 302
    assert City.objects.get(slug="kota-latih").status == CityStatus.PILOT


def test_city_staff_cannot_open_the_console(surabaya, make_user):
    from core.accounts.roles import Role

    admin = make_user(surabaya, Role.CITY_ADMIN, "admin-sby")
    client = login(surabaya, admin)
    assert client.get("/console/").status_code == 404  # the console is not a city page


def test_anonymous_visitor_is_sent_to_sign_in(db):
    response = client_for(None).get("/console/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_operator_adds_a_custom_domain(jambi, operator):
    client = login(None, operator)
    response = client.post("/console/cities/jambi/domains/", {"host": "Kinerja.JambiKota.go.id."})
    assert response.status_code == 302
    domain = Domain.objects.get(domain="kinerja.jambikota.go.id")
    assert (domain.tenant_id, domain.is_primary) == (jambi.pk, False)
    redirect = client_for(None, HTTP_HOST="kinerja.jambikota.go.id").get("/")
    assert redirect.status_code == 301


def test_operator_makes_a_custom_domain_primary(jambi, operator):
    client = login(None, operator)
    client.post(
        "/console/cities/jambi/domains/", {"host": "kinerja.jambikota.go.id", "make_primary": "on"}
    )
    assert jambi.primary_domain() == "kinerja.jambikota.go.id"
    assert Domain.objects.filter(tenant=jambi, is_primary=True).count() == 1


def test_domain_of_another_city_is_refused_with_a_message(jambi, surabaya, operator):
    response = login(None, operator).post(
        "/console/cities/jambi/domains/", {"host": "surabaya.localhost"}
    )
    assert response.status_code == 400
    assert response.context["domain_form"].errors["host"]
    assert Domain.objects.get(domain="surabaya.localhost").tenant_id == surabaya.pk


def test_squatting_a_future_city_address_is_refused(jambi, operator):
    response = login(None, operator).post(
        "/console/cities/jambi/domains/", {"host": "batu.localhost"}
    )
    assert response.status_code == 400
    assert not Domain.objects.filter(domain="batu.localhost").exists()


def test_trainer_cannot_add_domains(jambi, trainer):
    response = login(None, trainer).post(
        "/console/cities/jambi/domains/", {"host": "kinerja.jambikota.go.id"}
    )
    assert response.status_code == 403
    assert not Domain.objects.filter(domain="kinerja.jambikota.go.id").exists()


def test_city_page_shows_the_history(jambi, operator):
    client = login(None, operator)
    client.post("/console/cities/jambi/status/", {"status": "suspended", "reason": "Audit BPK"})
    page = client.get("/console/cities/jambi/").content.decode()
    assert "Audit BPK" in page and "operator" in page
