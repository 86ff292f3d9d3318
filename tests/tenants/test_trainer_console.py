"""The console for trainers: pilot cities only; the operator sees every city."""

from __future__ import annotations

from tenants.models import City, CityStatusChange
from tests.conftest import login


def test_trainer_cannot_open_a_real_citys_console_page(surabaya, trainer):
    response = login(None, trainer).get("/console/cities/surabaya/")
    assert response.status_code == 404


def test_trainer_opens_a_pilot_city_and_lists_only_pilots(surabaya, jambi, trainer):
    City.objects.filter(pk=jambi.pk).update(is_pilot=True)
    CityStatusChange.objects.create(  # jambi is a pilot this trainer created
        city=jambi, from_status="", to_status="pilot", actor=trainer, actor_label="trainer"
    )
    client = login(None, trainer)
    assert client.get("/console/cities/jambi/").status_code == 200
    listing = client.get("/console/").content.decode()
    assert "Kota Jambi" in listing and "Kota Surabaya" not in listing


def test_trainer_sees_only_their_own_pilots(surabaya, jambi, trainer, make_user, operator):
    """Another trainer's pilot is as absent as a real city: console, page and API."""
    from core.accounts.roles import Role

    other = make_user(None, Role.TRAINER, "trainer-2", "Tini Pelatih")
    City.objects.filter(pk__in=[jambi.pk, surabaya.pk]).update(is_pilot=True)
    for city, owner in ((jambi, trainer), (surabaya, other)):
        CityStatusChange.objects.create(
            city=city, from_status="", to_status="pilot", actor=owner, actor_label=owner.username
        )
    client = login(None, trainer)
    assert client.get("/console/cities/surabaya/").status_code == 404
    listing = client.get("/console/").content.decode()
    assert "Kota Jambi" in listing and "Kota Surabaya" not in listing
    assert [c["slug"] for c in client.get("/api/v1/cities/").json()["results"]] == ["jambi"]
    everyone = login(None, operator).get("/api/v1/cities/").json()["results"]
    assert {c["slug"] for c in everyone} >= {"jambi", "surabaya"}
    assert all(c["status_label"] for c in everyone)  # the human label beside the code


def test_operator_sees_every_city(surabaya, jambi, operator):
    client = login(None, operator)
    assert client.get("/console/cities/surabaya/").status_code == 200
    listing = client.get("/console/").content.decode()
    assert "Kota Jambi" in listing and "Kota Surabaya" in listing
