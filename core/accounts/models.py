"""Accounts. The same table exists in the public schema (platform staff) and in
each city's schema (that city's users): an account of Jambi does not exist in
Surabaya, and platform staff do not exist in any city.
"""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.accounts.roles import ROLE_LABELS, Role
from core.db import tenant_connection

ROLE_CHOICES = [(str(role), label) for role, label in ROLE_LABELS.items()]


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **fields) -> User:
        user = self.model(username=username, **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **fields) -> User:
        fields.setdefault("role", Role.OPERATOR)
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(username, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """One person's login. For a city's ASN, `username` is the NIP (or NI PPPK)."""

    username = models.CharField(_("user name or NIP"), max_length=150, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES, default=Role.ASN)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(auto_now_add=True)
    # Set when the owner activates the account (imported accounts start inactive).
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.username

    def has_role(self, *roles: Role) -> bool:
        return self.is_active and self.role in roles

    @cached_property
    def is_supervisor(self) -> bool:
        """Whether this person supervises anyone today (positions, acting included).

        Cached on the instance, so once per request for `request.user`.
        """
        if tenant_connection().schema_name == "public" or not self.pk:
            return False
        from core.people.hierarchy import is_supervisor

        return is_supervisor(self)


class CodePurpose(models.TextChoices):
    ACTIVATION = "activation", _("Activation code")
    EMAIL_LINK = "email_link", _("Activation link by e-mail")


class ActivationCode(models.Model):
    """A one-time secret that lets the owner set the first password.

    Only an HMAC of the code is stored; the code itself exists on the printed letter
    (or in the e-mail) and nowhere else. Issuing a new one voids the older ones.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="activation_codes")
    purpose = models.CharField(
        max_length=20, choices=CodePurpose.choices, default=CodePurpose.ACTIVATION
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    voided = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["user", "purpose"])]

    def __str__(self) -> str:
        return f"{self.user} {self.purpose} until {self.expires_at:%Y-%m-%d}"


class LoginThrottle(models.Model):
    """Failed sign-in attempts per throttle key, in the schema of the city (or public site).

    A key names what is counted: one address trying one account (`pair:<ip>|<nip>`),
    one account from anywhere (`nip:<nip>`) or one address trying any account
    (`ip:<ip>`); `core.accounts.rules.throttle_limits` gives each its limit. Living in
    each schema's own table, one city's counter never locks out another city's person
    with the same NIP.
    """

    key = models.CharField(max_length=255, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"


class ApiToken(models.Model):
    """An API token of one person on one device.

    Only a SHA-256 digest of the key is stored; the key is shown once, at sign-in.
    The token expires after the city's idle period without use (each use slides the
    end forward) and dies with the password it was issued under (`auth_hash`), so a
    password change or reset ends every device's session.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_digest = models.CharField(max_length=64, unique=True)
    device = models.CharField(_("device"), max_length=100)
    auth_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(_("signed in at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"))
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "device"], name="one_token_per_device")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.device}"


class AccountPolicy(models.Model):
    """The city's credential settings (one row; defaults apply while there is none)."""

    token_idle_days = models.PositiveSmallIntegerField(
        _("API tokens expire after this many days unused"), default=30
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"tokens idle {self.token_idle_days} d"
