"""Public site, pilots and console from a city's first day: the landing page leads to the
application form, pilot cities say on every page that they are for training, the login
sheet says admins need an authenticator, the console has figures from provisioning on,
checklist items link to where they are done, and the approval result can be reloaded."""

from __future__ import annotations

import random
import re
from datetime import date

from core.accounts.roles import Role
from core.people.synthetic import (
    CLAN_NAMES,
    LAST_NAMES_F,
    LAST_NAMES_M,
    academic_titles,
    generate_rows,
    indonesian_name,
)
from onboarding.models import CityApplication, CityMetrics
from onboarding.services.applications import ApplicationData, submit_application
from onboarding.services.metrics import refresh_city_metrics
from onboarding.services.pilots import create_pilot
from tenants.models import City
from tenants.services import Actor
from tests.conftest import client_for, in_city, login


def test_landing_page_links_to_the_application_form(db):
    page = client_for(None).get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'href="/onboarding/apply/"' in page
    assert "Ajukan permohonan bergabung dengan Sinergi" in page
    assert client_for(None).get("/onboarding/apply/").status_code == 200


def test_pilot_city_has_a_training_banner_a_login_sheet_for_authenticators_and_real_names(
    db, jambi, trainer
):
    """One pilot (generating one takes a few seconds) for the three pilot checks."""
    from core.people.models import Employee

    pilot = create_pilot(
        "latihan-banner",
        name="Kota Latihan",
        population=100,
        history_days=0,
        lifetime_days=30,
        actor=Actor.of(trainer),  # the trainer's own pilot: its login sheet is theirs
        seed=7,
    ).profile.city
    for path in ("/accounts/login/", "/accounts/activate/"):
        page = client_for(pilot).get(path, HTTP_ACCEPT_LANGUAGE="id").content.decode()
        assert 'data-testid="pilot-banner"' in page and "Kota pelatihan" in page
    real = client_for(jambi).get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "pilot-banner" not in real and "Kota pelatihan" not in real

    sheet = login(None, trainer).get(
        f"/onboarding/pilots/{pilot.slug}/logins/", HTTP_ACCEPT_LANGUAGE="id"
    )
    body = sheet.content.decode()
    assert 'data-testid="authenticator-note"' in body and "aplikasi autentikator" in body
    admins = [row for row in sheet.context["logins"] if row["authenticator"]]
    assert admins and all(row["role"] in {"city_admin", "opd_admin"} for row in admins)
    assert "city_admin" not in re.sub(r"<[^>]+>", " ", body)  # a label, not the code

    with in_city(pilot):
        people = list(Employee.objects.values_list("name", "sex"))
    for name, sex in people:
        assert name.split()[-1] not in (LAST_NAMES_F if sex == "L" else LAST_NAMES_M), name


def test_a_new_city_has_console_figures_once_provisioned(
    db, operator, django_capture_on_commit_callbacks
):
    application = submit_application(
        ApplicationData(
            official_name="Kota Bontang",
            slug="bontang",
            province="Kalimantan Timur",
            contact_name="Ratna Sari",
            contact_email="ratna@bontangkota.go.id",
            contact_phone="0812 5555 0101",
            estimated_asn=3200,
        )
    )
    staff = login(None, operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"/onboarding/applications/{application.pk}/approve/")
    city = City.objects.get(slug="bontang")
    metrics = CityMetrics.objects.get(city=city)
    assert metrics.asn_count == 0 and metrics.checklist["asn"] is False
    monitor = staff.get("/onboarding/monitor/")
    row = next(r for r in monitor.context["rows"] if r["city"] == city)
    assert row["m"] == metrics
    # The approval answered with a redirect to a page that can be reloaded.
    assert response.status_code == 302
    letter = response["Location"]
    assert letter == "/onboarding/cities/bontang/invitation/letter/"
    first, again = staff.get(letter), staff.get(letter)
    assert first.context["link"] and first.context["link"] == again.context["link"]
    assert "/support/welcome/" in again.content.decode()
    # Another operator's session is not shown the link.
    other = login(None, _second_operator())
    assert other.get(letter).context["link"] == ""
    assert CityApplication.objects.get(pk=application.pk).status == "approved"


def _second_operator():
    from django.contrib.auth import get_user_model

    from tests.conftest import PASSWORD, in_public

    with in_public():
        return get_user_model().objects.create_user(
            "operator2", PASSWORD, full_name="Operator Dua", role=Role.OPERATOR
        )


def test_invitation_letter_page_is_for_operators_only(db, trainer, jambi):
    assert (
        login(None, trainer).get("/onboarding/cities/jambi/invitation/letter/").status_code == 403
    )


def test_refresh_can_measure_one_city(db, surabaya, jambi):
    assert refresh_city_metrics(cities=[jambi]) == 1
    assert list(CityMetrics.objects.values_list("city__slug", flat=True)) == ["jambi"]


def test_checklist_items_link_to_where_each_is_done(db, operator, jambi, make_user):
    platform = login(None, operator).get("/onboarding/cities/jambi/").content.decode()
    assert 'href="http://jambi.localhost/people/import/"' in platform
    assert 'href="#training"' in platform and 'id="training"' in platform
    admin = make_user(jambi, Role.CITY_ADMIN, "admin.jambi")
    city_side = login(jambi, admin).get("/support/").content.decode()
    assert 'href="/people/activation-letters/"' in city_side


# ---------------------------------------------------------------- synthetic names
def test_synthetic_names_match_the_persons_sex_and_never_repeat_a_part():
    rng = random.Random(1)
    for _ in range(2000):
        for sex, wrong in (("L", set(LAST_NAMES_F)), ("P", set(LAST_NAMES_M))):
            name = indonesian_name(rng, sex)
            parts = name.split()
            assert 2 <= len(parts) <= 3, name
            assert len(set(parts)) == len(parts), name
            assert parts[-1] not in wrong, name


def test_synthetic_names_are_varied_and_some_carry_clan_names():
    rng = random.Random(2)
    names = [indonesian_name(rng, rng.choice("LP")) for _ in range(1000)]
    assert len(set(names)) > 600
    assert any(name.split()[-1] in CLAN_NAMES for name in names)


def test_titles_go_together():
    rng = random.Random(3)
    for _ in range(2000):
        front, back = academic_titles(rng, rng.choice("LP"), senior=rng.random() < 0.5)
        if front in ("Drs.", "Dra.", "Ir.", "dr."):
            assert not back.startswith("S."), (front, back)


def test_generated_file_names_and_titles_look_real():
    rows = generate_rows(300)
    for row in rows:
        parts = row["nama"].split()
        assert parts[-1] not in (LAST_NAMES_F if row["jenis_kelamin"] == "L" else LAST_NAMES_M)


def test_pilot_population_titles_go_together():
    from onboarding.population import generate

    population = generate(400, seed=11, today=date(2026, 12, 7), city_slug="latihan")
    for person in population.employees:
        if person["front_title"] in ("dr.", "Ir.", "Drs.", "Dra.", "Dr."):
            assert not person["back_title"].startswith("S."), person
