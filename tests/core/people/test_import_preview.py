"""The import preview lists who is created and updated, and offers to map a new unit
whose name nearly matches an existing one (a mapping the import then applies)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.audit.models import AuditEvent
from core.organisation.models import OrgUnit
from core.people import rules
from core.people.models import Employee
from tests.conftest import in_city, login
from tests.core.people.conftest import KABID, STAF1, base_rows, csv_bytes

NEWCOMER = "199811112022031001"

LIKENESS = [
    ("_abbreviation_spelled_out", "Bidang Pembinaan SD", "Bidang Pembinaan Sekolah Dasar", True),
    ("_case_and_spaces", "bidang  pembinaan sekolah dasar", "Bidang Pembinaan Sekolah Dasar", True),
    ("_typo", "Bidang Pembinan Sekolah Dasar", "Bidang Pembinaan Sekolah Dasar", True),
    ("_smp_is_not_sd", "Bidang Pembinaan SMP", "Bidang Pembinaan Sekolah Dasar", False),
    ("_other_unit", "Bidang Anggaran", "Bidang Pembinaan Sekolah Dasar", False),
    ("_sd_vs_smp_abbreviations", "Bidang SD", "Bidang SMP", False),
]


@pytest.mark.parametrize(("_case", "new", "existing", "alike"), LIKENESS)
def test_unit_names_nearly_alike(_case, new, existing, alike):
    found = rules.nearly_matching_unit(new, [existing, "Sekretariat"])
    assert found == (existing if alike else None)


def test_the_same_name_is_not_a_suggestion():
    assert rules.nearly_matching_unit("Bidang SD", ["Bidang SD"]) is None


def _rows_with_near_unit() -> list[dict]:
    rows = base_rows()
    rows.append(
        {
            "nip": NEWCOMER,
            "nama": "Rizky Baru",
            "jenis_asn": "PNS",
            "jabatan": "Analis Data",
            "unit_kerja": "Dinas Pendidikan > bidang sd",
            "nip_atasan": KABID,
        }
    )
    rows[2]["nama"] = "Budi Santoso Putra"
    return rows


def _upload(client, rows):
    data = csv_bytes(rows)
    response = client.post("/people/import/", {"file": SimpleUploadedFile("asn.csv", data)})
    assert response.status_code == 302
    return response["Location"]


def test_preview_lists_people_created_and_updated(registry):
    client = login(registry["city"], registry["users"]["city_admin"])
    preview = client.get(_upload(client, _rows_with_near_unit()), HTTP_ACCEPT_LANGUAGE="id")
    report = preview.context["report"]
    assert [p["nip"] for p in report.people_created] == [NEWCOMER]
    assert report.people_updated == [
        {
            "nip": STAF1,
            "name": "Budi Santoso Putra",
            "position": "Analis Kurikulum",
            "unit": "Dinas Pendidikan > Bidang SD",
            "changed": True,
            "moved": False,
        }
    ]
    page = preview.content.decode()
    assert "Rizky Baru" in page and "Budi Santoso Putra" in page
    assert 'data-testid="people-created"' in page


def test_preview_warns_of_a_nearly_matching_unit_and_the_mapping_is_applied(registry):
    city = registry["city"]
    client = login(city, registry["users"]["city_admin"])
    location = _upload(client, _rows_with_near_unit())
    preview = client.get(location)
    report = preview.context["report"]
    assert report.unit_suggestions == [
        {"new": "Dinas Pendidikan > bidang sd", "existing": "Dinas Pendidikan > Bidang SD"}
    ]
    assert report.new_units == ["Dinas Pendidikan > bidang sd"]
    chosen = client.post(location, {"map": ["Dinas Pendidikan > bidang sd"]})
    assert chosen.status_code == 302 and chosen["Location"] == location
    again = client.get(location).context
    assert again["report"].new_units == [] and again["report"].unit_suggestions == []
    assert again["mapping"] == {"Dinas Pendidikan > bidang sd": "Dinas Pendidikan > Bidang SD"}
    done = client.post(location + "confirm/")
    assert done.status_code == 200 and done.context["report"].ok
    with in_city(city):
        assert not OrgUnit.objects.filter(name="bidang sd").exists()
        newcomer = Employee.objects.get(nip=NEWCOMER)
        unit = newcomer.assignments.get().position.org_unit
        assert unit.path == "Dinas Pendidikan > Bidang SD"
        event = AuditEvent.objects.get(action="people.import_asn", actor_label="admin.bkpsdm")
        assert event.after["unit_mapping"] == {
            "Dinas Pendidikan > bidang sd": "Dinas Pendidikan > Bidang SD"
        }


def test_only_offered_mappings_are_kept(registry):
    """A forged mapping (to a unit the preview did not offer) is ignored."""
    city = registry["city"]
    client = login(city, registry["users"]["city_admin"])
    location = _upload(client, _rows_with_near_unit())
    client.post(location, {"map": ["Dinas Kesehatan", "Dinas Pendidikan > Subbagian Umum"]})
    context = client.get(location).context
    assert context["mapping"] == {}
    assert context["report"].new_units == ["Dinas Pendidikan > bidang sd"]


def test_mapping_needs_the_city_admin(registry):
    city = registry["city"]
    admin = login(city, registry["users"]["city_admin"])
    location = _upload(admin, _rows_with_near_unit())
    response = login(city, registry["users"]["opd_admin"]).post(
        location, {"map": ["Dinas Pendidikan > bidang sd"]}
    )
    assert response.status_code == 403
    assert admin.get(location).context["mapping"] == {}
