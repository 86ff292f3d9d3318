"""Escalate activities left unverified for the city's N days to the next supervisor up."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from tenants.city_jobs import escalate_verifications_in_cities


class Command(BaseCommand):
    help = "Escalate unverified activities (one city with --city, else every active city)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--city", help="city slug; default: every active or pilot city")

    def handle(self, *args, **options) -> None:
        counts = escalate_verifications_in_cities(slug=options["city"])
        if options["city"] and not counts:
            raise CommandError(f"No city {options['city']!r}.")
        for slug, count in counts.items():
            self.stdout.write(f"{slug}: {count} escalated")
