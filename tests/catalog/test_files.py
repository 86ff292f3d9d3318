"""Template files: export, import as draft, and refusal of invalid files with every problem."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from catalog.models import ModelTemplate, TemplateVersion, VersionStatus
from catalog.rules import template_problems
from catalog.services import load_builtin_templates
from core.actors import Actor
from tests.conftest import in_city, login


def test_surabaya_v1_is_valid_and_complete(surabaya_v1):
    assert template_problems(surabaya_v1) == []
    assert len(surabaya_v1["activities"]) >= 150
    assert len(surabaya_v1["indicators"]) >= 40
    families = {a["family"] for a in surabaya_v1["activities"]}
    assert {
        "administration",
        "finance",
        "planning",
        "teacher",
        "health",
        "field",
        "leader",
    } <= families
    kinds = {u["kind"] for u in surabaya_v1["organisation"]}
    assert {
        "sekretariat_daerah",
        "bagian",
        "sekretariat_dprd",
        "inspektorat",
        "dinas",
        "badan",
        "satpol_pp",
        "rsud",
        "kecamatan",
        "kelurahan",
    } <= kinds
    assert [row["kelas"] for row in surabaya_v1["tpp"]["base_by_kelas"]] == list(range(1, 18))


def test_every_number_is_traceable_or_a_template_default(surabaya_v1):
    for section in ("activities", "indicators"):
        assert all(item.get("default") is True or item.get("ref") for item in surabaya_v1[section])
    for key, setting in surabaya_v1["policy"].items():
        assert setting.get("default") is True or setting.get("ref"), key
    assert all(r.get("default") or r.get("ref") for r in surabaya_v1["tpp"]["base_by_kelas"])
    assert all(c.get("ref") for c in surabaya_v1["tpp"]["attendance_cuts"])
    assert all(h.get("default") for h in surabaya_v1["calendar"]["holidays"])


def test_export_prints_the_version_as_json(db, capsys):
    call_command("export_template", "surabaya@1")
    content = json.loads(capsys.readouterr().out)
    assert content["template"]["slug"] == "surabaya" and content["template"]["version"] == 1
    assert template_problems(content) == []


def test_export_of_an_unknown_version_fails_clearly(db):
    with pytest.raises(CommandError, match="surabaya@99"):
        call_command("export_template", "surabaya@99")


def test_an_exported_file_imports_as_the_next_draft(db, tmp_path, surabaya_v1, capsys):
    surabaya_v1["template"].pop("version")
    path = tmp_path / "surabaya.json"
    path.write_text(json.dumps(surabaya_v1), encoding="utf-8")
    call_command("import_template", str(path))
    version = TemplateVersion.objects.get(template__slug="surabaya", version=2)
    assert version.status == VersionStatus.DRAFT
    assert "surabaya@2" in capsys.readouterr().out


INVALID = [
    ("_missing_format", lambda c: c.pop("format"), [("$", "'format' is a required property")]),
    (
        "_minutes_too_high",
        lambda c: c["activities"][3].update(standard_minutes=900),
        [("$.activities[3].standard_minutes", "900 is greater than the maximum of 480")],
    ),
    (
        "_bad_direction",
        lambda c: c["indicators"][0].update(direction="up"),
        [("$.indicators[0].direction", "'up' is not one of ['higher', 'lower']")],
    ),
    (
        "_kelas_18",
        lambda c: c["tpp"]["base_by_kelas"][16].update(kelas=18),
        [("$.tpp.base_by_kelas[16].kelas", "18 is greater than the maximum of 17")],
    ),
    (
        "_untraceable_setting",
        lambda c: c["policy"]["max_backdate_days"].pop("default"),
        [("$.policy.max_backdate_days", None)],
    ),
    (
        "_duplicate_code",
        lambda c: c["activities"][1].update(code=c["activities"][0]["code"]),
        [("$.activities[1].code", "duplicate code 'ADM-001'")],
    ),
    (
        "_weights_not_100",
        lambda c: c["policy"]["result_weights"]["value"].update(workload=70),
        [("$.policy.result_weights.value", "workload + iki must be 100")],
    ),
    (
        "_not_a_date",
        lambda c: c["calendar"]["holidays"][0].update(date="2026-02-30"),
        [("$.calendar.holidays[0].date", "'2026-02-30' is not a real calendar date")],
    ),
]


@pytest.mark.parametrize(("_case", "damage", "expected"), INVALID)
def test_an_invalid_file_is_refused_with_path_and_reason(_case, damage, expected, v1_copy):
    content = v1_copy()
    damage(content)
    problems = template_problems(content)
    assert [path for path, _ in problems] == [path for path, _ in expected]
    for (_, reason), (_, wanted) in zip(problems, expected, strict=True):
        assert wanted is None or reason == wanted


def test_every_error_is_reported_and_nothing_is_written(db, tmp_path, v1_copy):
    load_builtin_templates()
    content = v1_copy()
    content["template"]["slug"] = "kota-contoh"
    content["activities"][0]["standard_minutes"] = 0
    content["activities"][5]["position_types"] = ["CAMAT"]
    content["indicators"][2]["measurement"] = "speed"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_template", str(path))
    message = str(caught.value)
    assert "3 problems" in message and "nothing was written" in message
    assert "$.activities[0].standard_minutes: 0 is less than the minimum of 1" in message
    assert "$.activities[5].position_types[0]: 'CAMAT' is not one of" in message
    assert "$.indicators[2].measurement: 'speed' is not one of" in message
    assert not ModelTemplate.objects.filter(slug="kota-contoh").exists()


def test_a_file_that_is_not_json_is_refused(db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_template", str(path))


def test_a_published_version_is_never_rewritten(db, tmp_path, surabaya_v1):
    load_builtin_templates()
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(surabaya_v1), encoding="utf-8")
    with pytest.raises(CommandError, match="never rewritten"):
        call_command("import_template", str(path))


def test_loading_builtin_templates_twice_changes_nothing(db):
    load_builtin_templates()
    count = TemplateVersion.objects.count()
    assert load_builtin_templates() == []
    assert TemplateVersion.objects.count() == count


def test_operator_uploads_an_invalid_file_and_sees_every_problem(db, operator, v1_copy):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = v1_copy()
    content["template"]["slug"] = "kota-contoh"
    content["activities"][0]["standard_minutes"] = 0
    content["branding"]["primary_colour"] = "blue"
    upload = SimpleUploadedFile("bad.json", json.dumps(content).encode(), "application/json")
    response = login(None, operator).post("/catalog/", {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "$.activities[0].standard_minutes" in body and "$.branding.primary_colour" in body
    assert not ModelTemplate.objects.filter(slug="kota-contoh").exists()


def test_operator_publishes_a_draft_on_the_console(db, operator, v1_copy):
    from catalog.services import create_version

    content = v1_copy()
    content["template"].update(slug="kota-contoh", version=1)
    create_version(content, actor=Actor.system("tests"))
    client = login(None, operator)
    client.post("/catalog/templates/kota-contoh/1/status/", {"action": "publish"})
    assert TemplateVersion.objects.get(template__slug="kota-contoh").status == "published"
    assert client.get("/api/v1/catalog/templates/kota-contoh/1/").json()["template"]["version"] == 1


def test_city_users_cannot_reach_the_catalogue_console(jambi, make_user):
    from core.accounts.roles import Role

    admin = make_user(jambi, Role.CITY_ADMIN, "admin.jambi")
    client = login(jambi, admin)
    response = client.get("/catalog/", HTTP_HOST="localhost")  # the city cookie is host-only
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_provision_city_adopts_the_requested_version(db, capsys):
    call_command(
        "provision_city",
        "kota-kediri",
        "--name",
        "Kota Kediri",
        "--template",
        "surabaya@1",
        "--json",
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary["template"] == "surabaya@1"
    from core.configuration.models import Adoption
    from tenants.models import City

    with in_city(City.objects.get(slug="kota-kediri")):
        adoption = Adoption.objects.get()
    assert (adoption.source_template, adoption.source_version) == ("surabaya", 1)


def test_provision_city_refuses_an_unknown_template_and_creates_nothing(db):
    from tenants.models import City

    with pytest.raises(CommandError, match="surabaya@7"):
        call_command(
            "provision_city", "kota-blitar", "--name", "Kota Blitar", "--template", "surabaya@7"
        )
    assert not City.objects.filter(slug="kota-blitar").exists()


def test_version_page_lists_changes_since_the_previous_version(db, operator, v1_copy):
    from catalog.services import create_version

    load_builtin_templates()
    content = v1_copy()
    content["activities"] = [a for a in content["activities"] if a["code"] != "ADM-004"]
    content["activities"][0]["standard_minutes"] = 11
    content["template"].pop("version")
    create_version(content, actor=Actor.system("tests"))
    page = login(None, operator).get("/catalog/templates/surabaya/2/")
    assert [(section, key) for section, key, _ in page.context["changes"]] == [
        ("activities", "ADM-001"),
        ("activities", "ADM-004"),
    ]
    assert "dihapus" in page.content.decode()  # "removed", in Indonesian
