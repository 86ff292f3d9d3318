"""Demo: Surabaya mentors Jambi under the cooperation agreement (PKS) of 23 January 2026.

Seeded once both cities exist (`seed_platform`): the partnership, accepted by Jambi;
a Surabaya BKPSDM staff member with the `mentor` permission (a demo login); Jambi's
administrator taking part; the standard mentoring plan; one earlier visit; Jambi's
river tourism offered back. Idempotent.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.accounts.roles import Role
from core.demo import DEMO_PASSWORD, DemoLogin
from partnerships.models import Member, Partnership
from partnerships.services import adoption, agreements, plan, reports
from partnerships.services.common import PartnerActor
from tenants.models import City

AGREEMENT_NUMBER = "800/1234/436.7.2/2026"
MENTOR_NIP = "199302142019031005"  # Fajar Nugroho, BKPSDM Surabaya (core.people.demo)
ADMIN_NIP = "198004112005012001"  # the city administrator of each demo city


def _user(city: City, username: str):
    with tenant_context(city):
        return get_user_model().objects.filter(username=username).first()


def _activate_mentor(city: City):
    with tenant_context(city):
        user = get_user_model().objects.filter(username=MENTOR_NIP).first()
        if user is not None and not (user.is_active and user.activated_at):
            user.set_password(DEMO_PASSWORD)
            user.is_active = True
            user.activated_at = timezone.now()
            user.save(update_fields=["password", "is_active", "activated_at"])
        return user


def seed_platform(logins: list) -> None:
    surabaya = City.objects.filter(slug="surabaya").first()
    jambi = City.objects.filter(slug="jambi").first()
    if surabaya is None or jambi is None:
        return
    mentor = _activate_mentor(surabaya)
    admin_sby, admin_jbi = _user(surabaya, ADMIN_NIP), _user(jambi, ADMIN_NIP)
    if mentor is None or admin_sby is None or admin_jbi is None:
        return
    logins.append(
        DemoLogin(
            f"surabaya.{settings.ROOT_DOMAIN}",
            MENTOR_NIP,
            Role.ASN.value,
            "Mentor of Jambi (BKPSDM Surabaya): partnership and Jambi's adoption panel",
        )
    )
    p = Partnership.objects.filter(
        city_a=surabaya, city_b=jambi, agreement_number=AGREEMENT_NUMBER
    ).first()
    if p is None:
        sby = PartnerActor.from_user(admin_sby, surabaya)
        jbi = PartnerActor.from_user(admin_jbi, jambi)
        p = agreements.propose_partnership(
            agreements.Proposal(
                city_a=surabaya,
                role_a="mentor",
                city_b=jambi,
                role_b="adopter",
                agreement_number=AGREEMENT_NUMBER,
                agreement_date=date(2026, 1, 23),
                starts_on=date(2026, 1, 23),
                ends_on=date(2028, 1, 22),
                signatories="Wali Kota Surabaya\nWali Kota Jambi",
                scope_asn=True,
                scope_pad=True,
                other_practices=["Pengelolaan talenta ASN"],
            ),
            actor=sby,
        )
        agreements.accept_partnership(p, actor=jbi)
        agreements.add_member(p, actor=sby, username=MENTOR_NIP, mentor=True)
        jambi_admin = Member.objects.get(partnership=p, city=jambi, user_id=admin_jbi.pk)
        meeting = plan.record_meeting(
            p,
            actor=sby,
            kind="visit",
            held_on=date(2026, 2, 10),
            place="BKPSDM Kota Jambi",
            participants="BKPSDM Surabaya (3 orang), BKPSDM Jambi (8 orang)",
            minutes="Kunjungan awal: paparan model Surabaya, jadwal pelatihan admin dan "
            "rencana impor data ASN Jambi.",
            actions=[
                plan.ActionDraft(
                    "Kirim data ASN untuk impor awal", jambi_admin.pk, date(2026, 3, 2)
                )
            ],
        )
        first = meeting.actions.get()
        plan.close_action(first, actor=jbi, note="Data terkirim 27 Februari 2026.")
        practice = plan.offer_practice(
            p,
            actor=jbi,
            title="Wisata sungai Batanghari",
            description="Pengelolaan wisata sungai berbasis kelurahan, dipelajari Surabaya.",
        )
        plan.set_practice_status(practice, "studying", actor=sby)
        for kind, day in (
            ("training_done", date(2026, 2, 12)),
            ("pilot_run", date(2026, 3, 16)),
            ("go_live", date(2026, 5, 4)),
        ):
            plan.confirm_milestone(p.milestones.get(kind=kind), actor=sby, on=day)
    from onboarding.services.metrics import refresh_city_metrics

    refresh_city_metrics(cities=[jambi])
    adoption.refresh_adoption_snapshots(cities=[jambi])
    # Last month's monitoring report, signed by Surabaya and waiting for Jambi.
    today = timezone.localdate()
    last = today.replace(day=1) - timedelta(days=1)
    if not p.reports.filter(year=last.year, month=last.month).exists():
        sby = PartnerActor.from_user(admin_sby, surabaya)
        report = reports.prepare_report(p, last.year, last.month, actor=sby)
        reports.sign_report(report, actor=sby)
