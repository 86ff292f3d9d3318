"""BKN's reference downloads loaded on the mapping page: the choices the codes are taken from."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import in_city, login

KUADRAN_JSON = json.dumps(
    {
        "data": [
            {"id": "1", "nama": "Sangat Baik"},
            {"id": "2", "nama": "Baik"},
            {"id": "3", "nama": "Butuh Perbaikan"},
            {"id": "4", "nama": "Kurang"},
            {"id": "5", "nama": "Sangat Kurang"},
            {"id": "6", "nama": "Misconduct"},
        ]
    }
).encode()


def _upload(client, table: str, content: bytes, name: str):
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post("/siasn/mapping/upload/", {"table": table, "file": file}, follow=True)


def _mapping(world, kind: str, value: str):
    from core.siasn.models import CodeMapping

    with in_city(world.city):
        return CodeMapping.objects.get(kind=kind, value=value)


@pytest.mark.parametrize("persona", ["asn", "opd_admin"])
def test_only_the_city_admin_uploads(connected, persona):
    user = login(connected.city, connected.users[persona])
    assert _upload(user, "kuadranNilai", KUADRAN_JSON, "k.json").status_code == 403


def test_json_download_fills_the_choices_and_labels_audited(connected):
    from core.audit.models import AuditEvent
    from core.siasn.models import ReferenceCode

    admin = login(connected.city, connected.users["city_admin"])
    response = _upload(admin, "kuadranNilai", KUADRAN_JSON, "kuadranNilai.json")
    assert response.status_code == 200
    with in_city(connected.city):
        loaded = dict(
            ReferenceCode.objects.filter(table="kuadranNilai").values_list("code", "name")
        )
        event = AuditEvent.objects.get(action="siasn.reference_loaded")
    assert loaded["6"] == "Misconduct" and len(loaded) == 6
    assert event.after["added"] == 6 and event.object_id == "kuadranNilai"
    assert _mapping(connected, "kuadran", "kurang").bkn_label == "Kurang"  # the table's name
    html = admin.get("/siasn/mapping/").content.decode()
    assert 'value="6"' in html and "Misconduct" in html  # offered as a choice
    # The admin picks a code from the table; one not in it is refused.
    row = _mapping(connected, "kuadran", "kurang")
    admin.post(f"/siasn/mapping/{row.pk}/", {"code": "6"})
    row = _mapping(connected, "kuadran", "kurang")
    assert (row.code, row.bkn_label) == ("6", "Misconduct")
    admin.post(f"/siasn/mapping/{row.pk}/", {"code": "9"})
    assert _mapping(connected, "kuadran", "kurang").code == "6"


def test_csv_download_updates_and_replaces_the_table(connected):
    from core.siasn.models import ReferenceCode

    admin = login(connected.city, connected.users["city_admin"])
    first = b"kode;nama\n1;Dibawah Ekspektasi\n2;Sesuai Ekspektasi\n3;Diatas Ekspektasi\n9;Lama\n"
    _upload(admin, "perilakuDanKinerja", first, "perilaku.csv")
    again = b"1,Di Bawah Ekspektasi\n2,Sesuai Ekspektasi\n3,Di Atas Ekspektasi\n"
    response = _upload(admin, "perilakuDanKinerja", again, "perilaku.csv")
    assert response.status_code == 200
    with in_city(connected.city):
        loaded = dict(
            ReferenceCode.objects.filter(table="perilakuDanKinerja").values_list("code", "name")
        )
    assert loaded == {
        "1": "Di Bawah Ekspektasi",
        "2": "Sesuai Ekspektasi",
        "3": "Di Atas Ekspektasi",
    }
    # Both ratings take their codes from perilakuDanKinerja.
    assert _mapping(connected, "hasil", "dibawah").bkn_label == "Di Bawah Ekspektasi"
    assert _mapping(connected, "perilaku", "diatas").bkn_label == "Di Atas Ekspektasi"


def test_codes_in_use_missing_from_the_table_are_reported(connected):
    from core.siasn import services

    outcome = connected.run(
        services.load_reference,
        "periodik",
        b"id,nama\n1,Bulanan\n4,Tahunan\n",
        actor=connected.users["city_admin"],
    )
    assert outcome.added == 2 and outcome.unknown == ["2"]  # quarterly is mapped to 2


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b'[{"nama": "no code"}]', b"\xff\xfe\x00bad"],
)
def test_unreadable_files_are_refused_and_change_nothing(connected, content):
    from core.siasn import services
    from core.siasn.models import ReferenceCode

    with pytest.raises(services.SiasnRefused):
        connected.run(
            services.load_reference, "koefisien", content, actor=connected.users["city_admin"]
        )
    with in_city(connected.city):
        assert not ReferenceCode.objects.exists()
    with pytest.raises(services.SiasnRefused):
        connected.run(
            services.load_reference, "unor", b"1,x\n", actor=connected.users["city_admin"]
        )
