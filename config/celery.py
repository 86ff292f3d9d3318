"""Celery for scheduling and retries, tenant-aware: a task runs in its city's schema.

With no CELERY_BROKER_URL the tasks run inline (CELERY_TASK_ALWAYS_EAGER).
"""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = CeleryApp("sinergi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
