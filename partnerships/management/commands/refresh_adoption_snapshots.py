"""Measure the adopting cities' configuration drift, distribution curve and PAD."""

from django.core.management.base import BaseCommand

from partnerships.services.adoption import refresh_adoption_snapshots
from partnerships.services.mentor_access import close_expired_accesses


class Command(BaseCommand):
    help = "Write today's adoption snapshot of every city adopting in an open partnership."

    def handle(self, *args, **options):
        count = refresh_adoption_snapshots()
        closed = close_expired_accesses()
        self.stdout.write(
            f"{count} adopting city(ies) measured; {closed} mentor access(es) closed."
        )
