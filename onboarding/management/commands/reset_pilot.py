from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.actors import Actor
from onboarding.services.pilots import reset_pilot
from tenants.models import City


class Command(BaseCommand):
    help = "Bring a pilot city back to exactly its generated data."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--verify", action="store_true", help="compare every table's checksum")

    def handle(self, *args, **options):
        city = City.objects.filter(slug=options["slug"]).first()
        if city is None:
            raise CommandError(f"No city {options['slug']}")
        try:
            result = reset_pilot(city, actor=Actor.system("cli"), verify=options["verify"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"reset in {result.seconds:.2f}s, checksum {result.checksum}")
        )
