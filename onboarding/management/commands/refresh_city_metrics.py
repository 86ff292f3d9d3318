from django.core.management.base import BaseCommand

from onboarding.services.metrics import refresh_city_metrics


class Command(BaseCommand):
    help = (
        "Measure every serving city (checklist and implementation metrics) into today's snapshot."
    )

    def handle(self, *args, **options):
        count = refresh_city_metrics()
        self.stdout.write(self.style.SUCCESS(f"metrics refreshed for {count} cities"))
