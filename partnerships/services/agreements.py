"""Proposing, accepting and ending partnerships; their members and agreement scan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from core.accounts.roles import Role
from partnerships import rules
from partnerships.models import Member, Milestone, Partnership, PartnershipStatus
from partnerships.services.common import PartnerActor, audit
from tenants.models import City
from tenants.rules import SERVING_STATUSES

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# Accepted scans, recognised by their first bytes (never by the name or the browser's type).
DOCUMENT_SIGNATURES = ((b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"))


@dataclass
class Proposal:
    city_a: City
    role_a: str
    city_b: City
    role_b: str
    agreement_number: str
    agreement_date: date
    starts_on: date
    ends_on: date | None = None
    signatories: str = ""
    scope_asn: bool = True
    scope_pad: bool = False
    other_practices: list[str] = field(default_factory=list)


def _is_admin_of(actor: PartnerActor, city: City) -> bool:
    return actor.city is not None and actor.city.pk == city.pk and actor.role == Role.CITY_ADMIN


def _admin_of_either(actor: PartnerActor, p: Partnership) -> bool:
    return actor.is_operator or any(_is_admin_of(actor, c) for c in (p.city_a, p.city_b))


def _member_row(p: Partnership, actor: PartnerActor, *, mentor: bool = False) -> None:
    if actor.city is None or actor.user_id is None:
        return
    Member.objects.get_or_create(
        partnership=p,
        city=actor.city,
        user_id=actor.user_id,
        removed_at=None,
        defaults={
            "username": actor.username,
            "full_name": actor.label,
            "is_mentor": mentor,
            "added_by_label": actor.label,
        },
    )


def snapshot(p: Partnership) -> dict:
    return {
        "cities": [p.city_a.slug, p.city_b.slug],
        "roles": [p.role_a, p.role_b],
        "agreement_number": p.agreement_number,
        "agreement_date": p.agreement_date.isoformat(),
        "scope": {"asn": p.scope_asn, "pad": p.scope_pad, "other": p.other_practices},
        "starts_on": p.starts_on.isoformat(),
        "ends_on": p.ends_on.isoformat() if p.ends_on else None,
        "status": p.status,
    }


@transaction.atomic
def propose_partnership(data: Proposal, *, actor: PartnerActor) -> Partnership:
    """A city admin proposes with their own city as side A; an operator names both."""
    if not (actor.is_operator or _is_admin_of(actor, data.city_a)):
        raise ValidationError(_("Only a city administrator or a platform operator may propose."))
    if data.city_a.pk == data.city_b.pk:
        raise ValidationError(_("Choose another city as the partner."))
    for city in (data.city_a, data.city_b):
        if city.status not in SERVING_STATUSES or city.is_pilot:
            raise ValidationError(
                _("%(city)s cannot enter a partnership: it is not a city in service.")
                % {"city": city.name}
            )
    problem = rules.roles_problem(data.role_a, data.role_b)
    if problem:
        raise ValidationError({"role_b": problem})
    if not data.agreement_number.strip():
        raise ValidationError({"agreement_number": _("Give the agreement's number.")})
    if data.ends_on and data.ends_on < data.starts_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    if not (data.scope_asn or data.scope_pad or data.other_practices):
        raise ValidationError(_("Choose at least one practice in the scope."))
    pair = Q(city_a=data.city_a, city_b=data.city_b) | Q(city_a=data.city_b, city_b=data.city_a)
    if Partnership.objects.filter(pair, status__in=rules.OPEN_STATUSES).exists():
        raise ValidationError(_("These two cities already have an open partnership."))
    p = Partnership.objects.create(
        city_a=data.city_a,
        role_a=data.role_a,
        city_b=data.city_b,
        role_b=data.role_b,
        agreement_number=data.agreement_number.strip(),
        agreement_date=data.agreement_date,
        signatories=data.signatories.strip(),
        scope_asn=data.scope_asn,
        scope_pad=data.scope_pad,
        other_practices=data.other_practices,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        status=PartnershipStatus.DRAFT,
        proposed_by_city=actor.city,
        proposed_by_label=actor.label,
    )
    Milestone.objects.bulk_create(
        Milestone(partnership=p, kind=kind, due_on=due)
        for kind, due in rules.default_plan(p.starts_on)
    )
    _member_row(p, actor)
    audit(p, actor, "proposed", after=snapshot(p))
    return p


@transaction.atomic
def accept_partnership(p: Partnership, *, actor: PartnerActor) -> Partnership:
    """The other city's administrator accepts; the partnership becomes active."""
    p = Partnership.objects.select_for_update().select_related("city_a", "city_b").get(pk=p.pk)
    if p.status != PartnershipStatus.DRAFT:
        raise ValidationError(_("This partnership is not waiting for acceptance."))
    others = [c for c in (p.city_a, p.city_b) if c.pk != (p.proposed_by_city_id or 0)]
    if not any(_is_admin_of(actor, city) for city in others):
        raise ValidationError(_("Only the other city's administrator may accept this proposal."))
    p.status = PartnershipStatus.ACTIVE
    p.accepted_by_label = actor.label
    p.accepted_at = timezone.now()
    p.save(update_fields=["status", "accepted_by_label", "accepted_at", "updated_at"])
    _member_row(p, actor)
    audit(p, actor, "accepted", before={"status": "draft"}, after={"status": p.status})
    return p


