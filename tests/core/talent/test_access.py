"""The access functions, persona by persona: Http404 outside scope, PermissionDenied for
a visible object the persona may not act on."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.accounts.roles import Role
from core.talent import access, services
from core.talent.models import Objection
from tests.conftest import in_city
from tests.core.talent.test_talent import placed

OK, HIDDEN, DENIED = "ok", "404", "403"


def outcome(call) -> str:
    try:
        call()
    except Http404:
        return HIDDEN
    except PermissionDenied:
        return DENIED
    return OK


@pytest.fixture
def scene(world):
    """Ani and Budi placed; Ani objects to her published annual assessment."""
    with in_city(world.city):
        placements = placed(world)
        from core.talent.models import Assessment, Skp

        assessment = Assessment.objects.get(employee=world.people["ani"])
        objection = services.file_objection(assessment, "Alasan", actor=world.users["ani"])
        skp = Skp.objects.get(employee=world.people["ani"])
        world.hire(
            "opd_admin", world.new_staff_position("Pengelola Kepegawaian"), role=Role.OPD_ADMIN
        )
        world.users["executive"] = world._make_user(world.city, Role.EXECUTIVE, "sekda", "Sekda")
    return world, skp, assessment, objection, placements[world.people["ani"].pk]


# persona -> (see ani's SKP, decide it, see ani's assessment, rate it, object to it,
#             see the objection, decide it, see ani's box)
ACCESS_ROWS = [
    ("ani", OK, DENIED, OK, DENIED, OK, OK, DENIED, OK),
    ("budi", HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ("kabid", OK, OK, OK, OK, DENIED, OK, DENIED, HIDDEN),
    ("kadis", OK, DENIED, OK, DENIED, DENIED, OK, OK, HIDDEN),
    ("opd_admin", OK, DENIED, OK, DENIED, DENIED, HIDDEN, HIDDEN, OK),
    ("admin", OK, DENIED, OK, DENIED, DENIED, OK, DENIED, OK),
    ("inspector", OK, DENIED, OK, DENIED, DENIED, OK, DENIED, OK),
    ("executive", OK, DENIED, OK, DENIED, DENIED, OK, DENIED, OK),
]


@pytest.mark.parametrize(
    (
        "persona",
        "see_skp",
        "decide_skp",
        "see_assessment",
        "rate",
        "object_",
        "see_objection",
        "decide_objection",
        "see_box",
    ),
    ACCESS_ROWS,
)
def test_access_by_persona(
    scene,
    persona,
    see_skp,
    decide_skp,
    see_assessment,
    rate,
    object_,
    see_objection,
    decide_objection,
    see_box,
):
    world, skp, assessment, objection, placement = scene
    user = world.users[persona]
    with in_city(world.city):
        got = [
            outcome(lambda: access.get_skp_for_viewer(user, skp.pk)),
            outcome(lambda: access.get_skp_for_supervisor(user, skp.pk)),
            outcome(lambda: access.get_assessment_for_viewer(user, assessment.pk)),
            outcome(lambda: access.get_assessment_for_assessor(user, assessment.pk)),
            outcome(lambda: access.get_assessment_for_subject(user, assessment.pk)),
            outcome(lambda: access.get_objection_for_viewer(user, objection.pk)),
            outcome(lambda: access.get_objection_for_decider(user, objection.pk)),
            outcome(lambda: access.get_placement_for_viewer(user, placement.pk)),
        ]
    assert got == [
        see_skp,
        decide_skp,
        see_assessment,
        rate,
        object_,
        see_objection,
        decide_objection,
        see_box,
    ]


def test_opd_admin_sees_the_opds_grid_only(scene, make_user):
    world = scene[0]
    with in_city(world.city):
        from core.organisation.models import OrgUnit

        other = OrgUnit.objects.create(name="Dinas Lain", path="Dinas Lain", kind="opd")
        other.opd = other
        other.save(update_fields=["opd"])
        visible = access.visible_placements(world.users["opd_admin"])
        assert visible.count() == 2
        assert not visible.filter(opd=other).exists()
        assert access.visible_rounds(world.users["opd_admin"]).count() == 1
        assert access.visible_rounds(world.users["ani"]).count() == 0
        assert Objection.objects.count() == 1
