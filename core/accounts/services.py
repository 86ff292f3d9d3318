"""Writes to accounts: activation, sign-in failures, two-factor enrolment."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts import rules
from core.accounts.models import ActivationCode, CodePurpose, LoginThrottle, User
from core.audit.services import record_event


def _digest(username: str, code: str) -> str:
    return rules.code_digest(settings.SECRET_KEY, connection.schema_name, username, code)


# ---------------------------------------------------------------- lockout
def locked_until(username: str) -> datetime | None:
    """When the lock on this user name ends, or None if it may try now."""
    until = (
        LoginThrottle.objects.filter(username=username.strip())
        .values_list("locked_until", flat=True)
        .first()
    )
    return until if until and until > timezone.now() else None


@transaction.atomic
def record_failure(username: str) -> datetime | None:
    """Count a failed attempt (password, code or OTP); returns the new lock end, if any."""
    now = timezone.now()
    throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(
        username=username.strip()[:150]
    )
    failures, until = rules.after_failure(throttle.failures, throttle.last_failure_at, now)
    throttle.failures = failures
    throttle.last_failure_at = now
    if until:
        throttle.locked_until = until
    throttle.save(update_fields=["failures", "last_failure_at", "locked_until"])
    return until


def clear_failures(username: str) -> None:
    LoginThrottle.objects.filter(username=username.strip()).update(failures=0, locked_until=None)


# ---------------------------------------------------------------- activation
@transaction.atomic
def issue_activation_codes(users: Iterable[User], *, actor, reason: str = "") -> dict[int, str]:
    """New one-time codes for accounts not yet activated; older unused codes are voided.

    Returns user id -> code. The codes are shown once (letter, command output).
    """
    pending = [u for u in users if u.activated_at is None and not u.has_usable_password()]
    if not pending:
        return {}
    ids = [u.pk for u in pending]
    ActivationCode.objects.filter(user_id__in=ids, used_at__isnull=True).update(voided=True)
    expires = timezone.now() + timedelta(days=rules.CODE_VALID_DAYS)
    codes = {u.pk: rules.new_code() for u in pending}
    ActivationCode.objects.bulk_create(
        ActivationCode(
            user=u,
            purpose=CodePurpose.ACTIVATION,
            code_hash=_digest(u.username, codes[u.pk]),
            expires_at=expires,
        )
        for u in pending
    )
    record_event(
        actor=actor,
        action="accounts.activation_codes_issued",
        object_type="accounts.user",
        object_id="batch",
        after={"count": len(pending), "usernames": [u.username for u in pending][:50]},
        reason=reason,
    )
    return codes


class ActivationRefused(Exception):
    """The code is wrong, used, expired, or the account is locked."""


def activate_account(username: str, code: str, password: str) -> User:
    """Check a code and set the owner's password.

    A wrong code counts towards the lockout of that NIP (committed even though the
    activation is refused); a weak password raises ValidationError and uses nothing up.
    """
    username = username.strip()
    if locked_until(username):
        raise ActivationRefused(_("Too many failed attempts. Try again in 15 minutes."))
    digest = _digest(username, code)
    valid = ActivationCode.objects.filter(
        code_hash=digest,
        user__username=username,
        used_at__isnull=True,
        voided=False,
        expires_at__gt=timezone.now(),
    )
    found = valid.select_related("user").first()
    if found is None:
        record_failure(username)
        raise ActivationRefused(
            _("The NIP or activation code is not valid, or the code has expired.")
        )
    validate_password(password, found.user)
    with transaction.atomic():
        # Claim the code first: of two simultaneous uses, one wins.
        now = timezone.now()
        if not valid.filter(pk=found.pk).update(used_at=now):
            raise ActivationRefused(_("This activation code has already been used."))
        user = found.user
        _set_first_password(user, password, now)
        record_event(
            actor=user, action="accounts.activated", target=user, after={"by": found.purpose}
        )
    return user


def _set_first_password(user: User, password: str, now: datetime) -> None:
    user.set_password(password)
    user.is_active = True
    user.activated_at = now
    user.save(update_fields=["password", "is_active", "activated_at"])
    ActivationCode.objects.filter(user=user, used_at__isnull=True).update(voided=True)
    clear_failures(user.username)


@transaction.atomic
def send_activation_links(users: Iterable[User], *, actor, base_url: str) -> int:
    """E-mail a one-time activation link to each inactive account with an address."""
    pending = [
        u for u in users if u.email and u.activated_at is None and not u.has_usable_password()
    ]
    expires = timezone.now() + timedelta(days=rules.EMAIL_LINK_VALID_DAYS)
    messages = []
    for user in pending:
        token = rules.new_code() + rules.new_code()
        ActivationCode.objects.create(
            user=user,
            purpose=CodePurpose.EMAIL_LINK,
            code_hash=_digest(user.username, token),
            expires_at=expires,
        )
        link = f"{base_url}/accounts/activate/link/?nip={user.username}&token={token}"
        messages.append((user.email, link))
    if pending:
        record_event(
            actor=actor,
            action="accounts.activation_links_sent",
            object_type="accounts.user",
            object_id="batch",
            after={"count": len(pending)},
        )
    for email, link in messages:
        transaction.on_commit(
            lambda email=email, link=link: send_mail(
                _("Activate your Sinergi account"),
                _("Open this link to choose your password (valid for 7 days):\n%(link)s")
                % {"link": link},
                None,
                [email],
            )
        )
    return len(pending)


# ---------------------------------------------------------------- two-factor
@transaction.atomic
def start_totp_enrolment(user: User):
    """An unconfirmed TOTP device for the user (re-used until confirmed)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)


@transaction.atomic
def confirm_totp(user: User, device, token: str) -> bool:
    """Confirm enrolment with the first code from the app; older devices are removed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if device.user_id != user.pk or not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_event(actor=user, action="accounts.totp_enrolled", target=user)
    return True


def confirmed_device(user: User):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def check_password_strength(password: str, user: User) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []
