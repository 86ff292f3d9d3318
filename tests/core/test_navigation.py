"""The menu by role: built from the views' own access predicates, so every entry a person
is shown opens for them; a phone bar of at most five tabs; the right tab highlighted."""

from __future__ import annotations

import pytest

from core.accounts.roles import Role
from core.navigation import PHONE_SLOTS, _active_url, split_menu
from core.people.demo import KABID_BKPSDM, KABID_SD, KASUBAG_DISDIK, SEKDA
from tests.conftest import PASSWORD, client_for, in_city

DEMO_PEOPLE = {
    "city_admin": KABID_BKPSDM,
    "opd_admin": KASUBAG_DISDIK,
    "supervisor": KABID_SD,
    "executive": SEKDA,
}


@pytest.fixture
def demo_people(jambi):
    """Jambi with the demo's people and revenue sources (no revenue OPD for Disdik)."""
    from django.contrib.auth import get_user_model

    from core.people.demo import seed_city as seed_people
    from core.revenue.demo import seed_city as seed_revenue

    with in_city(jambi):
        seed_people(jambi, [])
        seed_revenue(jambi, [])
        users = get_user_model().objects
        for username in DEMO_PEOPLE.values():
            user = users.get(username=username)
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
    return jambi


def _signed_in(city, username: str):
    client = client_for(city)
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _menu(client, path: str = "/") -> list[dict]:
    response = client.get(path, follow=True)  # the executive's start page is /work/city/
    assert response.status_code == 200
    return response.context["nav_items"]


@pytest.mark.parametrize("persona", sorted(DEMO_PEOPLE))
def test_every_menu_entry_opens_for_its_role(demo_people, persona):
    client = _signed_in(demo_people, DEMO_PEOPLE[persona])
    menu = _menu(client)
    assert menu, persona
    for entry in menu:
        response = client.get(entry["url"], follow=True)
        assert response.status_code == 200, (persona, entry["url"])


def test_opd_admin_of_an_opd_without_revenue_sees_no_revenue_entry(demo_people):
    client = _signed_in(demo_people, KASUBAG_DISDIK)
    urls = [entry["url"] for entry in _menu(client)]
    assert "/revenue/" not in urls
    assert client.get("/revenue/").status_code == 403  # the view agrees with the menu


def test_executive_revenue_pages_offer_no_entry_or_import(demo_people):
    client = _signed_in(demo_people, SEKDA)
    body = client.get("/revenue/").content.decode()
    assert 'href="/revenue/realisation/"' not in body
    assert 'href="/revenue/import/"' not in body
    assert client.get("/revenue/realisation/").status_code == 403


def test_city_admin_revenue_pages_offer_entry_and_import(demo_people):
    body = _signed_in(demo_people, KABID_BKPSDM).get("/revenue/").content.decode()
    assert 'href="/revenue/realisation/"' in body and 'href="/revenue/import/"' in body


def test_phone_bar_holds_at_most_five_tabs_and_lainnya_holds_the_rest(demo_people):
    client = _signed_in(demo_people, KABID_BKPSDM)
    response = client.get("/", follow=True)
    menu = response.context["nav_items"]
    on_bar = [entry for entry in menu if entry["phone_bar"]]
    assert len(menu) > PHONE_SLOTS + 1
    assert len(on_bar) == PHONE_SLOTS  # plus "Lainnya": five tabs
    body = response.content.decode()
    assert "<summary" in body and "Lainnya" in body
    assert all(entry["primary"] for entry in on_bar)


def test_one_tab_is_highlighted_on_a_nested_page(demo_people):
    client = _signed_in(demo_people, KABID_SD)
    menu = _menu(client, "/work/me/")
    active = [entry["url"] for entry in menu if entry["active"]]
    assert active == ["/work/me/"]  # not "/work/" (log work) as well


def test_plain_asn_sees_no_supervisor_or_admin_entries(demo_people):
    from django.contrib.auth import get_user_model

    from core.people.demo import STAF_SD_1 as STAF_BKPSDM

    with in_city(demo_people):
        user = get_user_model().objects.get(username=STAF_BKPSDM)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        assert user.role == Role.ASN and not user.is_supervisor
    urls = {entry["url"] for entry in _menu(_signed_in(demo_people, STAF_BKPSDM))}
    assert {"/work/", "/work/me/"} <= urls
    assert not urls & {"/work/verify/", "/work/team/", "/people/", "/revenue/", "/periods/"}


@pytest.mark.parametrize(
    ("_case", "path", "urls", "expected"),
    [
        ("_exact", "/work/", ["/work/", "/work/me/"], "/work/"),
        ("_longest_prefix", "/work/me/2026/", ["/work/", "/work/me/"], "/work/me/"),
        ("_root_only_exact", "/other/", ["/", "/work/"], None),
        ("_root", "/", ["/", "/work/"], "/"),
    ],
)
def test_active_entry(_case, path, urls, expected):
    assert _active_url(path, urls) == expected


@pytest.mark.parametrize(
    ("_case", "primary", "slots", "bar", "more"),
    [
        ("_fits", [True, False, False], 4, [0, 1, 2], []),
        ("_one_extra_needs_no_more", [False] * 5, 4, [0, 1, 2, 3, 4], []),
        (
            "_primary_first",
            [False, True, False, True, True, True, False],
            4,
            [1, 3, 4, 5],
            [0, 2, 6],
        ),
    ],
)
def test_split_menu(_case, primary, slots, bar, more):
    menu = [{"n": i, "primary": p} for i, p in enumerate(primary)]
    got_bar, got_more = split_menu(menu, slots)
    assert [e["n"] for e in got_bar] == bar and [e["n"] for e in got_more] == more
