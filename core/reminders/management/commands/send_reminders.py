"""Queue the reminders due now and send the queue, in every active city (or one)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django_tenants.utils import tenant_context

from core.reminders.services import queue_reminders, send_queued
from tenants.models import City
from tenants.rules import CityStatus


class Command(BaseCommand):
    help = "Queue and send the reminders due now (Celery beat runs this every 15 minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--city", help="one city's slug")
        parser.add_argument("--queue-only", action="store_true")

    def handle(self, *args, city=None, queue_only=False, **options):
        cities = City.objects.filter(status__in=[CityStatus.ACTIVE, CityStatus.PILOT])
        if city:
            cities = cities.filter(slug=city)
        for each in cities:
            with tenant_context(each):
                queued = queue_reminders()
                sent = {} if queue_only else send_queued()
            self.stdout.write(
                f"{each.slug}: queued {queued.rows} ({', '.join(queued.kinds) or '-'}), {sent}"
            )
