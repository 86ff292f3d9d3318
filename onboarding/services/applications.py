"""City applications: filing, approval (provisioning + first admin's invitation), rejection,
and accepting the invitation on the city's host."""

from __future__ import annotations

import hashlib
import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.roles import Role
from core.actors import Actor
from onboarding.models import ApplicationStatus, CityApplication, Invitation
from onboarding.rules import INVITATION_DAYS, normalise_name
from onboarding.services.metrics import refresh_metrics_on_commit
from tenants.models import City
from tenants.rules import slug_problem
from tenants.services import ProvisioningError, primary_host_for, provision_city

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ApplicationData:
    official_name: str
    province: str
    slug: str
    contact_name: str
    contact_email: str
    estimated_asn: int
    contact_position: str = ""
    contact_phone: str = ""
    agency: str = "BKPSDM"
    template_code: str = ""


def application_problems(data: ApplicationData) -> dict[str, str]:
    """Field -> why the application cannot be filed (taken address, duplicate city)."""
    problems: dict[str, str] = {}
    slug = data.slug.strip().lower()
    problem = slug_problem(slug)
    if problem:
        problems["slug"] = problem
    elif (
        City.objects.filter(slug=slug).exists()
        or CityApplication.objects.filter(slug=slug)
        .exclude(status=ApplicationStatus.REJECTED)
        .exists()
    ):
        problems["slug"] = _("The address “%(slug)s” is already taken. Choose another one.") % {
            "slug": slug
        }
    key = normalise_name(data.official_name)
    if not key:
        problems["official_name"] = _("The official name is required.")
    elif (
        CityApplication.objects.filter(name_key=key)
        .exclude(status=ApplicationStatus.REJECTED)
        .exists()
        or City.objects.annotate(key=Lower("name")).filter(key=key).exists()
    ):
        problems["official_name"] = _(
            "%(name)s has already applied or is already on the platform."
        ) % {"name": data.official_name.strip()}
    if data.estimated_asn < 1:
        problems["estimated_asn"] = _("Enter the estimated number of ASN.")
    return problems


def submit_application(data: ApplicationData) -> CityApplication:
    """File an application. Raises ValidationError (per field) and writes nothing if refused."""
    problems = application_problems(data)
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            return CityApplication.objects.create(
                official_name=data.official_name.strip(),
                name_key=normalise_name(data.official_name),
                province=data.province.strip(),
                slug=data.slug.strip().lower(),
                contact_name=data.contact_name.strip(),
                contact_position=data.contact_position.strip(),
                contact_email=data.contact_email.strip(),
                contact_phone=data.contact_phone.strip(),
                agency=data.agency.strip() or "BKPSDM",
                estimated_asn=data.estimated_asn,
                template_code=data.template_code,
            )
    except IntegrityError as exc:  # the same application submitted twice at once
        raise ValidationError({"slug": _("This application has already been submitted.")}) from exc


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    link: str


