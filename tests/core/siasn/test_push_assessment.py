"""Results out at a quarterly and an annual cadence: from closed talent assessments.

The rounds are closed through core.talent's services (organisation predicate, then close),
as the agency does; the results go to the fake SIASN over HTTP.
"""

from __future__ import annotations

import pytest

from tests.conftest import in_city
from tests.core.siasn.conftest import KABID, KADIS, OPD_ADMIN_NIP, OUTSIDER, STAF1, STAF2

RATINGS = {  # nip -> (results, behaviour, predicate)
    KADIS: ("diatas", "diatas", "sangat_baik"),
    KABID: ("sesuai", "sesuai", "baik"),
    STAF1: ("sesuai", "diatas", "baik"),
    STAF2: ("dibawah", "sesuai", "butuh_perbaikan"),
    OPD_ADMIN_NIP: ("sesuai", "sesuai", "baik"),
}
CODES = {"dibawah": "1", "sesuai": "2", "diatas": "3"}
KUADRAN = {"sangat_baik": "1", "baik": "2", "butuh_perbaikan": "3"}


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def _set_cadence(world, cadence: str) -> None:
    from core.siasn import services
    from tests.core.siasn.conftest import connection_data

    world.run(
        services.save_connection,
        connection_data(world.fake.url, cadence=cadence),
        actor=world.users["city_admin"],
    )


def _round(world, *, kind: str, period_no: int, first: int, last: int, ratings=RATINGS,
           close: bool = True, opd_of: str = KADIS):  # fmt: skip
    """An OPD's rated round for 2026 with `ratings`, closed through the talent services."""
    from core.people.hierarchy import position_on
    from core.people.models import Employee
    from core.talent import services as talent
    from core.talent.models import Assessment, AssessmentRound

    actor = world.users["city_admin"]
    with in_city(world.city):
        opd = position_on(Employee.objects.get(nip=opd_of)).position.org_unit.opd
        round_ = AssessmentRound.objects.create(
            opd=opd, year=2026, kind=kind, period_no=period_no, first_month=first, last_month=last
        )
        for nip, (results, behaviour, predicate) in ratings.items():
            person = Employee.objects.get(nip=nip)
            Assessment.objects.create(
                round=round_, employee=person, position=position_on(person).position,
                results_rating=results, behaviour_rating=behaviour, predicate=predicate,
                months=last - first + 1,
            )  # fmt: skip
        if close:
            talent.set_org_predicate(round_, "istimewa", actor=actor)
            round_ = talent.close_round(round_, actor=actor)
    return round_


def _items(world) -> dict[str, object]:
    from core.siasn.models import OutboxItem

    with in_city(world.city):
        return {i.employee.nip: i for i in OutboxItem.objects.select_related("employee")}


def _records_by_person(world) -> dict[str, list[dict]]:
    from core.siasn.models import PersonLink

    with in_city(world.city):
        nip_of = {
            siasn_id: nip
            for siasn_id, nip in PersonLink.objects.values_list("siasn_id", "employee__nip")
        }
    found: dict[str, list[dict]] = {}
    for record in world.fake.records.values():
        found.setdefault(nip_of.get(record["pnsDinilaiId"], record["pnsDinilaiId"]), []).append(
            record
        )
    return found


def _assert_sent(world, *, first: int, last: int, periodik: str, ratings=RATINGS) -> None:
    items = _items(world)
    assert set(items) == set(ratings)
    assert {i.state for i in items.values()} == {"sent"}, {n: i.answer for n, i in items.items()}
    assert all(i.source == "assessment" for i in items.values())
    records = _records_by_person(world)
    assert set(records) == set(ratings)
    assert {len(found) for found in records.values()} == {1}  # one per person and period
    for nip, (results, behaviour, predicate) in ratings.items():
        record = records[nip][0]
        assert record["periodikId"] == periodik
        assert (
            record["tahun"],
            record["tahunMulaiPenilaian"],
            record["tahunSelesaiPenilaian"],
        ) == (
            2026,
            2026,
            2026,
        )
        assert (record["bulanMulaiPenilaian"], record["bulanSelesaiPenilaian"]) == (first, last)
        assert record["hasilKinerjaNilai"] == CODES[results]
        assert record["perilakuKerjaNilai"] == CODES[behaviour]
        assert record["kuadranKinerjaNilai"] == KUADRAN[predicate]
        assert record["koefisienId"] == "1"
    assert records[STAF1][0]["penilaiNipNrp"] == KABID  # the supervisor on the period's last day


