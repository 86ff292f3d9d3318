"""The BKPSDM admin's day at 1366x768, in Indonesian: import a spreadsheet written the way
cities write it, map a unit spelled otherwise, print activation letters, and a new
person activates from the letter's link and is signed in at once."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

from core.demo import DEMO_PASSWORD
from tests.browser_support import TESTS_DIR
from tests.core.people.pdf import activation_codes, pdf_text

ADMIN = "198004112005012001"
KABID_SD = "198003152005012002"
NEWCOMER = "199811112022031001"
NEWCOMER_2 = "199702022021032002"
SD_NEAR = "Dinas Pendidikan > Bidang Pembinaan SD"
SD = "Dinas Pendidikan > Bidang Pembinaan Sekolah Dasar"
COLUMNS = (
    "nip",
    "nama",
    "jenis_asn",
    "golongan",
    "jabatan",
    "jenis_jabatan",
    "eselon",
    "kelas_jabatan",
    "unit_kerja",
    "nip_atasan",
)


def _file(rows: list[dict]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.upper() for c in COLUMNS])  # as a BKPSDM spreadsheet heads them
    for row in rows:
        writer.writerow([row.get(c, "") for c in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def _rows(demo_city) -> list[dict]:
    from core.people.exporting import export_rows

    with demo_city.committed():
        existing = {r["nip"]: r for r in export_rows()}
    changed = {**existing[KABID_SD], "nama": existing[KABID_SD]["nama"] + " Putri"}
    changed["jenis_jabatan"], changed["eselon"] = "Struktural", "III.a"
    return [
        changed,
        {
            "nip": NEWCOMER,
            "nama": "Rizky Ramadhan",
            "jenis_asn": "PNS",
            "golongan": "III/a",
            "jabatan": "Pengelola Data Pendidikan",
            "jenis_jabatan": "Fungsional Umum",
            "kelas_jabatan": "7",
            "unit_kerja": SD_NEAR,
            "nip_atasan": KABID_SD,
        },
        {
            "nip": NEWCOMER_2,
            "nama": "Dwi Ayu Lestari",
            "jenis_asn": "PNS",
            "golongan": "III/a",
            "jabatan": "Pranata Komputer Ahli Pertama",
            "jenis_jabatan": "JFT",
            "kelas_jabatan": "8",
            "unit_kerja": SD_NEAR,
            "nip_atasan": KABID_SD,
        },
    ]


def test_admin_imports_maps_a_unit_prints_letters_and_a_newcomer_activates(
    demo_city, desktop, phone, shot, tmp_path
):
    page = desktop
    demo_city.sign_in(page, ADMIN)
    page.goto(demo_city.url("/people/import/"))
    assert "eselon" in page.locator("main").inner_text()
    page.set_input_files(
        "#id_file",
        files=[
            {"name": "asn-bkpsdm.csv", "mimeType": "text/csv", "buffer": _file(_rows(demo_city))}
        ],
    )
    page.click("main form button[type=submit]")
    page.wait_for_url("**/people/import/*/")

    # The preview: who is created and updated, how spellings were read, a near-match unit.
    created = page.locator("[data-testid=people-created]")
    assert "Pegawai yang akan ditambahkan (2)" in created.inner_text()
    assert "Rizky Ramadhan" in created.inner_text()
    updated = page.locator("[data-testid=people-updated]").inner_text()
    assert "Pegawai yang akan diperbarui (1)" in updated and KABID_SD in updated
    readings = page.locator("[data-testid=readings]").inner_text()
    assert "Fungsional Umum\tPelaksana\t1" in readings
    assert "JFT\tFungsional\t1" in readings
    assert "Struktural (eselon III.a)\tAdministrator\t1" in readings
    suggestion = page.locator("[data-testid=unit-suggestions]")
    assert f"“{SD_NEAR}” adalah “{SD}”" in suggestion.inner_text()
    shot(page, "import-preview")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366

    suggestion.locator("input[type=checkbox]").check()
    suggestion.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Impor akan menempatkan pegawai di unit yang sudah ada: 1." in page.inner_text("main")
    assert page.locator("[data-testid=unit-suggestions] input:checked").count() == 1
    shot(page, "import-mapped")
    page.click("form[action$='/confirm/'] button[type=submit]")
    page.wait_for_load_state()
    assert "Impor tersimpan" in page.inner_text("main") or "tersimpan" in page.inner_text("h1")
    with demo_city.committed():
        from core.organisation.models import OrgUnit
        from core.people.models import Employee

        assert not OrgUnit.objects.filter(name="Bidang Pembinaan SD").exists()
        newcomer = Employee.objects.get(nip=NEWCOMER)
        position = newcomer.assignments.get().position
        assert position.org_unit.path == SD and position.position_type == "PELAKSANA"

    # Letters: the admin prints the unit's letters.
    page.goto(demo_city.url("/people/activation-letters/"))
    shot(page, "letters-form")
    with page.expect_download() as download:
        page.click("main form button.btn-primary")
    pdf = tmp_path / "letters.pdf"
    download.value.save_as(pdf)
    data = pdf.read_bytes()
    text = pdf_text(data)
    assert "SURAT AKTIVASI AKUN SINERGI" in text and "Kode aktivasi" in text
    assert demo_city.url("/accounts/activate/") in text
    folder = TESTS_DIR.parent / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, folder / "admin-day-letters.pdf")
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "60",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                str(pdf),
                str(folder / "admin-day-letters"),
            ],
            check=True,
        )
    codes = dict(zip(_nips_in(text), activation_codes(data), strict=False))
    code = codes[NEWCOMER]

    # The newcomer scans the QR code (the link fills NIP and code) and is signed in.
    phone.goto(demo_city.url(f"/accounts/activate/?nip={NEWCOMER}&code={code}"))
    assert phone.input_value("#id_nip") == NEWCOMER
    assert phone.get_attribute("#id_nip", "inputmode") == "numeric"
    assert "karakter" in phone.inner_text("[data-testid=help-password1]")
    shot(phone, "activate-prefilled")
    phone.fill("#id_password1", DEMO_PASSWORD + "x")
    phone.fill("#id_password2", DEMO_PASSWORD + "x")
    phone.click("form.stack button[type=submit]")
    phone.wait_for_url(demo_city.url("/"))
    assert "Akun Anda sudah aktif dan Anda sudah masuk." in phone.inner_text("body")
    shot(phone, "activated-signed-in")


def _nips_in(text: str) -> list[str]:
    """The NIPs of the letters, in order (each letter prints its NIP once)."""
    import re

    return re.findall(r"\(: (\d{18})\)", text)
