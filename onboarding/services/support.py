"""Support access: a platform operator's signed, expiring, single-use, audited login
into one city, visible to that city's administrators.

The operator never shares a city account: each grant gets its own city-side user
(`support-<grant id>`), which exists only for that grant and is deactivated when the
grant ends. The login link is signed with `django.core.signing` (tamper-proof, with a
maximum age) and names a grant row that must be unused and unexpired.
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
from onboarding.models import SupportGrant
from onboarding.rules import SUPPORT_MINUTES_MAX
from tenants.models import City
from tenants.rules import SERVING_STATUSES

SALT = "onboarding.support-access"
SESSION_KEY = "support_access"


@dataclass(frozen=True)
class IssuedGrant:
    grant: SupportGrant
    link: str


def grant_support_access(
    city: City, *, operator, reason: str, minutes: int, base_url: str
) -> IssuedGrant:
    """Create a grant and its signed one-time link (`base_url` is the city's address)."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for this change."))
    if not 1 <= minutes <= SUPPORT_MINUTES_MAX:
        raise ValidationError(
            _("Support access lasts 1 to %(max)d minutes.") % {"max": SUPPORT_MINUTES_MAX}
        )
    if city.status not in SERVING_STATUSES:
        raise ValidationError(_("This city is not in service."))
    with transaction.atomic():
        grant = SupportGrant.objects.create(
            city=city,
            operator=operator,
            operator_label=operator.full_name or operator.username,
            reason=reason.strip(),
            nonce=secrets.token_hex(16),
            expires_at=timezone.now() + timedelta(minutes=minutes),
        )
    token = signing.dumps({"g": grant.pk, "n": grant.nonce}, salt=SALT)
    return IssuedGrant(grant, f"{base_url.rstrip('/')}/support/enter/{token}/")


def _refused() -> ValidationError:
    return ValidationError(_("This support link is invalid, already used or expired."))


def enter_city(city: City, token: str):
    """Turn a support link into a city-side user, once. Runs in the city's schema.

    Returns (user, grant). Records the start in the city's audit trail.
    """
    from core.audit.services import record_event

    try:
        payload = signing.loads(token, salt=SALT, max_age=SUPPORT_MINUTES_MAX * 60)
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise _refused() from exc
    now = timezone.now()
    with transaction.atomic():
        grant = (
            SupportGrant.objects.select_for_update()
            .filter(pk=payload.get("g"), nonce=payload.get("n"), city=city)
            .first()
        )
        if grant is None or grant.used_at or grant.revoked_at or grant.expires_at <= now:
            raise _refused()
        username = f"support-{grant.pk}"
        user = get_user_model().objects.create_user(
            username,
            None,
            full_name=_("Platform support: %(name)s") % {"name": grant.operator_label},
            role=Role.CITY_ADMIN,
        )
        grant.used_at = now
        grant.city_username = username
        grant.save(update_fields=["used_at", "city_username"])
        record_event(
            actor=user,
            action="support.session_started",
            target=user,
            after={
                "operator": grant.operator_label,
                "grant": grant.pk,
                "expires_at": grant.expires_at.isoformat(),
            },
            reason=grant.reason,
        )
    return user, grant


def end_grant(grant: SupportGrant, *, actor_label: str) -> SupportGrant:
    """Stop a grant now: the link no longer works and its city user is deactivated."""
    from core.audit.services import record_event

    with transaction.atomic():
        grant = SupportGrant.objects.select_for_update().get(pk=grant.pk)
        if grant.revoked_at:
            return grant
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        if grant.city_username:
            with tenant_context(grant.city):
                get_user_model().objects.filter(username=grant.city_username).update(
                    is_active=False
                )
                record_event(
                    actor=Actor.system(actor_label),
                    action="support.session_ended",
                    object_type="onboarding.supportgrant",
                    object_id=grant.pk,
                    after={"ended_by": actor_label},
                )
    return grant


def close_expired_grants() -> int:
    """Deactivate the city users of grants past their expiry (a scheduled task)."""
    expired = list(
        SupportGrant.objects.filter(
            expires_at__lte=timezone.now(), revoked_at__isnull=True
        ).select_related("city")
    )
    for grant in expired:
        end_grant(grant, actor_label="system:expiry")
    return len(expired)
