"""Personas of daily work in Surabaya, frozen on Tuesday 10 March 2026, 10:00 WIB.

Dinas Pendidikan (OPD):  Kadis (kelas 14) <- Kabid (kelas 12) <- Budi, Sari (staff, kelas 7)
Dinas Kesehatan (OPD):   Kadinkes (kelas 14) <- Tono (staff)
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.accounts.roles import Role
from core.actors import Actor
from core.performance.rules import BERAKHLAK, PerformancePolicy
from tests.conftest import in_city

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=WIB)
TODAY = NOW.date()
TPP_BASE = {7: 3_000_000, 12: 8_000_000, 14: 12_000_000}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


POLICY_CHANGES = {
    "max_backdate_days": 3,
    "daily_max_minutes": 720,
    "verification_escalation_days": 3,
    "allow_non_working_days": False,
    "effective_minutes_per_day": 300,
}


@pytest.fixture
def policy(surabaya, monkeypatch, frozen_clock):
    """The city's policy for these tests, set through the configuration service (or, in a
    city without an adopted template, as the fallback defaults)."""
    from core.configuration.policy import PolicyMissing
    from core.configuration.services import update_policy

    value = PerformancePolicy(tpp_base=TPP_BASE)
    monkeypatch.setattr("core.performance.policy._DEFAULTS", value)
    with in_city(surabaya), contextlib.suppress(PolicyMissing):
        update_policy({**POLICY_CHANGES, "tpp_base": TPP_BASE}, actor=Actor.system("tests"))
    return value


@dataclass
class Work:
    city: object
    kadis: object
    kabid: object
    budi: object
    sari: object
    kadinkes: object
    tono: object
    cityadmin: object
    activity: object  # 30 minutes per unit, no evidence needed
    photo_activity: object  # needs evidence
    indicator: object
    opd: object
    opd2: object

    def users(self):
        return self.kadis, self.kabid, self.budi, self.sari


def _nip(n: int) -> str:
    return f"19800101200501{n:04d}"


@pytest.fixture
def work(surabaya, make_user, policy) -> Work:
    from core.configuration.models import ActivityType, Indicator
    from core.organisation.models import OrgUnit, Position
    from core.people.models import Assignment, Employee

    with in_city(surabaya):
        units = {}
        for name in ("Dinas Pendidikan", "Dinas Kesehatan"):
            unit = OrgUnit.objects.create(name=name, kind="opd", path=name)
            unit.opd = unit
            unit.save(update_fields=["opd"])
            units[name] = unit
        edu, health = units["Dinas Pendidikan"], units["Dinas Kesehatan"]

        def position(name, unit, kelas, boss=None, kind="PELAKSANA"):
            return Position.objects.create(
                name=name,
                org_unit=unit,
                kelas_jabatan=kelas,
                supervisor_position=boss,
                position_type=kind,
            )

        p_kadis = position("Kepala Dinas Pendidikan", edu, 14, kind="JPT_PRATAMA")
        p_kabid = position("Kepala Bidang SD", edu, 12, p_kadis, "ADMINISTRATOR")
        p_staff = position("Pengelola Data", edu, 7, p_kabid)
        p_staff2 = position("Analis Kurikulum", edu, 7, p_kabid)
        p_kadinkes = position("Kepala Dinas Kesehatan", health, 14, kind="JPT_PRATAMA")
        p_tono = position("Pengadministrasi Umum", health, 7, p_kadinkes)

        people = {}
        for n, (key, name, pos) in enumerate(
            [
                ("kadis", "Kadis Pendidikan", p_kadis),
                ("kabid", "Kabid SD", p_kabid),
                ("budi", "Budi Santoso", p_staff),
                ("sari", "Sari Wulandari", p_staff2),
                ("kadinkes", "Kadis Kesehatan", p_kadinkes),
                ("tono", "Tono Prasetyo", p_tono),
            ],
            start=1,
        ):
            user = make_user(surabaya, Role.ASN, _nip(n), name)
            with in_city(surabaya):
                employee = Employee.objects.create(
                    nip=_nip(n), name=name, asn_type="PNS", user=user
                )
                Assignment.objects.create(
                    employee=employee, position=pos, starts_on=date(2020, 1, 1)
                )
            people[key] = user
        activity = ActivityType.objects.create(
            code="ADM-01",
            name="Menyusun laporan",
            output_unit="laporan",
            standard_minutes=30,
            evidence_required=False,
        )
        photo = ActivityType.objects.create(
            code="ADM-02",
            name="Rapat koordinasi",
            output_unit="kegiatan",
            standard_minutes=90,
            evidence_required=True,
        )
        indicator = Indicator.objects.create(
            code="IKI-01",
            name="Laporan tepat waktu",
            unit="laporan",
            direction="higher",
            measurement="quantity",
        )
    cityadmin = make_user(surabaya, Role.CITY_ADMIN, "bkpsdm", "Admin BKPSDM")
    return Work(
        surabaya,
        people["kadis"],
        people["kabid"],
        people["budi"],
        people["sari"],
        people["kadinkes"],
        people["tono"],
        cityadmin,
        activity,
        photo,
        indicator,
        edu,
        health,
    )


def log(work: Work, user, *, day: date = TODAY, volume: str = "2", key: str = "", activity=None):
    """Log an activity through the service (in the city)."""
    from core.performance.services.activities import log_activity

    with in_city(work.city):
        return log_activity(
            actor=user,
            activity_type_id=(activity or work.activity).pk,
            volume=Decimal(volume),
            day=day,
            idempotency_key=key,
        )


APRIL = datetime(2026, 4, 2, 9, 0, tzinfo=WIB)


def attendance_csv(work: Work, *, late: dict | None = None, skip: set | None = None) -> bytes:
    """Every person present on every March working day, on time; `late` maps
    (user, day) -> arrival time; `skip` holds users with no rows at all."""
    from core.people.models import Employee
    from core.performance.policy import calendar_days

    late, skip = late or {}, skip or set()
    lines = ["nip;tanggal;jam_masuk;jam_pulang;status"]
    with in_city(work.city):
        days = calendar_days(2026, 3)
        nips = dict(Employee.objects.values_list("user_id", "nip"))
    for user in (work.kadis, work.kabid, work.budi, work.sari, work.kadinkes, work.tono):
        if user.pk in skip:
            continue
        for day in days:
            arrival = late.get((user.pk, day), "07:20")
            leave = "16:35" if day.weekday() == 4 else "16:05"
            lines.append(f"{nips[user.pk]};{day:%d/%m/%Y};{arrival};{leave};hadir")
    return "\n".join(lines).encode()


def complete_march(work: Work, *, late: dict | None = None) -> dict:
    """A March ready to close: activities logged and verified, attendance imported,
    behaviour rated for everyone who has a supervisor; Budi's target confirmed at 120 %,
    Sari's reported but not confirmed.
    Returns the entries by name."""
    from core.performance.services.attendance import import_attendance
    from core.performance.services.monthly import (
        assign_target,
        confirm_target,
        rate_behaviour,
        report_realisation,
    )
    from core.performance.services.verification import bulk_approve

    entries = {
        "budi": [
            log(work, work.budi, volume="8").entry,
            log(work, work.budi, day=date(2026, 3, 9), volume="6").entry,
        ],
        "sari": [log(work, work.sari, volume="10").entry],
        "tono": [log(work, work.tono, volume="4").entry],
    }
    levels = {name: "sesuai" for name in BERAKHLAK}
    with in_city(work.city):
        bulk_approve([e.pk for e in entries["budi"] + entries["sari"]], actor=work.kabid)
        bulk_approve([e.pk for e in entries["tono"]], actor=work.kadinkes)
        report = import_attendance(
            attendance_csv(work, late=late), "absensi-maret.csv", actor=work.cityadmin
        )
        assert report.ok, report.problems
        for rater, user in (
            (work.kabid, work.budi),
            (work.kabid, work.sari),
            (work.kadis, work.kabid),
            (work.kadinkes, work.tono),
        ):
            rate_behaviour(
                actor=rater, employee_id=user.employee.pk, year=2026, month=3, levels=levels
            )
        target = assign_target(
            actor=work.kabid,
            employee_id=work.sari.employee.pk,
            year=2026,
            month=3,
            indicator_id=work.indicator.pk,
            target=10,
        )
        report_realisation(target.pk, actor=work.sari, realisation=9)
        budi_target = assign_target(
            actor=work.kabid,
            employee_id=work.budi.employee.pk,
            year=2026,
            month=3,
            indicator_id=work.indicator.pk,
            target=10,
        )
        report_realisation(budi_target.pk, actor=work.budi, realisation=12)
        confirm_target(budi_target.pk, actor=work.kabid)  # 120 %
    entries["target"] = target
    return entries


@pytest.fixture(autouse=True)
def _fresh_logging_rules(settings):
    """Each test reads the city's rules afresh (the logging path caches them briefly)."""
    settings.PERFORMANCE_RULES_CACHE_SECONDS = 0
