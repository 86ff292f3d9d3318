"""Incidents: the grace rule (table-driven), the health probe opening and closing one,
the operator's command and console page, and who may use them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from incidents.models import Incident
from incidents.rules import Span, backdate_deadline, health_transition
from tests.conftest import client_for, in_public, login

WIB = ZoneInfo("Asia/Jakarta")
DAY = date(2026, 3, 6)  # a Friday; 3 days back: logging closes Tuesday 10 March 00.00
NOW = datetime(2026, 3, 12, 9, 0, tzinfo=WIB)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=WIB)


@pytest.mark.parametrize(
    ("_case", "spans", "deadline"),
    [
        ("no incident", [], at(10, 0)),
        ("inside the window: +12 h", [(at(9, 8), at(9, 20))], at(10, 12)),
        ("began before the day: only the part after it", [(at(5, 20), at(6, 2))], at(10, 2)),
        ("after the window: nothing", [(at(10, 1), at(10, 5))], at(10, 0)),
        ("ended before the day: nothing", [(at(5, 1), at(5, 5))], at(10, 0)),
        (
            "inside the extension counts too",
            [(at(9, 20), at(9, 23)), (at(10, 1), at(10, 2))],
            at(10, 4),
        ),
        ("still going on: until now", [(at(11, 21), None)], at(10, 0)),
        ("still going on, inside: up to now", [(at(9, 9), None)], NOW + timedelta(hours=15)),
    ],
)
def test_backdate_deadline(_case, spans, deadline):
    result = backdate_deadline(DAY, 3, [Span(s, e) for s, e in spans], tz=WIB, now=NOW)
    assert result.at == deadline
    assert result.base == at(10, 0)


@pytest.mark.parametrize(
    ("open_now", "recent", "action"),
    [
        (False, [False], ""),  # one failed probe is a blip
        (False, [False, False], "open"),
        (False, [False, True], ""),
        (True, [False, False], ""),
        (True, [True, False], "close"),
        (False, [True, True], ""),
    ],
)
def test_health_transition(open_now, recent, action):
    assert health_transition(open_now, recent) == action


def test_failed_probes_open_an_incident_from_the_first_failure_and_a_success_closes_it(db):
    from incidents.services import record_health_check

    with in_public():
        assert record_health_check(False, detail="database=unreachable", at=at(9, 14, 0)) == ""
        assert record_health_check(False, detail="database=unreachable", at=at(9, 14, 1)) == "open"
        assert record_health_check(False, at=at(9, 14, 2)) == ""
        assert record_health_check(True, at=at(9, 15, 30)) == "close"
        incident = Incident.objects.get()
        assert (incident.starts_at, incident.ends_at, incident.source) == (
            at(9, 14, 0),
            at(9, 15, 30),
            "health",
        )
        assert incident.city is None  # the platform: every city


def test_declare_incident_command(surabaya):
    call_command(
        "declare_incident",
        "--city",
        surabaya.slug,
        "--start",
        "2026-03-09T08:00",
        "--end",
        "2026-03-09T20:00",
        "--reason",
        "Pemadaman listrik di pusat data",
    )
    with in_public():
        incident = Incident.objects.get()
    assert incident.city == surabaya and incident.ends_at - incident.starts_at == timedelta(
        hours=12
    )
    with pytest.raises(CommandError, match="Waktu selesai"):
        call_command(
            "declare_incident",
            "--start",
            "2026-03-09T08:00",
            "--end",
            "2026-03-09T07:00",
            "--reason",
            "x",
        )
    with pytest.raises(CommandError, match="No city"):
        call_command(
            "declare_incident", "--city", "atlantis", "--start", "2026-03-09T08:00", "--reason", "x"
        )


def test_the_console_page_is_the_operators(db, surabaya, operator, trainer, make_user):
    from core.accounts.roles import Role

    client = login(None, operator)
    page = client.get("/console/incidents/")
    assert page.status_code == 200 and "Catat gangguan" in page.content.decode()
    posted = client.post(
        "/console/incidents/",
        {
            "city": surabaya.pk,
            "starts_at": "2026-03-09T08:00",
            "ends_at": "",
            "reason": "Server lambat saat tenggat",
        },
    )
    assert posted.status_code == 302
    with in_public():
        incident = Incident.objects.get()
    assert incident.ends_at is None and incident.declared_by == operator
    assert client.post(f"/console/incidents/{incident.pk}/end/").status_code == 302
    assert client.post(f"/console/incidents/{incident.pk + 99}/end/").status_code == 404
    with in_public():
        incident.refresh_from_db()
    assert incident.ends_at is not None
    refused = client.post(
        "/console/incidents/",
        {"starts_at": "2030-01-01T08:00", "reason": "nanti"},
    )
    assert refused.status_code == 200 and "masa depan" in refused.content.decode()
    assert login(None, trainer).get("/console/incidents/").status_code == 403
    admin = make_user(surabaya, Role.CITY_ADMIN, "bkpsdm")
    assert login(surabaya, admin).get("/console/incidents/").status_code == 404
    assert client_for(None).get("/console/incidents/").status_code == 302  # sign in first
