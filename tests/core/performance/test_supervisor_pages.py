"""The supervisor's pages: nothing pre-ticked, "select all" explicit, unusual days flagged;
behaviour rated for any month still open; the team page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from core.performance.models import ActivityEntry, BehaviourRating, EntryStatus, Period
from core.performance.rules import EntryFlags, day_over_cap, entry_flags
from tests.conftest import in_city, login
from tests.core.performance.conftest import TODAY, log

LEVELS = {
    name: "sesuai"
    for name in (
        "berorientasi_pelayanan",
        "akuntabel",
        "kompeten",
        "harmonis",
        "loyal",
        "adaptif",
        "kolaboratif",
    )
}


@pytest.mark.parametrize(
    ("_case", "volume", "minutes", "usual", "expected"),
    [
        ("_no_history", "5", 150, None, EntryFlags(False, False)),
        ("_usual", "2", 60, Decimal("1.5"), EntryFlags(False, False)),
        ("_three_times_is_still_usual", "3", 90, Decimal(1), EntryFlags(False, False)),
        ("_more_than_three_times", "4", 120, Decimal(1), EntryFlags(True, False)),
        ("_half_a_day", "8", 240, Decimal(8), EntryFlags(False, True)),
        ("_both", "10", 300, Decimal(1), EntryFlags(True, True)),
    ],
)
def test_entry_flags(_case, volume, minutes, usual, expected):
    assert entry_flags(Decimal(volume), minutes, usual) == expected


@pytest.mark.parametrize(
    ("_case", "minutes", "cap", "expected"),
    [("_under", 470, 480, False), ("_at", 480, 480, False), ("_over", 481, 480, True)],
)
def test_day_over_cap(_case, minutes, cap, expected):
    assert day_over_cap(minutes, cap) is expected


def _client(work, user):
    client = login(work.city, user)
    client.cookies["django_language"] = "en"
    return client


def test_nothing_is_pre_ticked_until_select_all_is_asked_for(work):
    log(work, work.budi)
    log(work, work.sari)
    client = _client(work, work.kabid)
    html = client.get("/work/verify/").content.decode()
    assert html.count('form="bulk"') == 2
    assert " checked " not in html and " checked>" not in html
    assert 'href="/work/verify/?select=all"' in html
    ticked = client.get("/work/verify/?select=all").content.decode()
    assert ticked.count(" checked ") == 2


def test_approving_with_nothing_selected_says_so_and_approves_nothing(work):
    entry = log(work, work.budi).entry
    response = _client(work, work.kabid).post("/work/verify/bulk/", follow=True)
    assert "Nothing was selected" in response.content.decode()
    with in_city(work.city):
        assert ActivityEntry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED


def test_a_day_over_the_cap_and_an_unusual_volume_are_flagged(work):
    from core.performance.services.verification import verify_activity

    for day in (TODAY - timedelta(days=1), TODAY - timedelta(days=1), TODAY):
        entry = log(work, work.budi, day=day, volume="1").entry
        with in_city(work.city):
            verify_activity(entry.pk, actor=work.kabid, approve=True)
    log(work, work.budi, volume="6")  # 6x the usual volume of 1
    sari = log(work, work.sari, volume="2").entry
    with in_city(work.city):  # a day logged before the maximum was lowered
        ActivityEntry.objects.filter(pk=sari.pk).update(minutes=800)
    html = _client(work, work.kabid).get("/work/verify/").content.decode()
    assert "Unusual volume: much more than this person usually logs" in html
    assert "Over the daily maximum: 800 minutes logged this day, the most allowed is 720." in html
    assert html.count("Unusual volume") == 1


def test_rates_behaviour_for_an_open_previous_month(work):
    client = _client(work, work.kabid)
    sari = work.sari.employee.pk
    page = client.get(f"/work/team/{sari}/behaviour/2026/2/")
    assert page.status_code == 200
    assert "February 2026" in page.content.decode()
    response = client.post(f"/work/team/{sari}/behaviour/2026/2/", LEVELS)
    assert response.status_code == 302
    with in_city(work.city):
        rating = BehaviourRating.objects.get(employee_id=sari)
        assert (rating.period.year, rating.period.month) == (2026, 2)


def test_rate_page_takes_a_period_id(work):
    with in_city(work.city):
        period = Period.objects.create(year=2026, month=2)
    html = _client(work, work.kabid).get(
        f"/work/team/{work.sari.employee.pk}/behaviour/?period={period.pk}"
    )
    assert "February 2026" in html.content.decode()


def test_a_closed_month_cannot_be_rated_and_says_why(work):
    with in_city(work.city):
        Period.objects.create(year=2026, month=1, status="closed")
    client = _client(work, work.kabid)
    url = f"/work/team/{work.sari.employee.pk}/behaviour/2026/1/"
    assert "January 2026 is closed for this person" in client.get(url).content.decode()
    response = client.post(url, LEVELS)
    assert response.status_code == 400
    with in_city(work.city):
        assert not BehaviourRating.objects.exists()


@pytest.mark.parametrize(("_case", "who", "status"), [("_other_opd", "kadinkes", 404)])
def test_only_the_supervisor_rates(work, _case, who, status):
    url = f"/work/team/{work.sari.employee.pk}/behaviour/2026/2/"
    response = _client(work, getattr(work, who)).post(url, LEVELS)
    assert response.status_code == status
    with in_city(work.city):
        assert not BehaviourRating.objects.exists()


def test_nobody_rates_themselves(work):
    response = _client(work, work.kabid).post(
        f"/work/team/{work.kabid.employee.pk}/behaviour/2026/2/", LEVELS
    )
    assert response.status_code == 403


def test_a_month_out_of_range_is_not_found(work):
    response = _client(work, work.kabid).get(
        f"/work/team/{work.sari.employee.pk}/behaviour/2026/13/"
    )
    assert response.status_code == 404


def test_team_page_links_the_ratings_of_every_open_month(work):
    with in_city(work.city):
        Period.objects.create(year=2026, month=1, status="closed")
    html = _client(work, work.kabid).get("/work/team/").content.decode()
    sari = work.sari.employee.pk
    assert f"/work/team/{sari}/behaviour/2026/3/" in html
    assert f"/work/team/{sari}/behaviour/2026/2/" in html
    assert f"/work/team/{sari}/behaviour/2026/1/" not in html
    assert "4 behaviour ratings are still missing" in html


def test_rating_starts_with_nothing_chosen_and_a_missing_value_is_named(work):
    client = _client(work, work.kabid)
    url = f"/work/team/{work.sari.employee.pk}/behaviour/2026/3/"
    assert " checked" not in client.get(url).content.decode()
    partial = {k: v for k, v in LEVELS.items() if k != "loyal"}
    response = client.post(url, partial)
    assert response.status_code == 400
    assert "Choose a level for this value." in response.content.decode()
    with in_city(work.city):
        assert not BehaviourRating.objects.exists()
