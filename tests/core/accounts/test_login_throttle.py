"""Login throttling: atomic under parallel requests, and per address as well as per NIP.

Design (core.accounts.rules.throttle_limits): each attempt is claimed, under row
locks, on three counters before the password is checked: address+NIP (5), NIP from
anywhere (20) and address for any NIP (100). One address can therefore stop its own
guessing at 5 but never lock the NIP for everyone else.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
import requests

from core.accounts.models import LoginThrottle
from core.accounts.roles import Role
from tests.conftest import PASSWORD, client_for, in_city

NIP = "198609262015051001"
LOCKED = "Terlalu banyak"  # "Too many failed attempts" in Indonesian


def _post_token(city, password, ip, nip=NIP):
    return client_for(city, REMOTE_ADDR=ip).post(
        "/api/v1/auth/token/", {"nip": nip, "password": password}, content_type="application/json"
    )


def _login(city, password, ip, nip=NIP):
    return client_for(city, REMOTE_ADDR=ip).post(
        "/accounts/login/", {"username": nip, "password": password}
    )


def test_five_failures_from_one_address_do_not_lock_out_another_address(make_user, surabaya):
    make_user(surabaya, Role.ASN, NIP)
    for _ in range(6):
        assert _login(surabaya, "salah", "203.0.113.7").status_code == 200
    assert _login(surabaya, PASSWORD, "203.0.113.7").status_code == 200  # that address: locked
    assert _login(surabaya, PASSWORD, "198.51.100.20").status_code == 302  # the owner: in
    assert _post_token(surabaya, PASSWORD, "198.51.100.20").status_code == 200


def test_failures_from_many_addresses_lock_the_nip_everywhere(make_user, surabaya):
    make_user(surabaya, Role.ASN, NIP)
    for address in range(4):
        for _ in range(5):
            _post_token(surabaya, "salah", f"203.0.113.{address}")
    refused = _post_token(surabaya, PASSWORD, "198.51.100.20")
    assert refused.status_code == 400
    assert LOCKED in refused.json()["message"]


def test_one_address_spraying_many_nips_is_stopped(make_user, surabaya):
    make_user(surabaya, Role.ASN, NIP)
    for n in range(100):
        _post_token(surabaya, "salah", "203.0.113.9", nip=f"19860926201505{n:04d}")
    refused = _post_token(surabaya, PASSWORD, "203.0.113.9")
    assert refused.status_code == 400 and LOCKED in refused.json()["message"]
    assert _post_token(surabaya, PASSWORD, "198.51.100.20").status_code == 200


def test_a_success_clears_the_count_for_that_address(make_user, surabaya):
    make_user(surabaya, Role.ASN, NIP)
    for _ in range(4):
        _login(surabaya, "salah", "198.51.100.20")
    assert _login(surabaya, PASSWORD, "198.51.100.20").status_code == 302
    for _ in range(4):
        _login(surabaya, "salah", "198.51.100.20")
    assert _login(surabaya, PASSWORD, "198.51.100.20").status_code == 302


def test_forwarded_for_is_ignored_unless_behind_the_proxy(make_user, surabaya, settings):
    make_user(surabaya, Role.ASN, NIP)
    for n in range(6):  # a client inventing a new address each time gains nothing
        client_for(surabaya, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").post(
            "/accounts/login/", {"username": NIP, "password": "salah"}
        )
    assert _login(surabaya, PASSWORD, "203.0.113.7").status_code == 200
    settings.BEHIND_PROXY = True
    behind = client_for(
        surabaya, REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.20"
    ).post("/accounts/login/", {"username": NIP, "password": PASSWORD})
    assert behind.status_code == 302
    with in_city(surabaya):
        assert not LoginThrottle.objects.filter(key__contains="1.2.3.4").exists()


# ---------------------------------------------------------------- the race, over HTTP
@pytest.fixture(autouse=True)
def _django_db_marker() -> None:
    """Overrides pytest-django's: the marks below only tell it to create the database;
    the race tests run on committed data, outside a transaction, like browser tests."""


@pytest.fixture
def race_city(browser_city, django_db_blocker):
    browser_city.make_user(Role.ASN, NIP, "Budi")
    with browser_city.committed():
        LoginThrottle.objects.all().delete()
    with django_db_blocker.unblock():  # the server thread queries while the test runs
        yield browser_city


def _request_token(city, password: str) -> requests.Response:
    return requests.post(
        f"http://127.0.0.1:{city.port}/api/v1/auth/token/",
        json={"nip": NIP, "password": password},
        headers={"Host": f"{city.city.slug}.localhost"},
        timeout=60,
    )


def _fire(city, passwords: list[str]) -> list[requests.Response]:
    """POST one token request per password, all released at the same instant."""
    barrier = threading.Barrier(len(passwords))
    results: list[requests.Response | None] = [None] * len(passwords)

    def send(i: int, password: str) -> None:
        barrier.wait()
        results[i] = _request_token(city, password)

    threads = [threading.Thread(target=send, args=(i, p)) for i, p in enumerate(passwords)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _outcomes(responses) -> Counter:
    def kind(r):
        if r.status_code == 200:
            return "token"
        return "locked" if LOCKED in r.json()["message"] else "wrong"

    return Counter(kind(r) for r in responses)


@pytest.mark.django_db
def test_parallel_guesses_check_at_most_five_passwords(race_city):
    outcomes = _outcomes(_fire(race_city, ["salah"] * 12))
    assert outcomes == Counter({"wrong": 5, "locked": 7})


@pytest.mark.django_db
def test_nine_wrong_and_one_right_in_parallel_never_pass_the_threshold(race_city):
    outcomes = _outcomes(_fire(race_city, ["salah"] * 9 + [PASSWORD]))
    # A right password that wins an early claim clears the count, and later wrong ones
    # start again from zero; without it, no more than five passwords are checked.
    if outcomes["token"] == 0:
        assert outcomes["wrong"] <= 5 and outcomes["locked"] >= 5
    else:
        assert outcomes["token"] == 1 and outcomes["wrong"] <= 9
    again = _request_token(race_city, PASSWORD)
    if outcomes["token"] == 0:
        assert again.status_code == 400 and LOCKED in again.json()["message"]
