"""Escalate activities left unverified for the city's N days to the next supervisor up."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django_tenants.utils import tenant_context

from core.actors import Actor
from tenants.models import City


class Command(BaseCommand):
    help = "Escalate unverified activities (one city with --city, else every active city)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--city", help="city slug; default: every active or pilot city")

    def handle(self, *args, **options) -> None:
        from core.performance.services.verification import escalate_verifications

        cities = (
            City.objects.filter(slug=options["city"])
            if options["city"]
            else City.objects.exclude(schema_name="public").filter(status__in=["active", "pilot"])
        )
        for city in cities:
            with tenant_context(city):
                count = escalate_verifications(actor=Actor.system("cli:escalate_verifications"))
            self.stdout.write(f"{city.slug}: {count} escalated")
