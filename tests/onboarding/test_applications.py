"""A city applies, is approved (provisioned, admin invited) or rejected; the admin's first login."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail

from core.accounts.roles import Role
from onboarding.models import ApplicationStatus, CityApplication, Invitation
from onboarding.services.applications import (
    ApplicationData,
    approve_application,
    submit_application,
)
from tenants.models import City
from tenants.services import Actor
from tests.conftest import PASSWORD, client_for, in_city, login

LINK = re.compile(r"https?://[^\s\"<]+/support/welcome/[^\s\"<]+/")


def _apply(data: dict):
    return client_for(None).post("/onboarding/apply/", data)


def test_journey_application_approval_provisioning_invitation_first_login(
    db, operator, application_data, django_capture_on_commit_callbacks
):
    response = _apply(application_data)
    assert response.status_code == 200
    application = CityApplication.objects.get(slug="bontang")
    assert application.status == ApplicationStatus.PENDING
    assert not City.objects.filter(slug="bontang").exists()

    staff = login(None, operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"/onboarding/applications/{application.pk}/approve/", follow=True)
    assert response.status_code == 200
    city = City.objects.get(slug="bontang")
    assert (city.name, city.province, city.status) == ("Kota Bontang", "Kalimantan Timur", "active")
    application.refresh_from_db()
    assert (application.status, application.city, application.decided_by) == (
        "approved",
        city,
        operator,
    )

    # The e-mail and the printable page carry the same one-time link, on the city's host.
    assert [m.to for m in mail.outbox] == [["ratna@bontangkota.go.id"]]
    link = LINK.search(mail.outbox[0].body).group(0)
    assert link in response.content.decode()
    assert urlparse(link).hostname == "bontang.localhost"
    path = urlparse(link).path

    admin = client_for(city)
    assert admin.get(path).status_code == 200
    response = admin.post(
        path, {"username": "ratna.sari", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/support/"
    assert admin.get("/support/").status_code == 200  # signed in as the city admin

    with in_city(city):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(username="ratna.sari")
        assert (user.role, user.email, user.activated_at is not None) == (
            Role.CITY_ADMIN,
            "ratna@bontangkota.go.id",
            True,
        )
        from core.audit.models import AuditEvent

        assert AuditEvent.objects.filter(action="accounts.invitation_accepted").count() == 1
    # The link works once; the password works through the normal login form.
    assert client_for(city).get(path).status_code == 410
    assert login(city, user).get("/support/").status_code == 200


def test_invitation_link_is_bound_to_its_city(db, operator, surabaya, application_data):
    application = submit_application(ApplicationData(**{**application_data, "estimated_asn": 3200}))
    approval = approve_application(application, actor=Actor.of(operator))
    path = urlparse(approval.invitation.link).path
    response = client_for(surabaya).post(
        path, {"username": "x", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 410
    with in_city(surabaya):
        from django.contrib.auth import get_user_model

        assert not get_user_model().objects.filter(username="x").exists()


def test_expired_invitation_is_refused(db, operator, application_data, time_machine):
    application = submit_application(ApplicationData(**{**application_data, "estimated_asn": 10}))
    approval = approve_application(application, actor=Actor.of(operator))
    time_machine.move_to(approval.invitation.invitation.expires_at, tick=False)
    path = urlparse(approval.invitation.link).path
    assert client_for(approval.city).get(path).status_code == 410


def test_weak_password_is_refused_and_nothing_is_written(db, operator, application_data):
    application = submit_application(ApplicationData(**{**application_data, "estimated_asn": 10}))
    approval = approve_application(application, actor=Actor.of(operator))
    path = urlparse(approval.invitation.link).path
    response = client_for(approval.city).post(
        path, {"username": "admin", "password1": "12345", "password2": "12345"}
    )
    assert response.status_code == 400
    assert Invitation.objects.get(pk=approval.invitation.invitation.pk).used_at is None
    with in_city(approval.city):
        from django.contrib.auth import get_user_model

        assert not get_user_model().objects.filter(username="admin").exists()


@pytest.mark.parametrize(
    ("_case", "changes", "field"),
    [
        ("taken by a city", {"slug": "surabaya"}, "slug"),
        ("reserved", {"slug": "admin"}, "slug"),
        ("bad syntax", {"slug": "Kota_Bontang"}, "slug"),
        ("city already on the platform", {"official_name": "  KOTA   surabaya "}, "official_name"),
    ],
)
def test_application_is_refused_clearly(db, application_data, _case, changes, field):
    response = _apply({**application_data, **changes})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not CityApplication.objects.exists()


def test_duplicate_application_is_refused(db, application_data):
    assert _apply(application_data).status_code == 200
    again = _apply({**application_data, "slug": "bontang-kota"})  # same city, other address
    assert again.status_code == 400
    assert "official_name" in again.context["form"].errors
    other = _apply({**application_data, "official_name": "Kota Lain"})  # same address
    assert other.status_code == 400
    assert "slug" in other.context["form"].errors
    assert CityApplication.objects.count() == 1


def test_rejected_with_reason_and_may_apply_again(db, operator, application_data):
    assert _apply(application_data).status_code == 200
    application = CityApplication.objects.get()
    staff = login(None, operator)
    assert (
        staff.post(f"/onboarding/applications/{application.pk}/reject/", {"reason": ""}).status_code
        == 400
    )
    response = staff.post(
        f"/onboarding/applications/{application.pk}/reject/",
        {"reason": "Surat pengantar Wali Kota belum dilampirkan."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.rejection_reason) == (
        "rejected",
        "Surat pengantar Wali Kota belum dilampirkan.",
    )
    assert not City.objects.filter(slug="bontang").exists()
    assert _apply(application_data).status_code == 200


def test_second_approval_is_refused(db, operator, application_data):
    assert _apply(application_data).status_code == 200
    application = CityApplication.objects.get()
    staff = login(None, operator)
    first = staff.post(f"/onboarding/applications/{application.pk}/approve/", follow=True)
    assert first.status_code == 200
    response = staff.post(f"/onboarding/applications/{application.pk}/approve/")
    assert response.status_code == 302
    assert City.objects.filter(slug="bontang").count() == 1
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize("role", [Role.TRAINER])
def test_only_operators_decide(db, make_user, application_data, role):
    assert _apply(application_data).status_code == 200
    application = CityApplication.objects.get()
    user = make_user(None, role, "someone")
    response = login(None, user).post(f"/onboarding/applications/{application.pk}/approve/")
    assert response.status_code == 403
    assert not City.objects.filter(slug="bontang").exists()
    assert (
        client_for(None).post(f"/onboarding/applications/{application.pk}/approve/").status_code
        == 302
    )


def test_approval_adopts_the_chosen_model_template(db, operator, application_data):
    from catalog.services import load_builtin_templates

    load_builtin_templates()
    form = client_for(None).get("/onboarding/apply/").context["form"]
    assert "surabaya" in dict(form.fields["template_code"].choices)
    assert _apply({**application_data, "template_code": "surabaya"}).status_code == 200
    application = CityApplication.objects.get()
    response = login(None, operator).post(
        f"/onboarding/applications/{application.pk}/approve/", follow=True
    )
    assert response.status_code == 200
    city = City.objects.get(slug="bontang")
    from core.configuration.models import ActivityType
    from core.configuration.services import is_adopted

    with in_city(city):
        assert is_adopted()
        assert ActivityType.objects.filter(source_template="surabaya").exists()


def test_failed_adoption_leaves_no_city_and_the_application_pending(db, operator, application_data):
    assert _apply(application_data).status_code == 200
    application = CityApplication.objects.get()
    CityApplication.objects.filter(pk=application.pk).update(template_code="no-such-template")
    response = login(None, operator).post(f"/onboarding/applications/{application.pk}/approve/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    assert not City.objects.filter(slug="bontang").exists()
    assert not Invitation.objects.exists()


def test_invited_admin_enrols_a_second_factor_before_being_signed_in(
    db, operator, application_data, settings
):
    settings.TWO_FACTOR_ENFORCED = True
    application = submit_application(ApplicationData(**{**application_data, "estimated_asn": 10}))
    approval = approve_application(application, actor=Actor.of(operator))
    client = client_for(approval.city)
    response = client.post(
        urlparse(approval.invitation.link).path,
        {"username": "ratna.sari", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/login/verify/"
    assert client.get("/support/").status_code == 302  # not signed in until the second factor
    assert client.get("/accounts/login/verify/").status_code == 200


def test_apply_page_is_in_indonesian_by_default_and_english_on_request(db):
    assert (
        "Ajukan permohonan bergabung" in client_for(None).get("/onboarding/apply/").content.decode()
    )
    client = client_for(None)
    client.cookies["django_language"] = "en"
    english = client.get("/onboarding/apply/").content.decode()
    assert "Apply to join Sinergi" in english


def test_mail_failure_does_not_lose_the_approval(
    db, operator, application_data, django_capture_on_commit_callbacks, monkeypatch
):
    import smtplib

    from onboarding.services import applications as services

    def broken(*args, **kwargs):
        raise smtplib.SMTPException("relay down")

    monkeypatch.setattr(services, "send_mail", broken)
    application = submit_application(ApplicationData(**{**application_data, "estimated_asn": 10}))
    with django_capture_on_commit_callbacks(execute=True):
        approval = approve_application(application, actor=Actor.of(operator))
    assert City.objects.filter(slug="bontang").exists()
    assert Invitation.objects.get(pk=approval.invitation.invitation.pk).is_open
