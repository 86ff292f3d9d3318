from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from core.actors import Actor
from core.organisation.models import Position
from core.people import services
from core.people.hierarchy import is_supervisor, position_on, subordinates_of, supervisor_of
from core.people.models import Employee
from tests.conftest import in_city
from tests.core.people.conftest import KABID, KADIS, STAF1, STAF2, TODAY


def _people(*nips):
    return {nip: Employee.objects.get(nip=nip) for nip in nips}


def test_supervisor_follows_the_position_tree(imported):
    with in_city(imported):
        p = _people(KADIS, KABID, STAF1)
        assert supervisor_of(p[STAF1], TODAY) == p[KABID]
        assert supervisor_of(p[KABID], TODAY) == p[KADIS]
        assert supervisor_of(p[KADIS], TODAY) is None


def test_direct_and_indirect_reports(imported):
    with in_city(imported):
        p = _people(KADIS, KABID, STAF1, STAF2)
        assert set(subordinates_of(p[KADIS], TODAY)) == {p[KABID]}
        assert set(subordinates_of(p[KADIS], TODAY, indirect=True)) == {
            p[KABID],
            p[STAF1],
            p[STAF2],
        }
        assert set(subordinates_of(p[STAF1], TODAY)) == set()
        assert is_supervisor(p[KABID].user, TODAY) and not is_supervisor(p[STAF1].user, TODAY)


def test_vacant_supervisor_position_passes_up(imported):
    with in_city(imported):
        p = _people(KADIS, KABID, STAF1)
        leaves = TODAY + timedelta(days=10)
        services.end_assignment(
            position_on(p[KABID], TODAY), ends_on=leaves, actor=Actor.system("tests")
        )
        later = leaves + timedelta(days=1)
        assert supervisor_of(p[STAF1], later) == p[KADIS]
        assert p[STAF1] in set(subordinates_of(p[KADIS], later))
        assert supervisor_of(p[STAF1], leaves) == p[KABID]  # history is kept


def test_acting_appointment_makes_a_supervisor(imported):
    with in_city(imported):
        p = _people(KABID, STAF1, STAF2)
        head = position_on(p[KABID], TODAY)
        start = TODAY + timedelta(days=5)
        services.end_assignment(
            head, ends_on=start - timedelta(days=1), actor=Actor.system("tests")
        )
        services.appoint(
            p[STAF2],
            head.position,
            starts_on=start,
            ends_on=start + timedelta(days=30),
            acting=True,
            actor=Actor.system("tests"),
        )
        assert supervisor_of(p[STAF1], start) == p[STAF2]
        assert p[STAF1] in set(subordinates_of(p[STAF2], start))
        assert position_on(p[STAF2], start).is_acting is False  # own position stays first
        after = start + timedelta(days=31)
        assert supervisor_of(p[STAF1], after) != p[STAF2]


def test_definitive_appointment_ends_the_previous_one(imported):
    with in_city(imported):
        p = _people(STAF1)
        other = Position.objects.get(name="Guru Ahli Pertama")
        moved = TODAY + timedelta(days=40)
        services.appoint(p[STAF1], other, starts_on=moved, actor=Actor.system("tests"))
        history = list(p[STAF1].assignments.order_by("starts_on"))
        assert history[0].ends_on == moved - timedelta(days=1)
        assert position_on(p[STAF1], moved).position == other


def test_appointment_with_end_before_start_is_refused(imported):
    with in_city(imported):
        p = _people(STAF1)
        other = Position.objects.get(name="Guru Ahli Pertama")
        with pytest.raises(ValidationError):
            services.appoint(
                p[STAF1],
                other,
                starts_on=TODAY,
                ends_on=TODAY - timedelta(days=1),
                acting=True,
                actor=Actor.system("tests"),
            )
        assert p[STAF1].assignments.count() == 1


def test_user_is_supervisor_property(imported):
    from core.accounts.models import User

    with in_city(imported):
        assert User.objects.get(username=KABID).is_supervisor is True
        assert User.objects.get(username=STAF1).is_supervisor is False
