"""One prepared statement: an API token, its account and (in a city) the employee."""

from __future__ import annotations

from django_tenants.utils import get_public_schema_name

from config.sql import model_columns, model_from_row, prepared_cursor
from core.accounts.models import ApiToken, User
from core.accounts.rules import token_digest
from core.db import tenant_connection
from core.people.models import Employee


def load_token(key: str) -> tuple[User | None, ApiToken | None]:
    """The account owning `key` (with `.employee` loaded in a city) and the token.

    Only the lookup: whether the token is still live is `services.authenticate_token`'s.
    """
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
