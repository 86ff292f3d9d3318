"""Writes to accounts: activation, sign-in failures, two-factor enrolment."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from django_tenants.utils import get_public_schema_name

from core.accounts import rules
from core.accounts.models import (
    AccountPolicy,
    ActivationCode,
    ApiToken,
    CodePurpose,
    LoginThrottle,
    User,
)
from core.accounts.roles import TWO_FACTOR_REQUIRED
from core.accounts.token_lookup import load_token
from core.actors import Actor
from core.audit.services import record_event
from core.db import tenant_connection

if TYPE_CHECKING:
    from core.accounts.models import User


def _digest(username: str, code: str) -> str:
    return rules.code_digest(settings.SECRET_KEY, tenant_connection().schema_name, username, code)


# ---------------------------------------------------------------- lockout
def client_ip(request) -> str:
    """The address a request came from.

    Behind the compose reverse proxy (`BEHIND_PROXY=true`) that is the last entry of
    X-Forwarded-For, the one our proxy appended; a client's own entries before it are
    ignored. Otherwise REMOTE_ADDR: a header sent straight to us proves nothing.
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last[:64]
    return (request.META.get("REMOTE_ADDR") or "")[:64]


def _lock_rows(username: str, ip: str | None) -> tuple[list[LoginThrottle], dict[str, int]]:
    """The throttle rows of this attempt, created if missing, locked in key order.

    Locking in one order means two attempts never wait on each other crosswise.
    """
    limits = rules.throttle_limits(username, ip)
    LoginThrottle.objects.bulk_create(
        [LoginThrottle(key=key) for key in limits], ignore_conflicts=True
    )
    rows = list(LoginThrottle.objects.select_for_update().filter(key__in=limits).order_by("key"))
    return rows, limits


def _lock_end(rows: list[LoginThrottle], now: datetime) -> datetime | None:
    ends = [row.locked_until for row in rows if row.locked_until and row.locked_until > now]
    return max(ends) if ends else None


def locked_until(username: str, ip: str | None = None) -> datetime | None:
    """When the lock on this attempt ends, or None if it may try now (a read, no claim)."""
    now = timezone.now()
    ends = LoginThrottle.objects.filter(
        key__in=rules.throttle_limits(username, ip), locked_until__gt=now
    ).values_list("locked_until", flat=True)
    return max((end for end in ends if end is not None), default=None)


@transaction.atomic
def begin_attempt(username: str, ip: str | None) -> datetime | None:
    """Claim one attempt before the password is checked; the lock end if refused.

    The attempt is counted as a failure up front, under a row lock, so parallel
    attempts cannot all pass a check made before any of them failed: at most
    `MAX_FAILURES` passwords are ever checked per address and account in a window.
    `attempt_succeeded` gives the claim back.
    """
    now = timezone.now()
    rows, limits = _lock_rows(username, ip)
    until = _lock_end(rows, now)
    if until:
        return until
    for row in rows:
        row.failures, lock = rules.after_failure(
            row.failures, row.last_failure_at, now, limits[row.key]
        )
        row.last_failure_at = now
        row.locked_until = lock or row.locked_until
    LoginThrottle.objects.bulk_update(rows, ["failures", "last_failure_at", "locked_until"])
    return None


@transaction.atomic
def attempt_succeeded(username: str, ip: str | None) -> None:
    """The claimed attempt was right: give its claim back and forget the failures.

    The claim that reached a limit set the lock itself; with the claim returned the
    count is below the limit again, so the lock goes too. A lock that parallel
    claims pushed past the limit meanwhile stays. The shared per-address count only
    gets its one claim back.
    """
    now = timezone.now()
    rows, limits = _lock_rows(username, ip)
    for row in rows:
        row.failures = max(0, row.failures - 1)
        if row.failures < limits[row.key]:
            row.locked_until = None
            if not row.key.startswith("ip:"):
                row.failures = 0
        elif row.locked_until is None or row.locked_until <= now:
            row.locked_until = None
    LoginThrottle.objects.bulk_update(rows, ["failures", "locked_until"])


