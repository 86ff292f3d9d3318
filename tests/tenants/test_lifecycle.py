"""Moving a city along its lifecycle: allowed moves happen and are recorded, others not."""

import pytest
from django.core.exceptions import ValidationError

from tenants.models import City, CityStatusChange
from tenants.rules import CityStatus
from tenants.services import Actor, change_city_status
from tests.conftest import client_for, login


def test_suspension_is_recorded_with_who_and_why(jambi, operator):
    change_city_status(jambi, CityStatus.SUSPENDED, actor=Actor.of(operator), reason="Unpaid")

    jambi.refresh_from_db()
    assert jambi.status == CityStatus.SUSPENDED
    change = CityStatusChange.objects.filter(city=jambi).last()
    assert (change.from_status, change.to_status) == ("active", "suspended")
    assert change.actor == operator
    assert change.actor_label == "operator"
    assert change.reason == "Unpaid"


def test_provisioning_is_the_first_recorded_change(jambi):
    first = CityStatusChange.objects.filter(city=jambi).first()
    assert (first.from_status, first.to_status, first.actor_label) == ("", "active", "tests")


def test_refused_transition_changes_nothing(jambi, operator):
    before = CityStatusChange.objects.count()
    with pytest.raises(ValidationError, match="cannot go"):
        change_city_status(jambi, CityStatus.ARCHIVED, actor=Actor.of(operator), reason="x")
    jambi.refresh_from_db()
    assert jambi.status == CityStatus.ACTIVE
    assert CityStatusChange.objects.count() == before


def test_a_reason_is_required(jambi, operator):
    with pytest.raises(ValidationError):
        change_city_status(jambi, CityStatus.SUSPENDED, actor=Actor.of(operator), reason="  ")
    assert City.objects.get(pk=jambi.pk).status == CityStatus.ACTIVE


def test_operator_changes_status_in_the_console(jambi, operator):
    client = login(None, operator)
    response = client.post(
        "/console/cities/jambi/status/", {"status": "suspended", "reason": "Audit"}
    )
    assert response.status_code == 302
    assert City.objects.get(pk=jambi.pk).status == CityStatus.SUSPENDED
    assert CityStatusChange.objects.filter(city=jambi, reason="Audit").exists()


def test_console_refuses_a_forbidden_transition_with_a_message(jambi, operator):
    client = login(None, operator)
    response = client.post(
        "/console/cities/jambi/status/", {"status": "archived", "reason": "Too soon"}
    )
    assert response.status_code == 400
    assert City.objects.get(pk=jambi.pk).status == CityStatus.ACTIVE


def test_trainer_may_not_change_a_city_status(jambi, trainer):
    client = login(None, trainer)
    response = client.post("/console/cities/jambi/status/", {"status": "suspended", "reason": "No"})
    assert response.status_code == 403
    assert City.objects.get(pk=jambi.pk).status == CityStatus.ACTIVE


def test_anonymous_visitor_is_sent_to_sign_in(jambi):
    response = client_for(None).post(
        "/console/cities/jambi/status/", {"status": "suspended", "reason": "No"}
    )
    assert response.status_code == 302
    assert City.objects.get(pk=jambi.pk).status == CityStatus.ACTIVE
