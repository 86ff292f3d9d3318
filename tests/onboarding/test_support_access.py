"""Support access: signed, expiring, single-use, audited, visible to the city's admins."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError

from core.accounts.roles import Role
from onboarding.models import SupportGrant
from onboarding.services.support import SALT, close_expired_grants, grant_support_access
from tests.conftest import client_for, in_city, login


def _grant(city, operator, minutes=30):
    return grant_support_access(
        city,
        operator=operator,
        reason="Membantu impor data ASN",
        minutes=minutes,
        base_url="http://jambi.localhost",
    )


def _path(issued) -> str:
    return urlparse(issued.link).path


def _audit(city, action):
    from core.audit.models import AuditEvent

    with in_city(city):
        return list(AuditEvent.objects.filter(action=action).values_list("actor_label", "reason"))


def test_operator_creates_link_and_enters_city_with_banner(db, operator, jambi):
    response = login(None, operator).post(
        "/onboarding/cities/jambi/support/", {"reason": "Membantu impor data ASN", "minutes": "30"}
    )
    assert response.status_code == 200
    grant = SupportGrant.objects.get(city=jambi)
    link = response.context["link"]
    client = client_for(jambi)
    response = client.get(urlparse(link).path)
    assert response.status_code == 302
    page = client.get("/support/")
    assert page.status_code == 200  # the support user acts as a city admin
    assert "support-banner" in page.content.decode()
    grant.refresh_from_db()
    assert grant.used_at is not None and grant.city_username == f"support-{grant.pk}"
    assert _audit(jambi, "support.session_started") == [
        (f"support-{grant.pk}", "Membantu impor data ASN")
    ]


def test_link_is_single_use(db, operator, jambi):
    issued = _grant(jambi, operator)
    assert client_for(jambi).get(_path(issued)).status_code == 302
    second = client_for(jambi).get(_path(issued))
    assert second.status_code == 403
    with in_city(jambi):
        assert get_user_model().objects.filter(username__startswith="support-").count() == 1


def test_support_access_expires(db, operator, jambi, time_machine):
    issued = _grant(jambi, operator, minutes=30)
    time_machine.move_to(issued.grant.created_at, tick=False)
    client = client_for(jambi)
    assert client.get(_path(issued)).status_code == 302
    assert client.get("/support/").status_code == 200
    time_machine.move_to(issued.grant.expires_at + timedelta(seconds=1), tick=False)
    # The session ends with the grant: the next request is sent to the login page.
    response = client.get("/support/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert close_expired_grants() == 1
    with in_city(jambi):
        assert (
            get_user_model().objects.get(username=f"support-{issued.grant.pk}").is_active is False
        )
    assert _audit(jambi, "support.session_ended") == [("system:expiry", "")]


def test_unused_link_cannot_be_used_after_expiry(db, operator, jambi, time_machine):
    issued = _grant(jambi, operator, minutes=5)
    time_machine.move_to(issued.grant.expires_at + timedelta(seconds=1), tick=False)
    assert client_for(jambi).get(_path(issued)).status_code == 403
    assert _audit(jambi, "support.session_started") == []


def test_link_for_one_city_does_not_open_another(db, operator, jambi, surabaya):
    issued = _grant(jambi, operator)
    assert client_for(surabaya).get(_path(issued)).status_code == 403
    with in_city(surabaya):
        assert not get_user_model().objects.filter(username__startswith="support-").exists()


def test_forged_token_is_refused(db, operator, jambi):
    issued = _grant(jambi, operator)
    forged = signing.dumps({"g": issued.grant.pk, "n": "guess"}, salt=SALT)
    assert client_for(jambi).get(f"/support/enter/{forged}/").status_code == 403
    assert client_for(jambi).get(_path(issued)[:-3] + "xx/").status_code == 403


@pytest.mark.parametrize(("reason", "minutes"), [("", 30), ("ok", 0), ("ok", 100000)])
def test_grant_needs_reason_and_bounded_duration(db, operator, jambi, reason, minutes):
    with pytest.raises(ValidationError):
        grant_support_access(
            jambi, operator=operator, reason=reason, minutes=minutes, base_url="http://x"
        )
    assert not SupportGrant.objects.exists()


def test_city_admins_see_and_end_support_sessions(db, operator, jambi, make_user):
    issued = _grant(jambi, operator)
    admin = make_user(jambi, Role.CITY_ADMIN, "admin.jambi")
    client = login(jambi, admin)
    page = client.get("/support/").content.decode()
    assert "Membantu impor data ASN" in page and operator.full_name in page
    assert client.post(f"/support/sessions/{issued.grant.pk}/end/").status_code == 302
    assert client_for(jambi).get(_path(issued)).status_code == 403  # ended before use


def test_other_cities_admins_and_asn_cannot_see_grants(db, operator, jambi, surabaya, make_user):
    issued = _grant(jambi, operator)
    other_admin = make_user(surabaya, Role.CITY_ADMIN, "admin.sby")
    client = login(surabaya, other_admin)
    assert "Membantu impor data ASN" not in client.get("/support/").content.decode()
    assert client.post(f"/support/sessions/{issued.grant.pk}/end/").status_code == 404
    asn = make_user(jambi, Role.ASN, "199001012015011001")
    assert login(jambi, asn).get("/support/").status_code == 403


def test_only_operators_grant_support(db, trainer, jambi):
    response = login(None, trainer).post(
        "/onboarding/cities/jambi/support/", {"reason": "x", "minutes": "5"}
    )
    assert response.status_code == 403
    assert not SupportGrant.objects.exists()


def test_support_user_ends_the_session_from_the_banner(db, operator, jambi):
    issued = _grant(jambi, operator)
    client = client_for(jambi)
    client.get(_path(issued))
    response = client.post("/support/leave/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/support/").status_code == 302  # signed out
    grant = SupportGrant.objects.get(pk=issued.grant.pk)
    assert grant.revoked_at is not None
    with in_city(jambi):
        assert get_user_model().objects.get(username=grant.city_username).is_active is False
