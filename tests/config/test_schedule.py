"""The beat schedule matches the docs, and every scheduled task calls a service."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from celery import current_app
from django.conf import settings

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _tasks():
    current_app.loader.import_default_modules()
    return current_app.tasks


def test_every_scheduled_task_exists_and_calls_a_service_not_a_command():
    tasks = _tasks()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        task = tasks[entry["task"]]
        source = inspect.getsource(task.run)
        assert "call_command" not in source, entry["task"]


def test_every_documented_schedule_is_in_the_beat_schedule():
    documented = set()
    for page in DOCS.glob("*.md"):
        documented |= set(re.findall(r"Celery beat task `([a-z_]+\.[a-z_]+)`", page.read_text()))
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "performance.escalate_verifications" in documented
    assert documented <= scheduled


def test_celery_defaults_to_production_settings():
    source = (Path(__file__).resolve().parents[2] / "config" / "celery.py").read_text()
    assert '"DJANGO_SETTINGS_MODULE", "config.settings.production"' in source
