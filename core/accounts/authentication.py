"""API authentication: per-device tokens that expire, with the employee record at hand."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name
from rest_framework import authentication, exceptions

from config.sql import model_columns, model_from_row, prepared_cursor
from core.accounts.models import ApiToken, User
from core.accounts.rules import token_digest
from core.db import tenant_connection


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
        from core.accounts.services import authenticate_token

        found = authenticate_token(key)
        if found is None:
            raise exceptions.AuthenticationFailed(
                _("Invalid or expired token. Sign in again to get a new one.")
            )
        return found


def load_token(key: str) -> tuple[User | None, ApiToken | None]:
    """The account owning `key` (with `.employee` loaded in a city) and the token.

    Only the lookup: whether the token is still live is `services.authenticate_token`'s.
    """
    from core.people.models import Employee

    in_city = tenant_connection().schema_name != get_public_schema_name()
    columns = [model_columns(ApiToken, "t"), model_columns(User, "u")]
    join = f"FROM {ApiToken._meta.db_table} t JOIN {User._meta.db_table} u ON u.id = t.user_id"
    if in_city:
        columns.append(model_columns(Employee, "e"))
        join += f" LEFT JOIN {Employee._meta.db_table} e ON e.user_id = u.id"
    sql = f"SELECT {', '.join(columns)} {join} WHERE t.key_digest = %(digest)s::text"
    with prepared_cursor() as cursor:
        cursor.execute(sql, {"digest": token_digest(key)})
        row = cursor.fetchone()
    if row is None:
        return None, None
    token, row = model_from_row(ApiToken, row)
    user, row = model_from_row(User, row)
    if token is None or user is None:
        return None, None
    ApiToken.user.field.set_cached_value(token, user)
    if in_city:
        employee, _rest = model_from_row(Employee, row)
        Employee.user.field.remote_field.set_cached_value(user, employee)
    return user, token
