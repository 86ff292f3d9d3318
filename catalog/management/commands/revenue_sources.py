"""(Re)take a city's revenue sources from its model template (a catalog command: it
reads the template in the public schema, then writes inside the city's schema).

For cities provisioned before the template had a `revenue_sources` section, or after a
newer template version: idempotent, and the city's own choices (OPD, unit, officers,
active flag) are kept.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from catalog.services import get_version, version_content
from core.actors import Actor
from core.configuration.services import adoption_state
from core.revenue.services import adopt_revenue_sources
from tenants.models import City


class Command(BaseCommand):
    help = "Copy the revenue sources of the city's model template into the city."

    def add_arguments(self, parser):
        parser.add_argument("city", help="the city's slug, e.g. jambi")
        parser.add_argument(
            "--template", default="", help="template ref (default: the one the city adopted)"
        )

    def handle(self, *args, city: str, template: str, **options):
        target = City.objects.filter(slug=city).first()
        if target is None:
            raise CommandError(f"No city {city!r}.")
        with tenant_context(target):
            adopted = adoption_state()
        ref = template or (
            f"{adopted.source_template}@{adopted.source_version}" if adopted else "surabaya"
        )
        version = get_version(ref)
        section = version_content(version).get("revenue_sources")
        if not section:
            raise CommandError(f"The template {ref} has no revenue_sources section.")
        with tenant_context(target):
            count = adopt_revenue_sources(
                section,
                version=version.version,
                slug=version.template.slug,
                actor=Actor.system("command"),
            )
        self.stdout.write(f"{target.name}: {count} revenue sources from {ref}.")
