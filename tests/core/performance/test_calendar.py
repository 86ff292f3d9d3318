"""A person's working days in the monthly pass: the city calendar (holidays), approved
leave and a mid-month position change, against the pure rule."""

from __future__ import annotations

from datetime import date

from core.performance.rules import person_working_days
from tests.conftest import in_city


def test_working_days_follow_holidays_leave_and_position_dates(work):
    from core.configuration.models import Holiday
    from core.organisation.models import Position
    from core.people.models import Assignment
    from core.performance.models import AttendanceRecord, Period
    from core.performance.policy import calendar_days
    from core.performance.results import compute_month
    from core.performance.services.closing import policy_of

    with in_city(work.city):
        Holiday.objects.update_or_create(
            date=date(2026, 3, 17),
            defaults={"name": "Cuti bersama uji", "kind": "collective_leave"},
        )
        budi = work.budi.employee
        # moved to another position on 16 March (ends the old one on the 13th, a Friday)
        Assignment.objects.filter(employee=budi).update(ends_on=date(2026, 3, 13))
        new_post = Position.objects.create(name="Analis Data", org_unit=work.opd, kelas_jabatan=8)
        Assignment.objects.create(employee=budi, position=new_post, starts_on=date(2026, 3, 16))
        # two days of approved leave, and a leave row on the holiday (not a working day)
        for day, status in (
            (date(2026, 3, 4), "cuti"),
            (date(2026, 3, 5), "sakit"),
            (date(2026, 3, 17), "cuti"),
        ):
            AttendanceRecord.objects.create(employee=budi, day=day, status=status)
        # Sari joins mid-month
        sari = work.sari.employee
        Assignment.objects.filter(employee=sari).update(starts_on=date(2026, 3, 23))

        period = Period.objects.get_or_create(year=2026, month=3)[0]
        city_days = calendar_days(2026, 3)
        assert date(2026, 3, 17) not in city_days
        people = {
            p.employee_id: p
            for p in compute_month(
                period, policy_of(period), city_days, employee_ids=[budi.pk, sari.pk]
            )
        }
        expected_budi = person_working_days(
            city_days,
            leave_days=[date(2026, 3, 4), date(2026, 3, 5), date(2026, 3, 17)],
            spans=[(date(2020, 1, 1), date(2026, 3, 13)), (date(2026, 3, 16), None)],
        )
        expected_sari = person_working_days(city_days, spans=[(date(2026, 3, 23), None)])
        assert (
            people[budi.pk].working_days == len(expected_budi) == len(city_days) - 2
        )  # the gap 14th-15th is a weekend
        assert people[budi.pk].kelas_jabatan == 8  # the position held at the end of the month
        assert people[sari.pk].working_days == len(expected_sari)
        assert people[budi.pk].values["target_minutes"] == len(expected_budi) * 300
