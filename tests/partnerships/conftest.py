"""Personas of a partnership: Surabaya mentors Jambi.

- `sby_admin`, `jbi_admin`: each city's administrator (BKPSDM);
- `mentor`: a Surabaya ASN with the `mentor` permission on the partnership;
- `sby_clerk`: a Surabaya ASN without it; `jbi_clerk`: a Jambi ASN.
"""

from __future__ import annotations

from datetime import date

import pytest

from core.accounts.roles import Role
from partnerships.services import agreements
from partnerships.services.common import PartnerActor


@pytest.fixture
def sby_admin(make_user, surabaya):
    return make_user(surabaya, Role.CITY_ADMIN, "sby-admin", "Sri Admin Surabaya")


@pytest.fixture
def jbi_admin(make_user, jambi):
    return make_user(jambi, Role.CITY_ADMIN, "jbi-admin", "Joko Admin Jambi")


@pytest.fixture
def sby_clerk(make_user, surabaya):
    return make_user(surabaya, Role.ASN, "sby-clerk", "Siti Staf Surabaya")


@pytest.fixture
def jbi_clerk(make_user, jambi):
    return make_user(jambi, Role.ASN, "jbi-clerk", "Jaka Staf Jambi")


@pytest.fixture
def mentor_user(make_user, surabaya):
    return make_user(surabaya, Role.ASN, "sby-mentor", "Fajar Mentor Surabaya")


def actor(user, city) -> PartnerActor:
    return PartnerActor.from_user(user, city)


def proposal(surabaya, jambi, **changes) -> agreements.Proposal:
    data = {
        "city_a": surabaya,
        "role_a": "mentor",
        "city_b": jambi,
        "role_b": "adopter",
        "agreement_number": "800/1234/436.7.2/2026",
        "agreement_date": date(2026, 1, 23),
        "starts_on": date(2026, 1, 23),
        "ends_on": date(2028, 1, 22),
        "scope_asn": True,
        "scope_pad": False,
        "other_practices": ["Sistem e-Performance"],
    }
    data.update(changes)
    return agreements.Proposal(**data)


@pytest.fixture
def partnership(surabaya, jambi, sby_admin, jbi_admin, mentor_user):
    """Active: proposed by Surabaya, accepted by Jambi, with a Surabaya mentor."""
    p = agreements.propose_partnership(proposal(surabaya, jambi), actor=actor(sby_admin, surabaya))
    agreements.accept_partnership(p, actor=actor(jbi_admin, jambi))
    agreements.add_member(
        p, actor=actor(sby_admin, surabaya), username=mentor_user.username, mentor=True
    )
    p.refresh_from_db()
    return p
