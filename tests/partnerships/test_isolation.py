"""A mentor sees the adopter's aggregates only, and nothing of cities it does not mentor;
person data only through the adopter's time-boxed, audited mentor access."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from onboarding.services.metrics import refresh_city_metrics
from partnerships.models import Partnership
from partnerships.services import adoption
from tenants.models import City
from tests.conftest import client_for, host_of, in_city, login


@pytest.fixture
def measured(partnership, jambi, jbi_clerk):
    refresh_city_metrics(cities=[jambi])
    adoption.refresh_adoption_snapshots(cities=[jambi])
    return partnership


@pytest.fixture
def unrelated(surabaya, db):
    """Surabaya and a third city (no schema needed: nobody here may open it)."""
    bontang = City.objects.create(
        slug="bontang", name="Kota Bontang", schema_name="city_bontang", status="active"
    )
    return Partnership.objects.create(
        city_a=surabaya,
        role_a="mentor",
        city_b=bontang,
        role_b="adopter",
        agreement_number="PKS-BONTANG",
        agreement_date="2026-03-01",
        starts_on="2026-03-01",
        status="active",
        proposed_by_label="test",
    )


def test_mentor_sees_the_adoption_panel_without_any_person(
    measured, surabaya, jambi, mentor_user, jbi_clerk
):
    client = login(surabaya, mentor_user)
    page = client.get(f"/partnerships/{measured.pk}/adoption/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Adopsi Kota Jambi" in html
    assert 'id="checklist"' in html and 'id="use"' in html
    for person in (jbi_clerk.full_name, jbi_clerk.username, "Joko Admin Jambi"):
        assert person not in html
    assert not re.search(r"\b\d{18}\b", html)  # no NIP at all
    # The API gives the same aggregates, and no key names a person.
    api = APIClient(HTTP_HOST=host_of(surabaya))
    api.force_authenticate(mentor_user)
    body = api.get(f"/api/v1/partnerships/{measured.pk}/adoption/").json()
    assert body["city"] == "jambi"
    assert body["pad"] is None  # PAD is not in this partnership's scope
    assert set(body) == {
        "city", "measured_on", "checklist", "asn_count", "activated_share", "active_share",
        "median_verification_hours", "verification_backlog", "months_closed", "series",
        "configuration", "distribution", "pad",
    }  # fmt: skip
    text = str(body)
    assert jbi_clerk.full_name not in text and jbi_clerk.username not in text


def test_pad_shows_only_when_in_scope(measured, surabaya, mentor_user):
    Partnership.objects.filter(pk=measured.pk).update(scope_pad=True)
    page = login(surabaya, mentor_user).get(f"/partnerships/{measured.pk}/adoption/")
    assert 'id="pad"' in page.content.decode()


def test_panel_reads_no_other_schema(
    measured, surabaya, mentor_user, django_assert_max_num_queries
):
    """Only public tables: the panel's queries never name the adopter's schema."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(surabaya, mentor_user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/partnerships/{measured.pk}/adoption/").status_code == 200
    assert not any("city_jambi" in q["sql"] for q in queries.captured_queries)


def test_wrong_role_and_wrong_city(
    measured, unrelated, surabaya, jambi, sby_clerk, jbi_admin, jbi_clerk, mentor_user
):
    pk = measured.pk
    # A Surabaya ASN without the mentor permission: 403 on the panel and the partnership.
    clerk = login(surabaya, sby_clerk)
    assert clerk.get(f"/partnerships/{pk}/adoption/").status_code == 403
    assert clerk.get(f"/partnerships/{pk}/").status_code == 403
    assert clerk.get("/partnerships/").status_code == 403
    # Jambi does not mentor here: no adoption panel on its host.
    admin = login(jambi, jbi_admin)
    assert admin.get(f"/partnerships/{pk}/adoption/").status_code == 404
    # A partnership Jambi is not part of does not exist for Jambi.
    assert admin.get(f"/partnerships/{unrelated.pk}/").status_code == 404
    assert f"/partnerships/{unrelated.pk}/" not in admin.get("/partnerships/").content.decode()
    api = APIClient(HTTP_HOST=host_of(jambi))
    api.force_authenticate(jbi_admin)
    assert [p["id"] for p in api.get("/api/v1/partnerships/").json()] == [pk]
    assert api.get(f"/api/v1/partnerships/{unrelated.pk}/").status_code == 404
    # The mentor is no member of the Bontang partnership: not its panel either.
    assert (
        login(surabaya, mentor_user).get(f"/partnerships/{unrelated.pk}/adoption/").status_code
        == 403
    )
    # A Surabaya session is worth nothing on Jambi's host.
    mentor = login(surabaya, mentor_user)
    mentor.defaults["HTTP_HOST"] = host_of(jambi)
    assert mentor.get("/people/").status_code == 302


def test_adopter_grants_time_boxed_mentor_access(measured, surabaya, jambi, jbi_admin, mentor_user):
    from core.audit.models import AuditEvent
    from partnerships.models import Member

    member = Member.objects.get(partnership=measured, user_id=mentor_user.pk, city=surabaya)
    admin = login(jambi, jbi_admin)
    page = admin.post(
        f"/partnerships/{measured.pk}/access/",
        {"member": member.pk, "minutes": 30, "reason": "Tinjau data impor bersama"},
    )
    assert page.status_code == 200
    link = re.search(r'value="(http://jambi\.localhost[^"]+)"', page.content.decode()).group(1)
    path = link.split("localhost", 1)[1]
    visitor = client_for(jambi)
    assert visitor.get(path).status_code == 302
    assert visitor.get("/people/").status_code == 200  # read-only, ASN management in scope
    assert visitor.get("/revenue/").status_code == 403  # PAD outside the scope
    assert visitor.post("/people/", {}).status_code == 403  # nothing written
    assert client_for(jambi).get(path).status_code == 403  # single use
    with in_city(jambi):
        actions = set(
            AuditEvent.objects.filter(action__startswith="partnership.mentor").values_list(
                "action", flat=True
            )
        )
    assert actions == {"partnership.mentor_access_granted", "partnership.mentor_session_started"}
    # Surabaya's admin cannot grant access into Jambi.


def test_only_the_adopter_grants_access(measured, surabaya, sby_admin, mentor_user):
    from partnerships.models import Member, MentorAccess

    member = Member.objects.get(partnership=measured, user_id=mentor_user.pk)
    login(surabaya, sby_admin).post(
        f"/partnerships/{measured.pk}/access/", {"member": member.pk, "minutes": 30, "reason": "x"}
    )
    assert not MentorAccess.objects.exists()


def test_no_panel_before_acceptance_or_after_the_end(surabaya, jambi, sby_admin, jbi_admin):
    from partnerships.services import agreements
    from tests.partnerships.conftest import actor, proposal

    p = agreements.propose_partnership(proposal(surabaya, jambi), actor=actor(sby_admin, surabaya))
    client = login(surabaya, sby_admin)
    assert client.get(f"/partnerships/{p.pk}/adoption/").status_code == 404
    agreements.accept_partnership(p, actor=actor(jbi_admin, jambi))
    assert client.get(f"/partnerships/{p.pk}/adoption/").status_code == 200
    agreements.change_status(p, "ended", actor=actor(jbi_admin, jambi), reason="Diakhiri")
    assert client.get(f"/partnerships/{p.pk}/adoption/").status_code == 404
