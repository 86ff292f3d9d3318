"""Record that the platform failed (one city or every city) from START to END."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from incidents.services import declare_incident
from tenants.models import City


def _when(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date and time: {value!r} (give YYYY-MM-DDTHH:MM)") from None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


class Command(BaseCommand):
    help = "Declare a platform incident; it extends the logging windows it touched."

    def add_arguments(self, parser):
        parser.add_argument(
            "--start", required=True, help="YYYY-MM-DDTHH:MM (WIB unless an offset is given)"
        )
        parser.add_argument("--end", help="YYYY-MM-DDTHH:MM; omit while it goes on")
        parser.add_argument("--city", help="the city's slug; omit for every city")
        parser.add_argument("--reason", required=True)

    def handle(self, *args, start, end=None, city=None, reason, **options):
        target = None
        if city:
            target = City.objects.filter(slug=city).first()
            if target is None:
                raise CommandError(f"No city {city!r}.")
        try:
            incident = declare_incident(
                actor=None,
                city=target,
                starts_at=_when(start),
                ends_at=_when(end) if end else None,
                reason=reason,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Incident {incident.pk} recorded.")