@transaction.atomic
def record_failure(username: str, ip: str | None = None) -> datetime | None:
    """Count a failed attempt that was not claimed first (activation code, OTP).

    Returns the new lock end, if any.
    """
    now = timezone.now()
    rows, limits = _lock_rows(username, ip)
    for row in rows:
        row.failures, lock = rules.after_failure(
            row.failures, row.last_failure_at, now, limits[row.key]
        )
        row.last_failure_at = now
        row.locked_until = lock or row.locked_until
    LoginThrottle.objects.bulk_update(rows, ["failures", "last_failure_at", "locked_until"])
    return _lock_end(rows, now)


def clear_failures(username: str, ip: str | None = None) -> None:
    attempt_succeeded(username, ip)


# ---------------------------------------------------------------- activation
@transaction.atomic
def issue_activation_codes(
    users: Iterable[User], *, actor: Actor | User, reason: str = ""
) -> dict[int, str]:
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
def send_activation_links(users: Iterable[User], *, actor: User, base_url: str) -> int:
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
            partial(
                send_mail,
                _("Activate your Sinergi account"),
                _("Open this link to choose your password (valid for 7 days):\n%(link)s")
                % {"link": link},
                None,
                [email],
            )
        )
    return len(pending)


# ---------------------------------------------------------------- two-factor
def new_totp_key() -> str:
    """A fresh TOTP secret (hex) for an enrolment; nothing is stored until it is confirmed.

    The page keeps it in the session while the person scans it.
    """
    return random_hex(20)


def totp_device_for(user: User | None, key: str) -> TOTPDevice:
    """The device `key` would be, unsaved: its QR code URL and secret for the page."""
    return TOTPDevice(user=user, key=key, name="Authenticator", confirmed=False)


def _code_matches(key: str, token: str) -> bool:
    device = totp_device_for(None, key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    token = token.strip()
    return token.isdigit() and len(token) <= device.digits and totp.verify(int(token), tolerance=1)


@transaction.atomic
def enrol_totp(user: User, key: str, token: str) -> TOTPDevice | None:
    """Enrol the authenticator holding `key` once its first code is right (else None).

    The one write of an enrolment (an explicit POST): older devices are removed, the new
    one is stored confirmed, and the audit trail says so.
    """
    if not key or not _code_matches(key, token):
        return None
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, key=key, name="Authenticator", confirmed=True)
    record_event(actor=user, action="accounts.totp_enrolled", target=user)
    return device


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def check_password_strength(password: str, user: User) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


def needs_two_factor(user: User) -> bool:
    """Admins always; anyone else who has enrolled an authenticator.

    The one statement of the two-factor rule, for the sign-in page and the token API.
    `TWO_FACTOR_ENFORCED = False` (test settings only) skips the step for suites
    that sign admins in through the plain login form.
    """
    if not getattr(settings, "TWO_FACTOR_ENFORCED", True):
        return False
    return user.role in TWO_FACTOR_REQUIRED or confirmed_device(user) is not None


# ---------------------------------------------------------------- API tokens
def _audit(**event) -> None:
    """An audit event in a city; the platform's public schema keeps no audit chain."""
    if tenant_connection().schema_name != get_public_schema_name():
        record_event(**event)


class LoginRefused(Exception):
    """Sign-in for a token refused; the message is for the person."""


def token_idle_days() -> int:
    """How many days unused before this city's API tokens expire."""
    days = AccountPolicy.objects.values_list("token_idle_days", flat=True).first()
    return days or rules.TOKEN_IDLE_DAYS_DEFAULT


@transaction.atomic
def set_token_idle_days(days: int, *, actor: User) -> AccountPolicy:
    low, high = rules.TOKEN_IDLE_DAYS_RANGE
    if not low <= days <= high:
        raise ValidationError(
            _("Choose between %(low)s and %(high)s days.") % {"low": low, "high": high}
        )
    policy = AccountPolicy.objects.select_for_update().first() or AccountPolicy()
    before = policy.token_idle_days if policy.pk else None
    policy.token_idle_days = days
    policy.save()
    _audit(
        actor=actor,
        action="accounts.token_policy_changed",
        object_type="accounts.accountpolicy",
        object_id=policy.pk,
        before={"token_idle_days": before},
        after={"token_idle_days": days},
    )
    return policy


