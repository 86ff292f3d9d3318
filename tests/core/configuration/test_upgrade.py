"""The three-way comparison and taking items: adopted version vs the city now vs a new version."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from catalog.adoption import comparison_for, take_from
from catalog.models import VersionStatus
from catalog.services import create_version
from core.actors import Actor
from core.audit.models import AuditEvent
from core.configuration import services
from core.configuration.models import ActivityType, ItemOrigin
from core.configuration.rules import ChangeKind
from tests.conftest import in_city


@pytest.fixture
def surabaya_v2(v1_copy):
    """Surabaya v2: one activity changed, one renamed, one removed, one added, a policy change."""
    content = v1_copy()
    content["template"]["changelog"] = "v2"
    by_code = {a["code"]: a for a in content["activities"]}
    by_code["ADM-001"]["standard_minutes"] = 12
    by_code["ADM-002"]["name"] = "Mengagendakan, memindai dan mengirim surat keluar"
    by_code["ADM-005"]["standard_minutes"] = 20
    content["activities"] = [a for a in content["activities"] if a["code"] != "ADM-004"]
    content["activities"].append(
        {
            "code": "ADM-900",
            "name": "Mengelola tanda tangan elektronik naskah dinas",
            "family": "administration",
            "output_unit": "naskah",
            "standard_minutes": 5,
            "position_types": ["PELAKSANA"],
            "evidence_required": True,
            "default": True,
        }
    )
    content["policy"]["effective_minutes_per_day"] = {"value": 330, "default": True}
    return create_version(
        content, actor=Actor.system("tests"), status=VersionStatus.PUBLISHED, version=2
    )


@pytest.fixture
def jambi_local_changes(jambi, jambi_admin):
    """Jambi's own edits since adopting v1."""
    with in_city(jambi):
        services.update_activity(
            ActivityType.objects.get(code="ADM-002"), {"standard_minutes": 15}, actor=jambi_admin
        )
        services.update_activity(
            ActivityType.objects.get(code="ADM-003"), {"standard_minutes": 75}, actor=jambi_admin
        )
        services.update_activity(
            ActivityType.objects.get(code="ADM-005"), {"standard_minutes": 20}, actor=jambi_admin
        )
        services.create_activity(
            {
                "code": "JMB-001",
                "name": "Memandu wisata sungai Batanghari",
                "output_unit": "rombongan",
                "standard_minutes": 120,
                "position_types": ["PELAKSANA"],
                "evidence_required": True,
            },
            actor=jambi_admin,
        )


def _kinds(changes) -> dict[tuple[str, str], ChangeKind]:
    return {(c.section, c.key): c.kind for c in changes}


def test_comparison_classifies_every_case(jambi, surabaya_v2, jambi_local_changes):
    with in_city(jambi):
        _version, _content, changes = comparison_for("surabaya@2")
    kinds = _kinds(changes)
    assert kinds[("activities", "ADM-001")] is ChangeKind.UPSTREAM_CHANGED
    assert kinds[("activities", "ADM-002")] is ChangeKind.CONFLICT
    assert kinds[("activities", "ADM-003")] is ChangeKind.LOCAL_CHANGED
    assert kinds[("activities", "ADM-004")] is ChangeKind.UPSTREAM_REMOVED
    assert kinds[("activities", "ADM-005")] is ChangeKind.SAME  # both made the same change
    assert kinds[("activities", "ADM-900")] is ChangeKind.UPSTREAM_ADDED
    assert kinds[("activities", "JMB-001")] is ChangeKind.LOCAL_ADDED
    assert kinds[("policy", "effective_minutes_per_day")] is ChangeKind.UPSTREAM_CHANGED
    interesting = {k for k, v in kinds.items() if v is not ChangeKind.SAME}
    assert interesting == {
        ("activities", code)
        for code in ("ADM-001", "ADM-002", "ADM-003", "ADM-004", "ADM-900", "JMB-001")
    } | {("policy", "effective_minutes_per_day")}


def test_take_all_takes_only_clean_upstream_changes(
    jambi, jambi_admin, surabaya_v2, jambi_local_changes
):
    with in_city(jambi):
        taken = take_from("surabaya@2", keys=None, actor=jambi_admin)
        rows = {a.code: a for a in ActivityType.objects.filter(code__startswith=("ADM-"))}
        rows["JMB-001"] = ActivityType.objects.get(code="JMB-001")
        minutes = services.current_policy_version().data["effective_minutes_per_day"]
        origin = {o.key: o.source_version for o in ItemOrigin.objects.filter(section="activities")}
        event = AuditEvent.objects.filter(action="configuration.take").get()
    assert {(c.section, c.key) for c in taken} == {
        ("activities", "ADM-001"),
        ("activities", "ADM-900"),
        ("policy", "effective_minutes_per_day"),
    }
    assert rows["ADM-001"].standard_minutes == 12  # upstream-only change taken
    assert (rows["ADM-001"].source_template, rows["ADM-001"].source_version) == ("surabaya", 2)
    assert rows["ADM-900"].standard_minutes == 5  # upstream addition taken
    assert rows["ADM-002"].standard_minutes == 15  # conflict: nothing overwritten
    assert rows["ADM-002"].name == "Mengagendakan dan mengirim surat keluar"
    assert rows["ADM-003"].standard_minutes == 75  # city-only change kept
    assert rows["ADM-004"].is_active  # upstream removal flagged, not applied
    assert rows["JMB-001"].is_active  # city-added item kept
    assert minutes == 330
    assert origin["ADM-001"] == 2 and origin["ADM-003"] == 1 and origin["ADM-005"] == 2
    assert "JMB-001" not in origin
    assert event.after["activities:ADM-001"]["standard_minutes"] == 12


