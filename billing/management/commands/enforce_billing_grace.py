from django.core.management.base import BaseCommand

from billing.services import enforce_grace


class Command(BaseCommand):
    help = "Suspend (read-only) the cities whose payment grace period has ended."

    def handle(self, *args, **options):
        suspended = enforce_grace()
        self.stdout.write(self.style.SUCCESS(f"suspended: {', '.join(suspended) or 'none'}"))
