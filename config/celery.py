"""Celery for scheduling and retries, tenant-aware: a task runs in its city's schema.

With no CELERY_BROKER_URL the tasks run inline (CELERY_TASK_ALWAYS_EAGER). A worker or
beat started without DJANGO_SETTINGS_MODULE runs the production settings (which refuse
to start without DATABASE_URL); development sets config.settings.local explicitly.
"""

import os
import sys

from celery.signals import worker_process_init
from tenant_schemas_celery.app import CeleryApp

from config.gc_tuning import settle_after_startup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
if os.path.basename(sys.argv[0]) == "celery":  # a worker: tasks may run long statements
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")

app = CeleryApp("sinergi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _settle_garbage_collector(**_kwargs) -> None:
    """A worker's child process recomputes cities' months: as the web processes do
    (config.wsgi), it keeps start-up objects out of the collector's sight."""
    settle_after_startup()
