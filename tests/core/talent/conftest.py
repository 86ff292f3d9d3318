"""An OPD in Surabaya for talent tests: a head (Kepala Dinas, JPT Pratama), a head of
division (Kabid, Administrator) supervising functional staff, and city-level personas.

    kadis (Hendra)  -- supervises --> kabid (Sari) -- supervises --> ani, budi, staff...

Registry rows are created directly (the registry's own tests cover its services); every
talent row is created through core.talent.services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest

from core.accounts.roles import Role
from core.organisation.models import OrgUnit, Position
from core.people.models import Assignment, Employee
from tests.conftest import in_city

YEAR = 2026


@dataclass
class World:
    city: object
    opd: OrgUnit
    bidang: OrgUnit
    head_position: Position
    kabid_position: Position
    staff_positions: list[Position] = field(default_factory=list)
    people: dict[str, Employee] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)
    _make_user: object = None
    _seq: int = 0

    def hire(self, key: str, position: Position, *, role=Role.ASN, starts_on=date(2025, 1, 1)):
        self._seq += 1
        nip = f"19860926201505{1000 + self._seq:04d}"
        user = self._make_user(self.city, role, nip, key.title())
        with in_city(self.city):
            employee = Employee.objects.create(nip=nip, name=key.title(), asn_type="PNS", user=user)
            Assignment.objects.create(employee=employee, position=position, starts_on=starts_on)
        self.people[key] = employee
        self.users[key] = user
        return employee

    def new_staff_position(self, name: str, coefficient: str | None = "12.50") -> Position:
        with in_city(self.city):
            position = Position.objects.create(
                name=name,
                position_type="FUNGSIONAL",
                functional_level="ahli_pertama",
                kelas_jabatan=8,
                org_unit=self.bidang,
                supervisor_position=self.kabid_position,
                annual_credit_coefficient=Decimal(coefficient) if coefficient else None,
            )
        self.staff_positions.append(position)
        return position


def _unit(name: str, path: str, parent: OrgUnit | None, kind: str) -> OrgUnit:
    unit = OrgUnit.objects.create(
        name=name, path=path, parent=parent, kind=kind, depth=0 if parent is None else 1
    )
    unit.opd = parent.opd if parent else unit
    unit.save(update_fields=["opd"])
    return unit


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted by their English msgids; pages still follow the
    request's language (Indonesian by default), see test_pages."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def world(surabaya, make_user) -> World:
    with in_city(surabaya):
        opd = _unit("Dinas Uji", "Dinas Uji", None, "opd")
        bidang = _unit("Bidang A", "Dinas Uji > Bidang A", opd, "bidang")
        head = Position.objects.create(
            name="Kepala Dinas Uji", position_type="JPT_PRATAMA", kelas_jabatan=14, org_unit=opd
        )
        kabid = Position.objects.create(
            name="Kepala Bidang A",
            position_type="ADMINISTRATOR",
            kelas_jabatan=11,
            org_unit=bidang,
            supervisor_position=head,
        )
    w = World(surabaya, opd, bidang, head, kabid, _make_user=make_user)
    w.hire("kadis", head)
    w.hire("kabid", kabid)
    w.hire("ani", w.new_staff_position("Analis 1"))
    w.hire("budi", w.new_staff_position("Analis 2"))
    w.users["admin"] = make_user(surabaya, Role.CITY_ADMIN, "bkpsdm", "Admin BKPSDM")
    w.users["inspector"] = make_user(surabaya, Role.INSPECTOR, "inspektorat", "Inspektur")
    return w
