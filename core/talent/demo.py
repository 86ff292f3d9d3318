"""Demo talent data for `make run`: agreed SKPs cascading down the demo organisation, the
year's annual assessment closed per OPD, potential assessments, a 9-box with one
calibration move, and a succession plan. Runs after the people and performance demos,
entirely through core.talent.services (so the audit trail shows it too). Idempotent.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.accounts.roles import Role
from core.organisation.models import OrgUnit
from core.people.hierarchy import position_on
from core.people.models import Employee
from core.talent import services
from core.talent.models import Rhk, Skp, TalentPlacement
from core.talent.rules import SUCCESSION_BOXES, Level, is_key_position

JUSTIFICATION = "Sesuai bukti kinerja dan pengamatan atasan langsung."
# Ratings in OPD order: an "Istimewa" OPD may have at most 70% Sangat Baik.
RATING_CYCLE = (
    (Level.MEETS, Level.MEETS),
    (Level.ABOVE, Level.ABOVE),
    (Level.ABOVE, Level.MEETS),
    (Level.ABOVE, Level.ABOVE),
    (Level.BELOW, Level.MEETS),
)


def _number(text: str, low: int, high: int) -> int:
    """A stable pseudo-random number for a NIP (same demo on every run)."""
    digest = int(hashlib.sha256(text.encode()).hexdigest(), 16)
    return low + digest % (high - low + 1)


def _user_of(employee: Employee | None, admin):
    if employee is None or employee.user is None:
        return admin
    return employee.user


def _plan(people, year: int, admin) -> None:
    """SKPs top-down so each result can hang from the supervisor's."""
    first_rhk: dict[int, Rhk] = {}
    for employee, assignment in people:
        actor = _user_of(employee, admin)
        skp = services.create_skp(
            employee, year, actor=actor, starts_on=max(assignment.starts_on, date(year, 1, 1))
        )
        parent = first_rhk.get(skp.supervisor_id) if skp.supervisor_id else None
        rhk = services.add_rhk(
            skp,
            f"Terwujudnya target kinerja {assignment.position.name}",
            actor=actor,
            parent=parent,
        )
        first_rhk[employee.pk] = rhk
        iki = services.add_indicator(
            rhk,
            actor=actor,
            name="Persentase penyelesaian rencana kerja",
            measurement="quantity",
            unit="%",
            target=Decimal(100),
        )
        services.set_expectation(
            skp,
            "berorientasi_pelayanan",
            "Memberikan layanan yang responsif dan ramah.",
            actor=_user_of(skp.supervisor, admin),
        )
        services.submit_skp(skp, actor=actor)
        services.decide_skp(skp, actor=_user_of(skp.supervisor, admin), agree=True)
        services.record_realisation(iki, Decimal(_number(employee.nip, 80, 125)), actor=actor)


def _assess(year: int, people, admin) -> None:
    opd_ids = {assignment.position.org_unit.opd_id for _employee, assignment in people}
    for opd in OrgUnit.objects.filter(pk__in=opd_ids).order_by("name"):
        round_ = services.open_round(opd, year, kind="annual", actor=admin)
        assessments = list(round_.assessments.select_related("assessor").order_by("employee__nip"))
        for index, assessment in enumerate(assessments):
            results, behaviour = RATING_CYCLE[index % len(RATING_CYCLE)]
            services.rate_assessment(
                assessment,
                actor=_user_of(assessment.assessor, admin),
                results=results,
                behaviour=behaviour,
                results_justification=JUSTIFICATION,
                behaviour_justification=JUSTIFICATION,
            )
        services.set_org_predicate(round_, "istimewa", actor=admin)
        services.close_round(round_, actor=admin)


def _talent(year: int, people, admin) -> None:
    sources = ("assessment_centre", "psychological_test", "track_record")
    for employee, _assignment in people:
        services.record_potential(
            employee,
            source=sources[_number(employee.nip, 0, 2)],
            score=Decimal(_number(employee.nip[::-1], 55, 95)),
            assessed_on=date(year, 3, 15),
            actor=admin,
            note="Data demo",
        )
    services.place_talent(year, actor=admin)
    placements = list(TalentPlacement.objects.filter(year=year).order_by("employee__nip"))
    session = services.open_calibration(
        year=year,
        name=f"Sidang kalibrasi talenta {year}",
        held_on=date(year, 12, 15),
        committee="Sekretaris Daerah; Kepala BKPSDM; Inspektur",
        actor=admin,
    )
    movable = next((p for p in placements if p.box == 5), None)
    if movable is not None:
        services.move_placement(
            session,
            movable,
            to_box=7,
            reason="Memimpin proyek digitalisasi layanan; bukti kinerja tambahan diterima.",
            actor=admin,
        )
    services.close_calibration(session, actor=admin)
    pool = [p for p in TalentPlacement.objects.filter(year=year, box__in=SUCCESSION_BOXES)]
    for employee, assignment in people:
        if is_key_position(assignment.position.position_type):
            candidates = [p.employee for p in pool if p.employee_id != employee.pk][:3]
            if candidates:
                services.save_succession_plan(
                    assignment.position,
                    [
                        (c, "ready_1_2_years" if i else "ready_now", "")
                        for i, c in enumerate(candidates)
                    ],
                    actor=admin,
                    note="Rencana suksesi demo",
                )
            break


def seed_city(city, logins) -> None:
    if Skp.objects.exists():
        return
    admin = get_user_model().objects.filter(role=Role.CITY_ADMIN).order_by("id").first()
    if admin is None:
        return
    today = timezone.localdate()
    people = []
    for employee in Employee.objects.filter(status="active").select_related("user"):
        assignment = position_on(employee, today)
        if assignment is not None and assignment.starts_on.year <= today.year:
            people.append((employee, assignment))
    if not people:
        return
    # Supervisors first: higher grades plan before their staff.
    people.sort(key=lambda pair: (-(pair[1].position.kelas_jabatan or 0), pair[0].nip))
    _plan(people, today.year, admin)
    _assess(today.year, people, admin)
    _talent(today.year, people, admin)
