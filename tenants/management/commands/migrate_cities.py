import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tenants import schema_builder
from tenants.city_migrations import city_schemas, migrate_stale, stale_cities


class Command(BaseCommand):
    help = (
        "Deploy-time migrations: the public schema, the city template, then every city "
        "that is behind, in parallel, each city in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--processes", type=int, default=4, help="Cities migrated at once (default 4)"
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(self, *args, **options):
        if options["processes"] < 1:
            raise CommandError("--processes must be at least 1")
        self.stdout.write("Public schema…")
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        applied = schema_builder.migrate_schema(schema_builder.template_schema())
        self.stdout.write(f"City template: {applied} migration(s) applied.")

        cities = city_schemas()
        stale = stale_cities(cities)
        current = len(cities) - len(stale)
        self.stdout.write(f"Cities: {len(cities)}, current {current}, to migrate {len(stale)}.")
        if not stale:
            return
        with tqdm(
            total=len(stale), unit="city", file=sys.stderr, disable=options["no_progress"]
        ) as bar:

            def advance(city):
                bar.set_postfix_str(city.slug)
                bar.update(1)

            report = migrate_stale(stale, processes=options["processes"], on_done=advance)
        self.stdout.write(f"Migrated: {len(report.migrated)} city(ies).")
        if report.failed:
            failed = report.failed
            raise CommandError(
                f"Migrating city {failed.slug} (schema {failed.schema}) failed; it was rolled "
                f"back and is unchanged. {len(report.not_started)} city(ies) not started.\n"
                f"{failed.error}"
            )
