"""Activation letters: the city's letterhead and logo, a labelled code, a QR code of the
activation link, the expiry date, the site's own scheme and host, two letters a page."""

from __future__ import annotations

import io
from datetime import date

import time_machine
from django.core.files.base import ContentFile
from PIL import Image

from core.configuration.models import Branding
from core.people.letters import Letterhead, activation_link, render_letters
from tests.conftest import host_of, in_city, login
from tests.core.people.pdf import activation_codes, page_count, pdf_text

ROW = {"nip": "199005202015031003", "name": "Budi", "unit": "Dinas > Bidang SD", "code": ""}


def _rows(n: int) -> list[dict]:
    return [{**ROW, "code": f"ABCD-EFGH-{i:02d}".replace("0", "Z")} for i in range(n)]


def test_letters_are_two_to_a_page():
    assert page_count(render_letters(Letterhead("Kota Uji"), "http://x", _rows(1))) == 1
    assert page_count(render_letters(Letterhead("Kota Uji"), "http://x", _rows(2))) == 1
    assert page_count(render_letters(Letterhead("Kota Uji"), "http://x", _rows(3))) == 2
    empty = render_letters(Letterhead("Kota Uji"), "http://x", [])
    assert page_count(empty) == 1 and "No accounts waiting" in pdf_text(empty)


def test_activation_link_fills_in_nip_and_code():
    link = activation_link("http://jambi.localhost:8000", "199005202015031003", "K7MQ-2XHP-9D")
    assert link == (
        "http://jambi.localhost:8000/accounts/activate/?nip=199005202015031003&code=K7MQ-2XHP-9D"
    )


def test_a_broken_logo_does_not_stop_the_letters():
    pdf = render_letters(Letterhead("Kota Uji", logo=b"not an image"), "http://x", _rows(1))
    assert pdf.startswith(b"%PDF") and "KOTA UJI" in pdf_text(pdf)


def test_letters_page_prints_letterhead_logo_code_label_expiry_and_the_real_address(registry):
    city = registry["city"]
    logo = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(logo, "PNG")
    with in_city(city):
        branding, _ = Branding.objects.get_or_create(pk=1)
        branding.display_name = "Pemerintah Kota Surabaya"
        branding.tagline = "Badan Kepegawaian dan Pengembangan SDM"
        branding.logo.save("logo.png", ContentFile(logo.getvalue()), save=True)
    client = login(city, registry["users"]["city_admin"])
    with time_machine.travel(date(2026, 12, 7), tick=False):
        response = client.post(
            "/people/activation-letters/", {"unit": ""}, HTTP_ACCEPT_LANGUAGE="id"
        )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "PEMERINTAH KOTA SURABAYA" in text
    assert "Badan Kepegawaian dan Pengembangan SDM" in text
    assert "/Subtype /Image" in response.content.decode("latin-1")  # the logo
    assert "Kode aktivasi" in text
    assert "Berlaku sampai 6 Januari 2027" in text  # issued 7 December, valid 30 days
    assert f"http://{host_of(city)}/accounts/activate/" in text
    assert "https://" not in text
    codes = activation_codes(response.content)
    assert len(codes) == 2  # KADIS and STAF2 are still waiting (see registry)
    assert page_count(response.content) == 1


def test_letters_follow_the_scheme_the_site_is_served_on(registry):
    city = registry["city"]
    client = login(city, registry["users"]["city_admin"])
    response = client.post("/people/activation-letters/", {"unit": ""}, secure=True)
    assert f"https://{host_of(city)}/accounts/activate/" in pdf_text(response.content)


def test_asn_cannot_print_letters(registry):
    response = login(registry["city"], registry["users"]["asn"]).post(
        "/people/activation-letters/", {"unit": ""}
    )
    assert response.status_code == 403
