"""Celery for scheduling and retries, tenant-aware: a task runs in its city's schema.

With no CELERY_BROKER_URL the tasks run inline (CELERY_TASK_ALWAYS_EAGER).
"""

import os
import sys

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
if os.path.basename(sys.argv[0]) == "celery":  # a worker: tasks may run long statements
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")

app = CeleryApp("sinergi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
