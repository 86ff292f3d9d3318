"""When the month snapshot of the city screen is refreshed.

- At a close, in the close's transaction, the month's stored figures are dropped (the
  screen can never show live estimates for frozen results) and recomputed right after
  the commit (the task runs inline without a broker).
- Every five minutes by Celery beat (`command.refresh_screens`, in tenants.tasks: the
  platform iterates the serving cities, tenants.city_jobs), for every active city.
- By hand: `manage.py refresh_command_screen [--city slug]`.
"""

from __future__ import annotations

from django.db import transaction


def refresh_after_commit(year: int | None = None, month: int | None = None) -> None:
    """Recompute a month's figures (default: this month) once the transaction commits."""
    from django.db import connection
    from django.utils import timezone

    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    schema = connection.schema_name if hasattr(connection, "schema_name") else None

    def refresh() -> None:
        from core.command.tasks import refresh_month_task

        refresh_month_task.delay(schema, year, month)

    transaction.on_commit(refresh)


def month_closed(year: int, month: int) -> None:
    from core.command.models import OpdMonth

    OpdMonth.objects.filter(year=year, month=month).delete()
    refresh_after_commit(year, month)
