"""The database connection as django-tenants extends it, typed for the checker.

django-tenants swaps in its own PostgreSQL backend, whose connection knows the schema
it is set to; Django's stubs describe the plain backend. `tenant_connection()` is the
same `django.db.connection`, seen with those extra members.
"""

from __future__ import annotations

from typing import Any, Protocol, cast

from django.db import connection


class TenantConnection(Protocol):
    schema_name: str
    tenant: Any
    search_path_set_schemas: Any

    def set_tenant(self, tenant: Any, include_public: bool = True) -> None: ...

    def set_schema(
        self, schema_name: str, include_public: bool = True, tenant_type: Any = None
    ) -> None: ...

    def set_schema_to_public(self) -> None: ...


def tenant_connection() -> TenantConnection:
    return cast("TenantConnection", connection)


_CITUS: dict[str, bool] = {}


def on_citus() -> bool:
    """True when this database runs Citus (asked once per database per process).

    A few hot-path statements that plain PostgreSQL runs in one round trip (a data-
    modifying CTE beside the audit append) are sent as two on Citus, which refuses them.
    """
    name = str(connection.settings_dict.get("NAME", ""))
    if name not in _CITUS:
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')")
            _CITUS[name] = bool(cursor.fetchone()[0])
    return _CITUS[name]
