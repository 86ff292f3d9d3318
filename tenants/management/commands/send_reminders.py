"""Queue the reminders due now and send the queue, in every serving city (or one)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from tenants.city_jobs import send_reminders_in_cities


class Command(BaseCommand):
    help = "Queue and send the reminders due now (Celery beat runs this every 15 minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--city", help="one city's slug")
        parser.add_argument("--queue-only", action="store_true")

    def handle(self, *args, city=None, queue_only=False, **options):
        for line in send_reminders_in_cities(slug=city, queue_only=queue_only):
            self.stdout.write(line)
