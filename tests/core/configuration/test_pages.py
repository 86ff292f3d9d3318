"""The city admin's configuration pages and API: edits, validation messages, roles, audit."""

from __future__ import annotations

import pytest

from core.audit.models import AuditEvent
from core.configuration.models import ActivityType, Branding, Indicator, PolicyVersion
from tests.conftest import in_city, login

NEW_ACTIVITY = {
    "code": "JMB-010",
    "name": "Memantau kebersihan tepian Sungai Batanghari",
    "family": "field",
    "output_unit": "lokasi",
    "standard_minutes": "90",
    "position_types": ["PELAKSANA", "FUNGSIONAL"],
    "evidence_required": "on",
}


def test_admin_adds_an_activity_and_the_change_is_audited(jambi, jambi_admin):
    response = login(jambi, jambi_admin).post("/configuration/activities/", NEW_ACTIVITY)
    assert response.status_code == 302
    with in_city(jambi):
        activity = ActivityType.objects.get(code="JMB-010")
        event = AuditEvent.objects.get(action="configuration.activity.create")
    assert (activity.standard_minutes, activity.source_template) == (90, "")
    assert activity.position_types == ["FUNGSIONAL", "PELAKSANA"]
    assert event.actor_id == jambi_admin.pk and event.after["code"] == "JMB-010"


def test_a_duplicate_code_is_refused_with_a_clear_message(jambi, jambi_admin):
    client = login(jambi, jambi_admin)
    response = client.post("/configuration/activities/", {**NEW_ACTIVITY, "code": "ADM-001"})
    assert response.status_code == 200
    assert "ADM-001" in response.content.decode()
    with in_city(jambi):
        assert ActivityType.objects.get(code="ADM-001").name.startswith("Menerima")


def test_admin_edits_an_activity_with_before_and_after_in_the_audit(jambi, jambi_admin):
    client = login(jambi, jambi_admin)
    response = client.post(
        "/configuration/activities/ADM-001/",
        {
            **NEW_ACTIVITY,
            "code": "ignored",
            "name": "Menerima dan mencatat surat masuk",
            "standard_minutes": "8",
        },
    )
    assert response.status_code == 302
    with in_city(jambi):
        activity = ActivityType.objects.get(code="ADM-001")
        event = AuditEvent.objects.get(action="configuration.activity.update")
    assert activity.standard_minutes == 8
    assert event.before["standard_minutes"] == 10 and event.after["standard_minutes"] == 8