def test_second_take_all_has_nothing_clean_left(
    jambi, jambi_admin, surabaya_v2, jambi_local_changes
):
    with in_city(jambi):
        take_from("surabaya@2", keys=None, actor=jambi_admin)
        _version, _content, changes = comparison_for("surabaya@2")
        assert take_from("surabaya@2", keys=None, actor=jambi_admin) == []
    assert not [c for c in changes if c.clean]
    assert {c.kind for c in changes} - {ChangeKind.SAME} == {
        ChangeKind.CONFLICT,
        ChangeKind.LOCAL_CHANGED,
        ChangeKind.UPSTREAM_REMOVED,
        ChangeKind.LOCAL_ADDED,
    }


def test_taking_a_removal_deactivates_without_deleting(jambi, jambi_admin, surabaya_v2):
    with in_city(jambi):
        take_from("surabaya@2", keys=[("activities", "ADM-004")], actor=jambi_admin)
        activity = ActivityType.objects.get(code="ADM-004")
        has_origin = ItemOrigin.objects.filter(section="activities", key="ADM-004").exists()
    assert activity.is_active is False
    assert has_origin is False


def test_a_conflict_is_taken_only_when_chosen_one_by_one(
    jambi, jambi_admin, surabaya_v2, jambi_local_changes
):
    with in_city(jambi):
        take_from("surabaya@2", keys=[("activities", "ADM-002")], actor=jambi_admin)
        activity = ActivityType.objects.get(code="ADM-002")
    assert activity.name == "Mengagendakan, memindai dan mengirim surat keluar"
    assert activity.standard_minutes == 10
    assert activity.source_version == 2


def test_taking_an_item_with_nothing_to_take_is_refused_and_writes_nothing(
    jambi, jambi_admin, surabaya_v2, jambi_local_changes
):
    with in_city(jambi):
        before = AuditEvent.objects.count()
        with pytest.raises(ValidationError, match="JMB-001"):
            take_from(
                "surabaya@2",
                keys=[("activities", "ADM-001"), ("activities", "JMB-001")],
                actor=jambi_admin,
            )
        assert ActivityType.objects.get(code="ADM-001").standard_minutes == 10
        assert AuditEvent.objects.count() == before


def test_a_second_whole_adoption_is_refused(jambi, surabaya_v1):
    with in_city(jambi), pytest.raises(ValidationError, match="already adopted"):
        services.adopt_template(
            surabaya_v1, slug="surabaya", version=1, actor=Actor.system("tests")
        )


def test_the_upgrade_screen_shows_each_case_and_takes_chosen_items(
    jambi, jambi_admin, surabaya_v2, jambi_local_changes
):
    from tests.conftest import login

    client = login(jambi, jambi_admin)
    page = client.get("/configuration/upgrade/?ref=surabaya@2")
    html = page.content.decode()
    rows = {row["id"]: row for row in page.context["rows"]}
    assert rows["activities:ADM-001"]["fields"] == [("standard_minutes", 10, 12)]
    assert rows["activities:ADM-002"]["change"].kind is ChangeKind.CONFLICT
    assert rows["activities:ADM-004"]["change"].in_use is True
    assert 'value="activities:ADM-003"' not in html  # a city-only change offers nothing
    assert 'value="activities:ADM-002"' in html  # a conflict can be taken, one by one
    response = client.post(
        "/configuration/upgrade/",
        {"ref": "surabaya@2", "item": ["activities:ADM-001", "activities:ADM-004"]},
    )
    assert response.status_code == 302
    with in_city(jambi):
        assert ActivityType.objects.get(code="ADM-001").standard_minutes == 12
        assert ActivityType.objects.get(code="ADM-004").is_active is False
        assert ActivityType.objects.get(code="ADM-002").standard_minutes == 15


def test_asn_cannot_take_items(jambi, jambi_asn, surabaya_v2):
    from tests.conftest import login

    response = login(jambi, jambi_asn).post(
        "/configuration/upgrade/", {"ref": "surabaya@2", "take_all": "1"}
    )
    assert response.status_code == 403
    with in_city(jambi):
        assert ActivityType.objects.get(code="ADM-001").standard_minutes == 10


def test_api_compares_and_takes(jambi, jambi_admin, surabaya_v2):
    from tests.conftest import login

    client = login(jambi, jambi_admin)
    body = client.get("/api/v1/configuration/comparison/?ref=surabaya@2").json()
    kinds = {c["item"]: c["kind"] for c in body["changes"]}
    assert kinds["activities:ADM-001"] == "upstream_changed"
    response = client.post(
        "/api/v1/configuration/comparison/",
        {"ref": "surabaya@2", "all_clean": True},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert "activities:ADM-001" in response.json()["taken"]
    missing = client.get("/api/v1/configuration/comparison/?ref=surabaya@9")
    assert missing.status_code == 404


def test_adopting_a_template_whole_takes_conflicts_and_removals_too(
    jambi, jambi_admin, surabaya_v2, jambi_local_changes
):
    from tests.conftest import login

    response = login(jambi, jambi_admin).post(
        "/configuration/upgrade/", {"ref": "surabaya@2", "take_everything": "1"}
    )
    assert response.status_code == 302
    with in_city(jambi):
        rows = {a.code: a for a in ActivityType.objects.all()}
        _version, _content, changes = comparison_for("surabaya@2")
    assert rows["ADM-002"].standard_minutes == 10  # conflict resolved to upstream
    assert rows["ADM-003"].standard_minutes == 75  # a city-only change is not "upstream"
    assert rows["ADM-004"].is_active is False  # removed upstream: deactivated, kept
    assert rows["JMB-001"].is_active  # the city's own item stays
    assert not [c for c in changes if c.takeable]
