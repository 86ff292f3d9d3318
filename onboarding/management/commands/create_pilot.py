import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.actors import Actor
from onboarding.services.pilots import create_pilot
from onboarding.services.templates import template_adopter


class Command(BaseCommand):
    help = "Create a pilot city with a synthetic population (100 to 20,000 ASN)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", default="Kota Latihan")
        parser.add_argument("--population", type=int, default=500)
        parser.add_argument("--days", type=int, default=14, help="days of activity history")
        parser.add_argument("--lifetime", type=int, default=30, help="days until it expires")
        parser.add_argument("--template", default="", help='model template, e.g. "surabaya"')
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        actor = Actor.system("cli")
        try:
            result = create_pilot(
                options["slug"],
                name=options["name"],
                population=options["population"],
                history_days=options["days"],
                lifetime_days=options["lifetime"],
                template_code=options["template"],
                seed=options["seed"],
                actor=actor,
                after_build=template_adopter(options["template"], actor=actor),
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        summary = {
            "slug": options["slug"],
            "seconds": round(result.seconds, 3),
            **result.counts,
            "password": result.profile.trainee_password,
        }
        self.stdout.write(
            json.dumps(summary)
            if options["json"]
            else self.style.SUCCESS(" ".join(f"{k}={v}" for k, v in summary.items()))
        )
