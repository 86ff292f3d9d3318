"""API authentication: DRF's tokens, with the city account's employee record at hand."""

from __future__ import annotations

from django.db import connection
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name
from rest_framework import authentication, exceptions


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`, as DRF's, loading the employee record in the same query.

    Almost every city endpoint starts from the caller's employee record; joining it
    here saves each API call a round trip. The platform's public schema has no
    employees, so there only the account is joined.
    """

    def authenticate_credentials(self, key: str):
        in_city = connection.schema_name != get_public_schema_name()
        tokens = self.get_model().objects.select_related("user__employee" if in_city else "user")
        token = tokens.filter(key=key).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token
