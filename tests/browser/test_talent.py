"""Talent's main journey in a real browser: the city admin reads the 9-box grid and drills
down into a box and a person's history; an ASN sees only their own box."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.accounts.roles import Role

pytestmark = pytest.mark.browser

YEAR = 2026


@pytest.fixture(scope="module")
def talent_city(browser_city):
    """A small OPD whose annual assessment is published and whose 9-box is computed:
    Ani (Sangat Baik, potential 90) in box 9, Budi (Baik, potential 75) in box 5."""
    from core.organisation.models import OrgUnit, Position
    from core.people.models import Assignment, Employee
    from core.talent import services

    users = {
        "admin": browser_city.make_user(Role.CITY_ADMIN, "bkpsdm.talenta", "Admin Talenta"),
        "kabid": browser_city.make_user(Role.ASN, "198003152005012002", "Siti Rahmawati"),
        "ani": browser_city.make_user(Role.ASN, "199005202015031003", "Ani Lestari"),
        "budi": browser_city.make_user(Role.ASN, "199207082018012004", "Budi Santoso"),
    }
    with browser_city.committed():
        opd = OrgUnit.objects.create(name="Dinas Pendidikan", path="Dinas Pendidikan", kind="opd")
        opd.opd = opd
        opd.save(update_fields=["opd"])
        head = Position.objects.create(
            name="Kepala Bidang SD", position_type="ADMINISTRATOR", kelas_jabatan=12, org_unit=opd
        )
        people = {}
        for key, user in users.items():
            if key == "admin":
                continue
            position = (
                head
                if key == "kabid"
                else Position.objects.create(
                    name=f"Analis {key}",
                    position_type="FUNGSIONAL",
                    kelas_jabatan=8,
                    org_unit=opd,
                    supervisor_position=head,
                    annual_credit_coefficient=Decimal("12.5"),
                )
            )
            people[key] = Employee.objects.create(
                nip=user.username, name=user.full_name, asn_type="PNS", user=user
            )
            Assignment.objects.create(
                employee=people[key], position=position, starts_on=date(2025, 1, 1)
            )
        for key in ("ani", "budi"):
            skp = services.create_skp(people[key], YEAR, actor=users[key])
            rhk = services.add_rhk(skp, "Kajian kurikulum", actor=users[key])
            services.add_indicator(
                rhk,
                actor=users[key],
                name="Kajian",
                measurement="quantity",
                unit="dokumen",
                target=Decimal(4),
            )
            services.submit_skp(skp, actor=users[key])
            services.decide_skp(skp, actor=users["kabid"], agree=True)
        round_ = services.open_round(opd, YEAR, kind="annual", actor=users["admin"])
        for key, level in (("ani", "diatas"), ("budi", "sesuai")):
            services.rate_assessment(
                round_.assessments.get(employee=people[key]),
                actor=users["kabid"],
                results=level,
                behaviour=level,
            )
        services.set_org_predicate(round_, "istimewa", actor=users["admin"])
        services.close_round(round_, actor=users["admin"])
        for key, score in (("ani", 90), ("budi", 75)):
            services.record_potential(
                people[key],
                source="assessment_centre",
                score=Decimal(score),
                assessed_on=date(YEAR, 3, 1),
                actor=users["admin"],
            )
        services.place_talent(YEAR, actor=users["admin"])
    browser_city.users = users
    browser_city.round_id = round_.pk
    return browser_city


def test_city_admin_opens_the_grid_and_drills_down(page, talent_city, screenshot):
    talent_city.login(page, talent_city.users["admin"])
    page.goto(talent_city.url(f"/talent/grid/?year={YEAR}"))
    assert page.locator("#box-9 .count").inner_text() == "1"
    assert page.locator("#box-5 .count").inner_text() == "1"
    assert page.locator("#box-1 .count").inner_text() == "0"
    page.click("#box-9")  # htmx: the people of box 9 appear under the grid
    page.locator("#drill #box-people").wait_for()
    drill = page.locator("#drill").inner_text()
    assert "Ani Lestari" in drill and "Budi" not in drill
    screenshot("grid")
    assert page.url == talent_city.url(f"/talent/grid/?year={YEAR}")
    page.click("#drill a:has-text('Ani Lestari')")
    page.wait_for_url("**/talent/history/*/")
    assert str(YEAR) in page.locator("table").inner_text()
    page.goto(talent_city.url(f"/talent/rounds/{talent_city.round_id}/"))
    assert page.locator("#distribution .dist-track").first.is_visible()
    assert (
        page.locator("#distribution .dist-limit").count() == 1
    )  # Istimewa: Sangat Baik at most 70%
    screenshot("round")


def test_asn_sees_only_their_own_box(page, talent_city, screenshot):
    talent_city.login(page, talent_city.users["budi"])
    page.goto(talent_city.url("/talent/"))
    my_box = page.locator("#my-box").inner_text()
    assert "5" in my_box
    assert page.locator("#my-box .cell.mine").inner_text() == "5"
    screenshot("my-box")
    assert page.locator("a[href='/talent/grid/']").count() == 0
    response = page.goto(talent_city.url(f"/talent/grid/?year={YEAR}"))
    assert response.status == 403
    page.goto(talent_city.url("/talent/skp/"))
    page.click("table a")
    page.wait_for_url("**/talent/skp/*/")
    assert "Kajian kurikulum" in page.locator("main").inner_text()
    screenshot("skp")
