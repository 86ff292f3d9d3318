"""Celery for scheduling and retries, tenant-aware: a task runs in its city's schema.

With no CELERY_BROKER_URL the tasks run inline (CELERY_TASK_ALWAYS_EAGER). A worker or
beat started without DJANGO_SETTINGS_MODULE runs the production settings (which refuse
to start without DATABASE_URL); development sets config.settings.local explicitly.
"""

import os
import sys

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
if os.path.basename(sys.argv[0]) == "celery":  # a worker: tasks may run long statements
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")

app = CeleryApp("sinergi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
