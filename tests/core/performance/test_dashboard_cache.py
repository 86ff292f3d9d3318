"""The city and OPD dashboards are recomputed at most once per data version
(core.versioned_cache): current when nothing moved, at most DASHBOARD_STALE_SECONDS
old while the city logs, one recomputation at a time, never crossing cities."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import translation

from core.accounts.roles import Role
from tests.conftest import in_city, login
from tests.core.performance.conftest import TODAY, log

CITY = "/api/v1/work/dashboard/city/"


def _waiting(client) -> tuple[int, str]:
    answer = client.get(CITY)
    assert answer.status_code == 200
    body = answer.json()
    return body["totals"]["waiting"], body["as_of"]


def test_the_figures_follow_every_change_when_no_staleness_is_allowed(work):
    admin = login(work.city, work.cityadmin)
    before, _ = _waiting(admin)
    assert _waiting(admin)[0] == before  # read twice, nothing moved
    log(work, work.budi)
    assert _waiting(admin)[0] == before + 1


def test_inside_the_window_the_figures_of_a_moment_ago_come_with_their_time(work, settings):
    admin = login(work.city, work.cityadmin)
    settings.DASHBOARD_STALE_SECONDS = 600
    first = _waiting(admin)
    log(work, work.budi)
    assert _waiting(admin) == first  # the same figures and the same "as of"
    settings.DASHBOARD_STALE_SECONDS = 0
    waiting, as_of = _waiting(admin)
    assert waiting == first[0] + 1 and as_of >= first[1]


def test_while_one_process_recomputes_the_others_serve_the_previous_figures(work):
    admin = login(work.city, work.cityadmin)
    before, _ = _waiting(admin)
    log(work, work.budi)
    lock = f"dashboard:city:{TODAY.isoformat()}:recomputing"
    with in_city(work.city):
        assert cache.add(lock, 1, 60)  # another worker is recomputing
    assert _waiting(admin)[0] == before
    with in_city(work.city):
        cache.delete(lock)
    assert _waiting(admin)[0] == before + 1


def test_one_citys_cached_figures_never_answer_another_city(work, jambi, make_user):
    log(work, work.budi)
    surabaya = login(work.city, work.cityadmin).get(CITY).json()
    assert surabaya["totals"]["people"] > 0
    admin = make_user(jambi, Role.CITY_ADMIN, "admin-jambi")
    other = login(jambi, admin).get(CITY).json()
    assert other["totals"]["people"] == 0 and other["opds"] == []


def test_the_opd_page_and_answer_say_the_time_of_their_data(work):
    log(work, work.budi)
    admin = login(work.city, work.cityadmin)
    with translation.override("id"):
        page = admin.get(f"/work/opd/?opd={work.opd.pk}", HTTP_ACCEPT_LANGUAGE="id")
    assert "Data per pukul" in page.content.decode()
    answer = admin.get(f"/api/v1/work/dashboard/opd/{work.opd.pk}/").json()
    assert answer["as_of"].startswith(TODAY.isoformat())