@transaction.atomic
def issue_token(user: User, *, device: str = "API") -> str:
    """A new key for `user` on `device`; an older token of that device is replaced.

    Returns the key, which exists only in the response from here on.
    """
    device = rules.device_name(device, "")
    now = timezone.now()
    ApiToken.objects.filter(user=user, device=device).delete()
    key = rules.new_token_key()
    ApiToken.objects.create(
        user=user,
        key_digest=rules.token_digest(key),
        device=device,
        auth_hash=user.get_session_auth_hash(),
        last_used_at=now,
        expires_at=now + timedelta(days=token_idle_days()),
    )
    return key


def sign_in_for_token(
    username: str, password: str, *, otp: str = "", ip: str | None, device: str, request=None
) -> str:
    """Password (and for administrators a TOTP code) -> a new token for that device.

    Every failure counts towards the lockout of this address and account; the
    attempt is claimed before the password is checked (see `begin_attempt`).
    """
    from django.contrib.auth import authenticate

    username = rules.to_ascii_digits(username.strip())
    if begin_attempt(username, ip):
        raise LoginRefused(_("Too many failed attempts. Try again in 15 minutes."))
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise LoginRefused(_("The NIP or password is not correct."))
    if needs_two_factor(user):
        device_otp = confirmed_device(user)
        if device_otp is None:
            raise LoginRefused(_("Set up two-factor authentication on the website first."))
        if not otp.strip() or not device_otp.verify_token(otp.strip()):
            raise LoginRefused(_("A valid two-factor code is required."))
    attempt_succeeded(username, ip)
    with transaction.atomic():
        key = issue_token(user, device=device)
        _audit(
            actor=user,
            action="accounts.token_issued",
            target=user,
            after={"device": rules.device_name(device, "")},
        )
    return key


def authenticate_token(key: str) -> tuple[User, ApiToken] | None:
    """The account and token for `key`, if the token is live; each use slides its end.

    Refused: unknown keys, expired tokens, tokens issued under an older password,
    inactive accounts.
    """
    user, token = load_token(key)
    if token is None or user is None or not user.is_active:
        return None
    now = timezone.now()
    if rules.token_expired(token.expires_at, now) or not _same_password(user, token):
        ApiToken.objects.filter(pk=token.pk).delete()
        return None
    if rules.token_needs_touch(token.last_used_at, now):
        token.last_used_at = now
        token.expires_at = now + timedelta(days=token_idle_days())
        ApiToken.objects.filter(pk=token.pk).update(
            last_used_at=token.last_used_at, expires_at=token.expires_at
        )
    return user, token


def _same_password(user: User, token: ApiToken) -> bool:
    import hmac

    return hmac.compare_digest(token.auth_hash, user.get_session_auth_hash())


def tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("-last_used_at"))


@transaction.atomic
def revoke_token(user: User, token_id: int, *, actor: User) -> bool:
    """End one of `user`'s tokens; False if there is no such token of theirs."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        return False
    token.delete()
    _audit(
        actor=actor, action="accounts.token_revoked", target=user, after={"device": token.device}
    )
    return True


@transaction.atomic
def revoke_all_tokens(user: User, *, actor: Actor | User, reason: str) -> int:
    """End every token of `user` (password changed or reset, account switched off)."""
    count, _detail = ApiToken.objects.filter(user=user).delete()
    if count:
        _audit(
            actor=actor,
            action="accounts.tokens_revoked",
            target=user,
            after={"count": count},
            reason=reason,
        )
    return count


@transaction.atomic
def change_password(user: User, password: str, *, actor: User, reason: str) -> None:
    """Set a new password (own change or reset): every API token of the account ends."""
    user.set_password(password)
    user.save(update_fields=["password"])
    revoke_all_tokens(user, actor=actor, reason=reason)
    _audit(actor=actor, action="accounts.password_changed", target=user, reason=reason)
