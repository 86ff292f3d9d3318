"""The page shell: city name, menu by role, language switch, htmx with CSRF."""

import re

from core.accounts.roles import Role
from tenants.rules import CityStatus
from tenants.services import Actor, change_city_status
from tests.conftest import client_for, login


def menu_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="mainnav".*?</nav>', html, re.S)
    return re.findall(r'href="([^"]+)"', nav.group(0)) if nav else []


def test_city_page_shows_the_city_and_the_shell(surabaya, make_user):
    asn = make_user(surabaya, Role.ASN, "198609262015051001", "Budi Santoso")
    html = login(surabaya, asn).get("/").content.decode()
    assert '<a class="brand" href="/">' in html and "Kota Surabaya" in html
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
    assert "htmx" in html
    assert 'class="lang-switch"' in html and 'value="en"' in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html


def test_menu_follows_the_role(surabaya, make_user):
    asn = make_user(surabaya, Role.ASN, "198609262015051001")
    admin = make_user(surabaya, Role.CITY_ADMIN, "admin-sby")
    asn_menu = set(menu_links(login(surabaya, asn).get("/").content.decode()))
    admin_menu = set(menu_links(login(surabaya, admin).get("/").content.decode()))
    assert asn_menu and admin_menu
    assert admin_menu - asn_menu  # the administrator's pages are not shown to an ASN
    assert "/console/" not in admin_menu  # the console is never a city page


def test_platform_staff_menu_is_the_public_sites(db, operator):
    html = login(None, operator).get("/console/").content.decode()
    links = menu_links(html)
    assert "/console/" in links
    assert 'aria-current="page"' in html


def test_anonymous_visitor_sees_no_menu(surabaya):
    html = client_for(surabaya).get("/accounts/login/").content.decode()
    assert menu_links(html) == []
    assert "accounts/logout" not in html


def test_suspended_city_shows_the_read_only_badge(surabaya, make_user):
    asn = make_user(surabaya, Role.ASN, "198609262015051001")
    change_city_status(surabaya, CityStatus.SUSPENDED, actor=Actor(label="tests"), reason="x")
    html = login(surabaya, asn).get("/").content.decode()
    assert 'class="badge badge-warn">Hanya baca<' in html


def test_error_pages_use_the_shell(surabaya):
    html = client_for(surabaya).get("/no-such-page/").content.decode()
    assert "Halaman tidak ditemukan" in html and "Kota Surabaya" in html
