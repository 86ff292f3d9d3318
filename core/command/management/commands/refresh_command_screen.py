"""Recompute this month's figures of the city screen (one city with --city, else all)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.models import City


class Command(BaseCommand):
    help = "Refresh the city screen's month figures (one city with --city, else every city)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--city", help="city slug; default: every active or pilot city")

    def handle(self, *args, **options) -> None:
        from core.command.panels import refresh_month

        cities = (
            City.objects.filter(slug=options["city"])
            if options["city"]
            else City.objects.exclude(schema_name="public").filter(status__in=["active", "pilot"])
        )
        for city in cities:
            with tenant_context(city):
                today = timezone.localdate()
                refresh_month(today.year, today.month, today)
            self.stdout.write(f"{city.slug}: refreshed")
