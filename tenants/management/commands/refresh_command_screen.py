"""Recompute this month's figures of the city screen (one city with --city, else all)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from tenants.city_jobs import refresh_command_screens_in_cities


class Command(BaseCommand):
    help = "Refresh the city screen's month figures (one city with --city, else every city)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--city", help="city slug; default: every active or pilot city")

    def handle(self, *args, **options) -> None:
        refreshed = refresh_command_screens_in_cities(slug=options["city"])
        if options["city"] and not refreshed:
            raise CommandError(f"No city {options['city']!r}.")
        for slug in refreshed:
            self.stdout.write(f"{slug}: refreshed")
