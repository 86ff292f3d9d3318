import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from catalog.adoption import DEFAULT_TEMPLATE, adopt_after_build
from catalog.services import TemplateError, get_version
from core.actors import Actor
from tenants.services import ProvisioningError, provision_city


class Command(BaseCommand):
    help = "Create a city: its row, primary domain and schema (built from the city template)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True, help='Official name, e.g. "Kota Jambi"')
        parser.add_argument("--province", default="")
        parser.add_argument("--pilot", action="store_true", help="A pilot (training) city")
        parser.add_argument("--expires", type=date.fromisoformat, help="Pilot expiry, YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON")
        parser.add_argument(
            "--template",
            default=DEFAULT_TEMPLATE,
            help="Model template to adopt, slug[@version] (default: the latest Surabaya model)",
        )

    def handle(self, *args, **options):
        if options["expires"] and not options["pilot"]:
            raise CommandError("--expires goes with --pilot")
        try:
            template = get_version(options["template"])
        except TemplateError as exc:
            raise CommandError(exc.messages[0]) from exc
        try:
            result = provision_city(
                options["slug"],
                name=options["name"],
                province=options["province"],
                pilot=options["pilot"],
                expires_on=options["expires"],
                actor=Actor.system("cli"),
                after_build=adopt_after_build(template.ref, actor_label="cli:provisioning"),
            )
        except ProvisioningError as exc:
            raise CommandError(str(exc)) from exc
        summary = {**result.as_dict(), "template": template.ref}
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Provisioned {result.city.name} ({summary['status']})")
                + f"\n  schema:  {summary['schema']}\n  domains: {', '.join(summary['domains'])}"
                + f"\n  template: {template.ref}"
                + f"\n  seconds: {summary['seconds']:.3f}"
            )