@pytest.mark.parametrize(
    ("cadence", "kind", "period_no", "first", "last", "periodik"),
    [
        ("quarterly", "periodic", 4, 10, 12, "2"),
        ("annual", "annual", 0, 1, 12, "4"),
    ],
)
def test_results_of_a_closed_assessment_reach_siasn_once(
    connected, cadence, kind, period_no, first, last, periodik
):
    from core.siasn import services

    _set_cadence(connected, cadence)
    _round(connected, kind=kind, period_no=period_no, first=first, last=last)
    actor = connected.users["city_admin"]
    queued = connected.run(services.queue_results, 2026, last, actor=actor)
    assert (queued.created, queued.skipped) == (5, [])
    connected.run(services.send_all)
    _assert_sent(connected, first=first, last=last, periodik=periodik)
    # Queuing again (another OPD closing, the admin's button) sends nothing twice.
    again = connected.run(services.queue_results, 2026, last, actor=actor)
    assert (again.created, again.replaced, again.unchanged) == (0, 0, 5)
    assert connected.run(services.send_all).handled == 0
    assert len(connected.fake.records) == 5


def test_quarterly_takes_only_the_quarter_round(connected):
    """A monthly periodic round ending in December is not the fourth quarter."""
    from core.siasn import services

    _set_cadence(connected, "quarterly")
    _round(connected, kind="periodic", period_no=12, first=12, last=12)
    with pytest.raises(services.SiasnRefused, match="No closed assessment"):
        connected.run(services.queue_results, 2026, 12, actor=connected.users["city_admin"])
    with pytest.raises(services.SiasnRefused, match="closes no period"):
        connected.run(services.queue_results, 2026, 11, actor=connected.users["city_admin"])


@pytest.mark.parametrize(
    ("cadence", "kind", "period_no", "first", "last"),
    [("quarterly", "periodic", 4, 10, 12), ("annual", "annual", 0, 1, 12)],
)
def test_refused_while_no_closed_round_covers_the_period(
    connected, cadence, kind, period_no, first, last
):
    from core.siasn import services
    from core.siasn.models import OutboxItem

    _set_cadence(connected, cadence)
    actor = connected.users["city_admin"]
    with pytest.raises(services.SiasnRefused, match="No closed assessment"):
        connected.run(services.queue_results, 2026, last, actor=actor)
    _round(connected, kind=kind, period_no=period_no, first=first, last=last, close=False)
    with pytest.raises(services.SiasnRefused, match="No closed assessment"):
        connected.run(services.queue_results, 2026, last, actor=actor)
    other = "annual" if kind == "periodic" else "periodic"  # the other kind does not count
    _round(
        connected,
        kind=other,
        period_no=4 if other == "periodic" else 0,
        first=first,
        last=last,
        opd_of=OUTSIDER,
        ratings={OUTSIDER: ("sesuai", "sesuai", "baik")},
    )
    with pytest.raises(services.SiasnRefused, match="No closed assessment"):
        connected.run(services.queue_results, 2026, last, actor=actor)
    with in_city(connected.city):
        assert not OutboxItem.objects.exists()
    assert connected.fake.records == {}


def test_a_person_in_two_closed_rounds_is_sent_once(connected):
    """Someone moved between OPDs is in both OPDs' rounds: the latest published counts."""
    from core.siasn import services

    _set_cadence(connected, "annual")
    _round(connected, kind="annual", period_no=0, first=1, last=12)
    later = {STAF2: ("sesuai", "sesuai", "baik")}  # Dewi, in Dinas Kesehatan's round
    _round(connected, kind="annual", period_no=0, first=1, last=12, opd_of=OUTSIDER,
           ratings=later)  # fmt: skip
    queued = connected.run(services.queue_results, 2026, 12, actor=connected.users["city_admin"])
    assert queued.created == 5
    connected.run(services.send_all)
    ratings = {**RATINGS, **later}
    _assert_sent(connected, first=1, last=12, periodik="4", ratings=ratings)


def _close(world, round_, capture) -> None:
    from core.talent import services as talent

    actor = world.users["city_admin"]
    with in_city(world.city), capture(execute=True):
        talent.set_org_predicate(round_, "istimewa", actor=actor)
        talent.close_round(round_, actor=actor)


def test_closing_the_round_queues_its_results(connected, django_capture_on_commit_callbacks):
    from core.siasn import services

    _set_cadence(connected, "quarterly")
    quarter = _round(connected, kind="periodic", period_no=4, first=10, last=12, close=False)
    _close(connected, quarter, django_capture_on_commit_callbacks)
    items = _items(connected)
    assert set(items) == set(RATINGS) and {i.state for i in items.values()} == {"pending"}
    connected.run(services.send_all)
    _assert_sent(connected, first=10, last=12, periodik="2")
    year = _round(connected, kind="annual", period_no=0, first=1, last=12, opd_of=OUTSIDER,
                  ratings={OUTSIDER: ("sesuai", "sesuai", "baik")}, close=False)  # fmt: skip
    _close(connected, year, django_capture_on_commit_callbacks)  # not the city's cadence
    assert set(_items(connected)) == set(RATINGS)
