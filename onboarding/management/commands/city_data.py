from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.actors import Actor
from onboarding.services import lifecycle
from tenants.models import City


class Command(BaseCommand):
    help = "A city's data: `export` (CSV ZIP), `backup` (restorable ZIP), `restore FILE`."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "backup", "restore"])
        parser.add_argument("slug")
        parser.add_argument("file", nargs="?", help="backup ZIP to restore")

    def handle(self, *args, **options):
        city = City.objects.filter(slug=options["slug"]).first()
        if city is None:
            raise CommandError(f"No city {options['slug']}")
        actor = Actor.system("cli")
        try:
            if options["action"] == "restore":
                if not options["file"] or not Path(options["file"]).is_file():
                    raise CommandError("restore needs the backup file")
                manifest = lifecycle.restore_city(city, options["file"], actor=actor)
                self.stdout.write(self.style.SUCCESS(f"restored {len(manifest['tables'])} tables"))
                return
            record = (
                lifecycle.export_city if options["action"] == "export" else lifecycle.backup_city
            )(city, actor=actor)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"{record.path} ({record.tables} tables, {record.rows} rows)")
        )
