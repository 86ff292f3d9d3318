"""Time-boxed mentor access into the adopting city, granted by its administrator.

The same mechanism as a platform operator's support access
(onboarding.services.support): a signed (`django.core.signing`), expiring,
single-use link naming a grant row; entering creates a one-off read-only user in the
adopter's schema (`mentor-<grant id>`, the inspector role) whose session ends with the
grant; the start and end are written into the adopter's hash-chained audit trail. The
session is held to the partnership's scope: without PAD in scope, revenue pages are
refused (partnerships.middleware.MentorScopeMiddleware).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from core.accounts.roles import Role
from core.actors import Actor
from onboarding.rules import SUPPORT_MINUTES_MAX
from partnerships.models import Member, MentorAccess, Partnership
from partnerships.services.adoption import adopters_in
from partnerships.services.common import PartnerActor, audit

SALT = "partnerships.mentor-access"
SESSION_KEY = "mentor_access"
# Paths outside each scope; a mentor session without that scope is refused there.
SCOPE_PATHS = {
    "pad": ("/revenue/", "/api/v1/revenue/"),
    "asn": (
        "/people/",
        "/organisation/",
        "/work/",
        "/talent/",
        "/configuration/",
        "/api/v1/people/",
        "/api/v1/organisation/",
        "/api/v1/performance/",
        "/api/v1/talent/",
        "/api/v1/configuration/",
    ),
}


@dataclass(frozen=True)
class IssuedAccess:
    access: MentorAccess
    link: str


def blocked_paths(p: Partnership) -> list[str]:
    blocked: list[str] = []
    if not p.scope_pad:
        blocked += SCOPE_PATHS["pad"]
    if not p.scope_asn:
        blocked += SCOPE_PATHS["asn"]
    return blocked


def grant_mentor_access(
    p: Partnership,
    member: Member,
    *,
    actor: PartnerActor,
    minutes: int,
    reason: str,
    base_url: str,
) -> IssuedAccess:
    """The adopter's administrator lets one mentor in for `minutes` (one-time link)."""
    from core.audit.services import record_event

    adopters = adopters_in(p)
    if actor.city is None or actor.role != Role.CITY_ADMIN or actor.city not in adopters:
        raise ValidationError(_("Only the adopting city's administrator may grant access."))
    if member.partnership_id != p.pk or not member.is_mentor or member.removed_at:
        raise ValidationError(_("Choose one of the partnership's mentors."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for this change.")})
    if not 1 <= minutes <= SUPPORT_MINUTES_MAX:
        raise ValidationError(
            {
                "minutes": _("Support access lasts 1 to %(max)d minutes.")
                % {"max": SUPPORT_MINUTES_MAX}
            }
        )
    with transaction.atomic():
        access = MentorAccess.objects.create(
            partnership=p,
            mentor=member,
            city=actor.city,
            reason=reason.strip(),
            nonce=secrets.token_hex(16),
            granted_by_label=actor.label,
            expires_at=timezone.now() + timedelta(minutes=minutes),
        )
        audit(
            p,
            actor,
            "mentor_access_granted",
            after={
                "mentor": member.username,
                "minutes": minutes,
                "expires_at": access.expires_at.isoformat(),
            },
        )
        with tenant_context(actor.city):
            record_event(
                actor=Actor.system(actor.trail_label),
                action="partnership.mentor_access_granted",
                object_type="partnerships.mentoraccess",
                object_id=access.pk,
                after={"mentor": member.full_name, "minutes": minutes},
                reason=access.reason,
            )
    token = signing.dumps({"g": access.pk, "n": access.nonce}, salt=SALT)
    return IssuedAccess(access, f"{base_url.rstrip('/')}/partnerships/enter/{token}/")


def _refused() -> ValidationError:
    return ValidationError(_("This support link is invalid, already used or expired."))


def enter_adopter(city, token: str):
    """Turn a mentor's link into a one-off read-only user of the adopter, once."""
    from core.audit.services import record_event

    try:
        payload = signing.loads(token, salt=SALT, max_age=SUPPORT_MINUTES_MAX * 60)
    except signing.BadSignature as exc:
        raise _refused() from exc
    now = timezone.now()
    with transaction.atomic():
        access = (
            MentorAccess.objects.select_for_update()
            .select_related("mentor", "partnership")
            .filter(pk=payload.get("g"), nonce=payload.get("n"), city=city)
            .first()
        )
        if access is None or access.used_at or access.revoked_at or access.expires_at <= now:
            raise _refused()
        username = f"mentor-{access.pk}"
        user = get_user_model().objects.create_user(
            username,
            None,
            full_name=_("Mentor: %(name)s") % {"name": access.mentor.full_name},
            role=Role.INSPECTOR,
        )
        access.used_at = now
        access.city_username = username
        access.save(update_fields=["used_at", "city_username"])
        record_event(
            actor=user,
            action="partnership.mentor_session_started",
            target=user,
            after={
                "mentor": access.mentor.full_name,
                "access": access.pk,
                "expires_at": access.expires_at.isoformat(),
            },
            reason=access.reason,
        )
    return user, access


def end_access(access: MentorAccess, *, actor_label: str) -> MentorAccess:
    from core.audit.services import record_event

    with transaction.atomic():
        access = MentorAccess.objects.select_for_update().select_related("city").get(pk=access.pk)
        if access.revoked_at:
            return access
        access.revoked_at = timezone.now()
        access.save(update_fields=["revoked_at"])
        with tenant_context(access.city):
            if access.city_username:
                get_user_model().objects.filter(username=access.city_username).update(
                    is_active=False
                )
            record_event(
                actor=Actor.system(actor_label),
                action="partnership.mentor_session_ended",
                object_type="partnerships.mentoraccess",
                object_id=access.pk,
                after={"ended_by": actor_label},
            )
    return access


def close_expired_accesses() -> int:
    expired = list(
        MentorAccess.objects.filter(expires_at__lte=timezone.now(), revoked_at__isnull=True)
    )
    for access in expired:
        end_access(access, actor_label="system:expiry")
    return len(expired)
