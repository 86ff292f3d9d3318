"""Bahasa Indonesia by default, English by choice, and a complete project catalogue."""

import gettext
import re
from pathlib import Path

import pytest

from tests.conftest import client_for

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "id" / "LC_MESSAGES"


@pytest.mark.parametrize("host", ["localhost", "surabaya.localhost"])
def test_pages_are_in_indonesian_by_default(db, host):
    response = client_for(None, HTTP_HOST=host).get("/accounts/login/")
    body = response.content.decode()
    assert '<html lang="id">' in body
    assert "Masuk" in body
    assert "Sign in" not in body


def test_an_english_browser_still_gets_indonesian_until_the_switch(surabaya):
    body = client_for(surabaya, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/accounts/login/")
    assert '<html lang="id">' in body.content.decode()


def test_english_is_one_switch_away_and_back(surabaya):
    client = client_for(surabaya)
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert switched.status_code == 302
    english = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in english and "Sign in to Kota Surabaya" in english
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert "Masuk ke Kota Surabaya" in client.get("/accounts/login/").content.decode()


def test_refusals_speak_indonesian(jambi):
    from tenants.rules import CityStatus
    from tenants.services import Actor, change_city_status

    change_city_status(jambi, CityStatus.SUSPENDED, actor=Actor(label="tests"), reason="Audit")
    response = client_for(jambi).post("/api/v1/anything/")
    assert response.status_code == 403
    assert "sedang ditangguhkan" in response.json()["message"]


def test_unknown_host_page_speaks_indonesian(db):
    body = client_for(None, HTTP_HOST="nowhere.localhost").get("/").content.decode()
    assert "Tidak ada kota di alamat ini." in body


def test_project_catalogue_is_complete_and_compiled():
    po = (CATALOGUE / "django.po").read_text()
    entries = [
        (_joined(msgid), _joined(msgstr))
        for msgid, msgstr in re.findall(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', po, re.M)
    ][1:]  # the header
    assert len(entries) > 50
    untranslated = [msgid for msgid, msgstr in entries if not msgstr]
    assert untranslated == []
    assert "#, fuzzy" not in po
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    stale = [msgid for msgid, msgstr in entries if mo.gettext(msgid) != msgstr]
    assert stale == [], "run compilemessages"


def _joined(quoted_lines: str) -> str:
    """The text of a .po string spread over several quoted lines."""
    return "".join(re.findall(r'"(.*)"', quoted_lines)).replace('\\"', '"')
