"""Proposing, accepting and ending partnerships, over the pages and the API; audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from partnerships.models import Milestone, Partnership, PartnershipEvent
from partnerships.services import agreements
from tests.conftest import host_of, in_city, login
from tests.partnerships.conftest import actor, proposal

FORM = {
    "role_a": "mentor",
    "city_b": "",
    "role_b": "adopter",
    "agreement_number": "800/1234/436.7.2/2026",
    "agreement_date": "2026-01-23",
    "scope_asn": "on",
    "other_practices": "Sistem e-Performance",
    "starts_on": "2026-01-23",
    "ends_on": "2028-01-22",
}


def trail(city, action: str) -> list:
    from core.audit.models import AuditEvent

    with in_city(city):
        return list(AuditEvent.objects.filter(action=action).values_list("actor_label", flat=True))


def test_city_admin_proposes_and_the_other_admin_accepts(surabaya, jambi, sby_admin, jbi_admin):
    client = login(surabaya, sby_admin)
    response = client.post("/partnerships/propose/", {**FORM, "city_b": jambi.pk})
    assert response.status_code == 302
    p = Partnership.objects.get()
    assert (p.city_a, p.city_b, p.status, p.proposed_by_city) == (
        surabaya,
        jambi,
        "draft",
        surabaya,
    )
    assert Milestone.objects.filter(partnership=p).count() == 5
    assert p.other_practices == ["Sistem e-Performance"]
    # The proposer cannot accept their own proposal.
    response = client.post(f"/partnerships/{p.pk}/accept/")
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == "draft"
    response = login(jambi, jbi_admin).post(f"/partnerships/{p.pk}/accept/")
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.status, p.accepted_by_label) == ("active", "Joko Admin Jambi")
    assert list(p.events.order_by("id").values_list("action", flat=True)) == [
        "proposed",
        "accepted",
    ]
    # Both cities' hash-chained trails hold both events.
    for city in (surabaya, jambi):
        assert trail(city, "partnership.proposed") == ["sby-admin (surabaya)"]
        assert trail(city, "partnership.accepted") == ["jbi-admin (jambi)"]


def test_asn_cannot_propose(surabaya, jambi, sby_clerk):
    response = login(surabaya, sby_clerk).post(
        "/partnerships/propose/", {**FORM, "city_b": jambi.pk}
    )
    assert response.status_code == 403
    assert not Partnership.objects.exists()


def test_bad_proposals_are_refused_in_place(surabaya, jambi, sby_admin, partnership):
    client = login(surabaya, sby_admin)
    response = client.post("/partnerships/propose/", {**FORM, "city_b": jambi.pk})
    assert response.status_code == 400
    assert "sudah memiliki kemitraan" in response.content.decode()
    response = client.post(
        "/partnerships/propose/", {**FORM, "city_b": jambi.pk, "role_a": "adopter"}
    )
    assert response.status_code == 400
    assert Partnership.objects.count() == 1


def test_operator_proposes_over_the_api_and_either_admin_accepts(
    db, surabaya, jambi, operator, jbi_admin
):
    api = APIClient(HTTP_HOST=host_of(None))
    api.force_authenticate(operator)
    body = {
        "city_a": "surabaya",
        "role_a": "mentor",
        "city_b": "jambi",
        "role_b": "adopter",
        "agreement_number": "PKS-1",
        "agreement_date": "2026-01-23",
        "starts_on": "2026-01-23",
        "scope_pad": True,
    }
    response = api.post("/api/v1/apeksi/partnerships/", body, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    city_api = APIClient(HTTP_HOST=host_of(jambi))
    city_api.force_authenticate(jbi_admin)
    response = city_api.post(f"/api/v1/partnerships/{pk}/accept/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "active"
    assert [e.actor_city for e in PartnershipEvent.objects.order_by("id")] == ["", "jambi"]


def test_status_moves_and_wrong_moves(partnership, surabaya, jambi, sby_admin, jbi_clerk):
    client = login(surabaya, sby_admin)
    client.post(
        f"/partnerships/{partnership.pk}/status/", {"status": "completed", "reason": "Selesai"}
    )
    partnership.refresh_from_db()
    assert partnership.status == "completed"
    with pytest.raises(ValidationError, match="tidak dapat berpindah|cannot move"):
        agreements.change_status(partnership, "ended", actor=actor(sby_admin, surabaya), reason="x")


def test_scanned_agreement_checked_by_content_and_read_only_by_the_pair(
    partnership, surabaya, jambi, sby_admin, sby_clerk
):
    client = login(surabaya, sby_admin)
    fake = SimpleUploadedFile("pks.pdf", b"MZ not a pdf", content_type="application/pdf")
    client.post(f"/partnerships/{partnership.pk}/document/", {"document": fake})
    partnership.refresh_from_db()
    assert not partnership.document
    pdf = SimpleUploadedFile("pks.pdf", b"%PDF-1.4\n%scan\n", content_type="application/pdf")
    client.post(f"/partnerships/{partnership.pk}/document/", {"document": pdf})
    partnership.refresh_from_db()
    assert partnership.document.name.endswith(".pdf")
    response = client.get(f"/partnerships/{partnership.pk}/document/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert (
        login(surabaya, sby_clerk).get(f"/partnerships/{partnership.pk}/document/").status_code
        == 403
    )


def test_proposal_needs_two_serving_cities_and_a_scope(surabaya, jambi, sby_admin):
    with pytest.raises(ValidationError):
        agreements.propose_partnership(
            proposal(surabaya, jambi, scope_asn=False, other_practices=[]),
            actor=actor(sby_admin, surabaya),
        )
    with pytest.raises(ValidationError):
        agreements.propose_partnership(
            proposal(surabaya, surabaya), actor=actor(sby_admin, surabaya)
        )
    assert not Partnership.objects.exists()