def test_admin_deactivates_an_indicator_through_htmx(jambi, jambi_admin):
    response = login(jambi, jambi_admin).post(
        "/configuration/indicators/IKI-ADM-01/toggle/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'id="indicator-IKI-ADM-01"' in response.content.decode()
    with in_city(jambi):
        assert Indicator.objects.get(code="IKI-ADM-01").is_active is False


def test_weights_that_do_not_add_up_are_refused_on_the_page(jambi, jambi_admin):
    client = login(jambi, jambi_admin)
    page = client.get("/configuration/policy/")
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.update(workload_weight="70", iki_weight="50")
    with in_city(jambi):
        versions = PolicyVersion.objects.count()
    response = client.post("/configuration/policy/", data)
    assert response.status_code == 200
    assert "100" in str(response.context["form"].non_field_errors())
    with in_city(jambi):
        assert PolicyVersion.objects.count() == versions


def test_admin_changes_a_weight_on_the_page(jambi, jambi_admin):
    client = login(jambi, jambi_admin)
    form = client.get("/configuration/policy/").context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.update(workload_weight="40", iki_weight="60", note="IKI counts more")
    response = client.post("/configuration/policy/", data)
    assert response.status_code == 302
    with in_city(jambi):
        from core.configuration.services import current_policy_version

        assert current_policy_version().data["result_weights"] == {"workload": 40, "iki": 60}
        assert AuditEvent.objects.filter(action="configuration.policy.update").count() == 1


def test_admin_sets_branding(jambi, jambi_admin):
    response = login(jambi, jambi_admin).post(
        "/configuration/branding/",
        {
            "display_name": "Pemerintah Kota Jambi",
            "tagline": "Jambi Bahagia",
            "primary_colour": "#8a1538",
            "secondary_colour": "#5c0e25",
        },
    )
    assert response.status_code == 302
    with in_city(jambi):
        branding = Branding.objects.get(pk=1)
        assert AuditEvent.objects.filter(action="configuration.branding.update").exists()
    assert (branding.display_name, branding.primary_colour) == ("Pemerintah Kota Jambi", "#8a1538")


def test_an_invalid_colour_is_refused(jambi, jambi_admin):
    response = login(jambi, jambi_admin).post(
        "/configuration/branding/", {"primary_colour": "red", "secondary_colour": "#5c0e25"}
    )
    assert response.status_code == 200
    assert "#0b5cab" in response.content.decode()
    with in_city(jambi):
        assert Branding.objects.get(pk=1).primary_colour == "#0b5cab"


@pytest.mark.parametrize(
    "url",
    [
        "/configuration/",
        "/configuration/activities/",
        "/configuration/policy/",
        "/configuration/upgrade/",
    ],
)
def test_asn_cannot_see_the_configuration_pages(jambi, jambi_asn, url):
    assert login(jambi, jambi_asn).get(url).status_code == 403


def test_asn_cannot_change_an_activity_and_nothing_changes(jambi, jambi_asn):
    client = login(jambi, jambi_asn)
    assert client.post("/configuration/activities/", NEW_ACTIVITY).status_code == 403
    assert client.post("/configuration/activities/ADM-001/toggle/").status_code == 403
    with in_city(jambi):
        assert not ActivityType.objects.filter(code="JMB-010").exists()
        assert ActivityType.objects.get(code="ADM-001").is_active


def test_inspector_reads_but_cannot_edit(jambi, jambi_inspector):
    client = login(jambi, jambi_inspector)
    assert client.get("/configuration/policy/").status_code == 200
    assert client.post("/configuration/activities/", NEW_ACTIVITY).status_code == 403


def test_another_citys_admin_is_refused(jambi, surabaya_admin):
    client = login(jambi.__class__.objects.get(slug="surabaya"), surabaya_admin)
    jambi_client_host = {"HTTP_HOST": "jambi.localhost"}
    response = client.post("/configuration/activities/ADM-001/toggle/", **jambi_client_host)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    with in_city(jambi):
        assert ActivityType.objects.get(code="ADM-001").is_active


def test_an_unknown_activity_is_404(jambi, jambi_admin):
    assert login(jambi, jambi_admin).get("/configuration/activities/NOPE-1/").status_code == 404


# ---------------------------------------------------------------- API
def test_api_lists_activities_to_every_city_user(jambi, jambi_asn):
    response = login(jambi, jambi_asn).get("/api/v1/configuration/activities/?family=teacher")
    assert response.status_code == 200
    assert response.json()["count"] == 16


def test_api_creates_and_updates_an_indicator(jambi, jambi_admin):
    client = login(jambi, jambi_admin)
    created = client.post(
        "/api/v1/configuration/indicators/",
        {
            "code": "IKI-WIS-01",
            "name": "Jumlah wisatawan susur sungai",
            "unit": "orang",
            "direction": "higher",
            "measurement": "quantity",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    updated = client.patch(
        "/api/v1/configuration/indicators/IKI-WIS-01/",
        {"unit": "wisatawan"},
        content_type="application/json",
    )
    assert updated.status_code == 200
    with in_city(jambi):
        assert Indicator.objects.get(code="IKI-WIS-01").unit == "wisatawan"
        assert AuditEvent.objects.filter(action__startswith="configuration.indicator").count() == 2


def test_api_refuses_asn_writes(jambi, jambi_asn):
    response = login(jambi, jambi_asn).patch(
        "/api/v1/configuration/activities/ADM-001/",
        {"standard_minutes": 1},
        content_type="application/json",
    )
    assert response.status_code == 403
    with in_city(jambi):
        assert ActivityType.objects.get(code="ADM-001").standard_minutes == 10


def test_api_policy_patch_reports_the_reason(jambi, jambi_admin):
    response = login(jambi, jambi_admin).patch(
        "/api/v1/configuration/policy/",
        {"changes": {"result_weights": {"workload": 10, "iki": 10}}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "100" in response.json()["message"]


def test_api_policy_get_returns_the_month_and_its_working_days(jambi, jambi_asn):
    response = login(jambi, jambi_asn).get("/api/v1/configuration/policy/?year=2026&month=8")
    body = response.json()
    assert response.status_code == 200
    assert body["effective_minutes_per_day"] == 300
    assert (
        "2026-08-17" not in body["working_days"] and len(body["working_days"]) == 19
    )  # 21 weekdays, 17 and 25 Aug off


def test_branding_shows_in_the_page_shell_of_that_city_only(
    jambi, surabaya, jambi_admin, surabaya_admin
):
    client = login(jambi, jambi_admin)
    client.post(
        "/configuration/branding/",
        {
            "display_name": "Pemerintah Kota Jambi",
            "tagline": "",
            "primary_colour": "#8a1538",
            "secondary_colour": "#5c0e25",
        },
    )
    page = client.get("/configuration/").content.decode()
    assert "Pemerintah Kota Jambi" in page and "--brand: #8a1538" in page
    other = login(surabaya, surabaya_admin).get("/configuration/").content.decode()
    assert "#8a1538" not in other and "Kota Surabaya" in other


def test_pages_speak_indonesian_by_default(jambi, jambi_admin):
    page = login(jambi, jambi_admin).get("/configuration/upgrade/").content.decode()
    assert "Bandingkan dengan templat model" in page


def test_admin_sets_a_term_and_it_is_audited(jambi, jambi_admin):
    from core.configuration.policy import terms

    response = login(jambi, jambi_admin).post(
        "/configuration/branding/terms/",
        {"key": "tpp", "value": "Tambahan Penghasilan Pegawai Kota Jambi"},
    )
    assert response.status_code == 302
    with in_city(jambi):
        assert terms()["tpp"] == "Tambahan Penghasilan Pegawai Kota Jambi"
        event = AuditEvent.objects.get(action="configuration.term.set")
    assert event.before == {"value": "Tambahan Penghasilan Pegawai (TPP)"}


def test_a_malformed_term_key_is_refused(jambi, jambi_admin):
    from core.configuration.policy import terms

    login(jambi, jambi_admin).post(
        "/configuration/branding/terms/", {"key": "Bad Key!", "value": "x"}
    )
    with in_city(jambi):
        assert "Bad Key!" not in terms()


def test_organisation_skeleton_lists_parents_before_children(jambi):
    from core.configuration.policy import organisation_skeleton

    with in_city(jambi):
        units = organisation_skeleton()
    position = {u["code"]: i for i, u in enumerate(units)}
    assert all(position[u["parent_code"]] < position[u["code"]] for u in units if u["parent_code"])
    assert {u["code"] for u in units if u["is_pattern"]} >= {"KEC", "KEL"}


def test_another_citys_admin_token_is_worth_nothing_here(jambi, surabaya, surabaya_admin):
    from core.accounts.services import issue_token
    from tests.conftest import client_for

    with in_city(surabaya):
        key = issue_token(surabaya_admin)
    response = client_for(jambi).patch(
        "/api/v1/configuration/activities/ADM-001/",
        {"standard_minutes": 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 401
    with in_city(jambi):
        assert ActivityType.objects.get(code="ADM-001").standard_minutes == 10
