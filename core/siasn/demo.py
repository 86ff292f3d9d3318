"""Demo data of the SIASN link: BKN's default codes, and the fake SIASN's people.

`fake_people()` reads the active city's registry and returns what a fake SIASN should
answer for it, with a few deliberate differences (a golongan, a title, a position, one
person SIASN does not know, one SIASN person missing here), so reconciliation has
something to show. Deterministic: the same registry gives the same differences.
"""

from __future__ import annotations

from django.utils import timezone

from core.siasn.fake import person_record

EXTRA_NIP = "199901012022011001"  # in the fake SIASN only: "missing here" for a NIP fetch
_GOLONGAN_UP = {
    "II/a": "II/b", "II/b": "II/c", "II/c": "II/d", "II/d": "III/a", "III/a": "III/b",
    "III/b": "III/c", "III/c": "III/d", "III/d": "IV/a", "IV/a": "IV/b", "IV/b": "IV/c",
    "IV/c": "IV/d", "IV/d": "IV/e",
}  # fmt: skip


def seed_city(city, logins) -> None:
    from core.siasn.services import ensure_mapping

    ensure_mapping()


def fake_people() -> dict[str, dict]:
    from core.people.hierarchy import supervisor_id_of
    from core.people.models import Assignment, Employee, EmployeeStatus

    today = timezone.localdate()
    people: dict[str, dict] = {}
    staff = list(Employee.objects.filter(status=EmployeeStatus.ACTIVE).order_by("nip"))
    nips = {e.pk: e.nip for e in staff}
    for index, person in enumerate(staff):
        if index == 5:
            continue  # SIASN does not know this one
        held = (
            Assignment.objects.filter(employee=person, starts_on__lte=today)
            .exclude(ends_on__lt=today)
            .select_related("position__org_unit")
            .order_by("is_acting", "-starts_on")
            .first()
        )
        position = held.position if held else None
        golongan = person.golongan
        back_title = person.back_title
        position_name = position.name if position else ""
        if index % 3 == 1 and golongan in _GOLONGAN_UP:
            golongan = _GOLONGAN_UP[golongan]
        if index % 5 == 2:  # a degree SIASN already knows of
            back_title = f"{back_title}, M.M." if back_title else "S.Kom."
        if index % 4 == 3 and position is not None:
            other = (
                position.org_unit.positions.exclude(pk=position.pk)
                .filter(position_type=position.position_type)
                .order_by("name")
                .first()
            )
            if other is not None:
                position_name = other.name
        boss = supervisor_id_of(person.pk, today)
        people[person.nip] = person_record(
            nip=person.nip,
            name=person.name,
            front_title=person.front_title,
            back_title=back_title,
            golongan=golongan,
            position=position_name,
            unit=position.org_unit.name if position else "",
            supervisor_nip=nips.get(boss, "") if boss else "",
        )
    people[EXTRA_NIP] = person_record(
        nip=EXTRA_NIP,
        name="Rudi Hartono",
        golongan="III/a",
        position="Pengelola Data",
        unit="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    )
    return people
