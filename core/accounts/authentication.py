"""API authentication: per-device tokens that expire, with the employee record at hand."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from core.accounts.services import authenticate_token


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`, as DRF's, loading the employee record in the same query.

    Every API call starts here, and almost every city endpoint then needs the
    caller's employee record. The ORM spends longer compiling that three-table
    `select_related` than PostgreSQL spends running it, so the token, the account
    and (in a city) the employee come from one prepared statement and are built
    into model instances as `select_related` would. The platform's public schema
    has no employees, so there only the account is joined.
    """

    def authenticate_credentials(self, key: str):
        found = authenticate_token(key)
        if found is None:
            raise exceptions.AuthenticationFailed(
                _("Invalid or expired token. Sign in again to get a new one.")
            )
        return found
