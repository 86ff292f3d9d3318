"""Export of the register in the import format: a round trip reproduces the data."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from core.organisation.models import Position
from core.people.models import PERSONAL_FIELDS, Assignment, Employee
from core.people.rules import ASN_TYPE_LABELS, POSITION_TYPE_LABELS


def export_rows(employees=None, day: date | None = None) -> list[dict[str, str]]:
    """One row per person with their definitive position on `day` (three queries)."""
    day = day or timezone.localdate()
    employees = Employee.objects.all() if employees is None else employees
    current = (
        Assignment.objects.filter(starts_on__lte=day, is_acting=False)
        .exclude(ends_on__lt=day)
        .order_by("employee_id", "-starts_on")
        .values_list("employee_id", "position_id")
    )
    position_of: dict[int, int] = {}
    holder_of: dict[int, int] = {}
    for employee_id, position_id in current:
        position_of.setdefault(employee_id, position_id)
    for employee_id, position_id in position_of.items():
        holder_of.setdefault(position_id, employee_id)
    positions = {
        p[0]: p[1:]
        for p in Position.objects.values_list(
            "id",
            "name",
            "position_type",
            "kelas_jabatan",
            "org_unit__path",
            "supervisor_position_id",
        )
    }
    nip_of = dict(Employee.objects.values_list("id", "nip"))
    rows = []
    for e in employees.order_by("nip").values("id", "nip", *PERSONAL_FIELDS):
        held = position_of.get(e["id"])
        name = ptype = path = boss = ""
        kelas: int | str | None = ""
        if held is not None:
            name, ptype, kelas, path, parent = positions[held]
            boss = _holder_up(parent, positions, holder_of, nip_of)
        rows.append(
            {
                "nip": e["nip"],
                "nama": e["name"],
                "gelar_depan": e["front_title"],
                "gelar_belakang": e["back_title"],
                "jenis_kelamin": e["sex"],
                "tanggal_lahir": e["birth_date"].isoformat() if e["birth_date"] else "",
                "jenis_asn": ASN_TYPE_LABELS.get(e["asn_type"], e["asn_type"]),
                "golongan": e["golongan"],
                "jabatan": name,
                "jenis_jabatan": POSITION_TYPE_LABELS.get(ptype, ptype),
                "kelas_jabatan": str(kelas or ""),
                "unit_kerja": path,
                "nip_atasan": boss,
                "email": e["email"],
                "telepon": e["phone"],
            }
        )
    return rows


def _holder_up(position_id, positions, holder_of, nip_of) -> str:
    for _ in range(40):
        if position_id is None:
            return ""
        holder = holder_of.get(position_id)
        if holder is not None:
            return nip_of[holder]
        position_id = positions[position_id][4]
    return ""