def issue_invitation(
    city: City, *, full_name: str, email: str, actor: Actor, base_url: str
) -> IssuedInvitation:
    """A new one-time link for the city's administrator; earlier open links stop working.

    `base_url` is the city's address as the recipient will type it
    (`https://jambi.sinergi.id`). The link is e-mailed after commit and returned once
    for the printable letter; only its hash is kept.
    """
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(city=city, used_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        invitation = Invitation.objects.create(
            city=city,
            full_name=full_name,
            email=email,
            role=Role.CITY_ADMIN,
            token_hash=_hash_token(token),
            created_by_label=actor.label,
            expires_at=now + timedelta(days=INVITATION_DAYS),
        )
        link = f"{base_url.rstrip('/')}/support/welcome/{token}/"
        transaction.on_commit(lambda: _send_invitation(invitation, link))
    return IssuedInvitation(invitation, link)


def _send_invitation(invitation: Invitation, link: str) -> None:
    """E-mail the link. A mail failure must not lose the approval: the operator has the
    printable letter, and can issue a new link from the city's page."""
    context = {
        "invitation": invitation,
        "city": invitation.city,
        "link": link,
        "days": INVITATION_DAYS,
    }
    try:
        send_mail(
            _("Your Sinergi administrator account for %(city)s") % {"city": invitation.city.name},
            render_to_string("onboarding/email/invitation.txt", context),
            None,
            [invitation.email],
        )
    except (OSError, smtplib.SMTPException):
        logger.exception(
            "Invitation e-mail to %s for %s failed", invitation.email, invitation.city.slug
        )


def city_base_url(city_slug: str, *, scheme: str = "https", port: str = "") -> str:
    host = primary_host_for(city_slug)
    return f"{scheme}://{host}{':' + port if port else ''}"


@dataclass(frozen=True)
class Approval:
    application: CityApplication
    city: City
    invitation: IssuedInvitation
    seconds: float


def approve_application(
    application: CityApplication,
    *,
    actor: Actor,
    scheme: str = "https",
    port: str = "",
    after_build=None,
) -> Approval:
    """Provision the city, mark the application approved and invite its first admin.

    All in one transaction: if provisioning fails, the application stays pending.
    `after_build(city)` adopts the chosen model template inside the same transaction.
    """
    with transaction.atomic():
        application = CityApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.PENDING:
            raise ValidationError(_("This application has already been decided."))
        try:
            result = provision_city(
                application.slug,
                name=application.official_name,
                province=application.province,
                actor=actor,
                after_build=after_build,
            )
        except ProvisioningError as exc:
            raise ValidationError(str(exc)) from exc
        application.status = ApplicationStatus.APPROVED
        application.city = result.city
        application.decided_by = actor.user
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "city", "decided_by", "decided_at"])
        issued = issue_invitation(
            result.city,
            full_name=application.contact_name,
            email=application.contact_email,
            actor=actor,
            base_url=city_base_url(result.city.slug, scheme=scheme, port=port),
        )
        refresh_metrics_on_commit(result.city)
    return Approval(application, result.city, issued, result.seconds)


def reject_application(
    application: CityApplication, *, actor: Actor, reason: str
) -> CityApplication:
    if not reason.strip():
        raise ValidationError(_("Give a reason for this change."))
    with transaction.atomic():
        application = CityApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.PENDING:
            raise ValidationError(_("This application has already been decided."))
        application.status = ApplicationStatus.REJECTED
        application.rejection_reason = reason.strip()
        application.decided_by = actor.user
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
        transaction.on_commit(
            lambda: send_mail(
                _("Your Sinergi application for %(city)s") % {"city": application.official_name},
                render_to_string("onboarding/email/rejection.txt", {"application": application}),
                None,
                [application.contact_email],
            )
        )
    return application


def open_invitation(city: City, token: str) -> Invitation | None:
    return Invitation.objects.filter(
        city=city,
        token_hash=_hash_token(token),
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()


def accept_invitation(city: City, token: str, *, username: str, password: str):
    """Create the invited administrator's account in the city's schema (the active one).

    Raises ValidationError when the link is used, expired or unknown, or the password
    or user name is not acceptable; nothing is written then.
    """
    from core.audit.services import record_event

    user_model = get_user_model()
    username = username.strip()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .filter(city=city, token_hash=_hash_token(token))
            .first()
        )
        if invitation is None or not invitation.is_open:
            raise ValidationError(
                _(
                    "This invitation link is no longer valid. Ask the platform "
                    "operator for a new one."
                )
            )
        if not username:
            raise ValidationError({"username": _("Choose a user name.")})
        if user_model.objects.filter(username=username).exists():
            raise ValidationError({"username": _("That user name is already in use.")})
        user = user_model(
            username=username,
            full_name=invitation.full_name,
            email=invitation.email,
            role=invitation.role,
            activated_at=timezone.now(),
        )
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password1": exc.messages}) from exc
        user.set_password(password)
        user.save()
        invitation.used_at = timezone.now()
        invitation.used_by_username = username
        invitation.save(update_fields=["used_at", "used_by_username"])
        record_event(
            actor=user,
            action="accounts.invitation_accepted",
            target=user,
            after={"username": username, "role": invitation.role},
            reason=f"invitation {invitation.pk} by {invitation.created_by_label}",
        )
    return user
