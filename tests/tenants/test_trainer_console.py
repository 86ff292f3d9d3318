"""The console for trainers: pilot cities only; the operator sees every city."""

from __future__ import annotations

from tenants.models import City
from tests.conftest import login


def test_trainer_cannot_open_a_real_citys_console_page(surabaya, trainer):
    response = login(None, trainer).get("/console/cities/surabaya/")
    assert response.status_code == 404


def test_trainer_opens_a_pilot_city_and_lists_only_pilots(surabaya, jambi, trainer):
    City.objects.filter(pk=jambi.pk).update(is_pilot=True)
    client = login(None, trainer)
    assert client.get("/console/cities/jambi/").status_code == 200
    listing = client.get("/console/").content.decode()
    assert "Kota Jambi" in listing and "Kota Surabaya" not in listing


def test_operator_sees_every_city(surabaya, jambi, operator):
    client = login(None, operator)
    assert client.get("/console/cities/surabaya/").status_code == 200
    listing = client.get("/console/").content.decode()
    assert "Kota Jambi" in listing and "Kota Surabaya" in listing