@transaction.atomic
def change_status(p: Partnership, new: str, *, actor: PartnerActor, reason: str) -> Partnership:
    p = Partnership.objects.select_for_update().select_related("city_a", "city_b").get(pk=p.pk)
    if not _admin_of_either(actor, p):
        raise ValidationError(_("Only a city administrator or a platform operator may do this."))
    problem = rules.transition_problem(p.status, new)
    if problem:
        raise ValidationError(problem)
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for this change.")})
    before = p.status
    p.status = new
    p.save(update_fields=["status", "updated_at"])
    audit(p, actor, "status", before={"status": before}, after={"status": new, "reason": reason})
    return p


def _document_kind(upload: UploadedFile) -> str:
    if upload.size is None or upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError({"document": _("The file is larger than 10 MB.")})
    head = upload.read(16)
    upload.seek(0)
    for signature, kind in DOCUMENT_SIGNATURES:
        if head.startswith(signature):
            return kind
    raise ValidationError({"document": _("Upload the scan as PDF, PNG or JPEG.")})


@transaction.atomic
def attach_document(p: Partnership, upload: UploadedFile, *, actor: PartnerActor) -> Partnership:
    """Store the scanned agreement (PDF or image, checked by content, 10 MB at most)."""
    p = Partnership.objects.select_for_update().select_related("city_a", "city_b").get(pk=p.pk)
    if not _admin_of_either(actor, p):
        raise ValidationError(_("Only a city administrator or a platform operator may do this."))
    kind = _document_kind(upload)
    before = p.document.name or None
    p.document.save(f"pks-{p.pk}.{kind}", upload, save=False)
    p.save(update_fields=["document", "updated_at"])
    audit(p, actor, "document", before={"document": before}, after={"document": p.document.name})
    return p


def _find_user(city: City, username: str):
    """A user of `city` by user name or NIP (read in the actor's own city)."""
    with tenant_context(city):
        return get_user_model().objects.filter(username=username.strip(), is_active=True).first()


@transaction.atomic
def add_member(p: Partnership, *, actor: PartnerActor, username: str, mentor: bool) -> Member:
    """A city admin adds a person of their own city; `mentor` grants the mentor
    permission, which only people of a mentoring city may hold."""
    p = Partnership.objects.select_related("city_a", "city_b").get(pk=p.pk)
    city = actor.city
    if city is None or not any(_is_admin_of(actor, c) for c in (p.city_a, p.city_b)):
        raise ValidationError(_("Only a city administrator may add people of their city."))
    if p.status not in rules.OPEN_STATUSES:
        raise ValidationError(_("This partnership has ended."))
    side_a = city.pk == p.city_a_id
    mentors_a, mentors_b = rules.mentors_of(p.role_a, p.role_b)
    if mentor and not (mentors_a if side_a else mentors_b):
        raise ValidationError(_("Only people of the mentoring city can be mentors."))
    user = _find_user(city, username)
    if user is None:
        raise ValidationError({"username": _("There is no active account with this NIP here.")})
    member = Member.objects.filter(
        partnership=p, city=city, user_id=user.pk, removed_at__isnull=True
    ).first()
    if member is not None:
        if member.is_mentor == mentor:
            raise ValidationError({"username": _("This person is already taking part.")})
        member.is_mentor = mentor
        member.save(update_fields=["is_mentor"])
    else:
        member = Member.objects.create(
            partnership=p,
            city=city,
            user_id=user.pk,
            username=user.username,
            full_name=user.full_name or user.username,
            is_mentor=mentor,
            added_by_label=actor.label,
        )
    audit(
        p,
        actor,
        "member_added",
        after={"city": city.slug, "username": user.username, "mentor": mentor},
    )
    return member


@transaction.atomic
def remove_member(member: Member, *, actor: PartnerActor) -> Member:
    member = Member.objects.select_for_update().select_related("partnership").get(pk=member.pk)
    p = member.partnership
    if not (
        actor.city is not None and actor.city.pk == member.city_id and actor.role == Role.CITY_ADMIN
    ):
        raise ValidationError(_("Only the administrator of this person's city may do this."))
    if member.removed_at is None:
        member.removed_at = timezone.now()
        member.save(update_fields=["removed_at"])
        audit(
            p,
            actor,
            "member_removed",
            before={"username": member.username, "mentor": member.is_mentor},
        )
    return member
