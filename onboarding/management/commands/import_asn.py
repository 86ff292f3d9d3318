"""`manage.py import_asn <city> <file> [--dry-run] [--json]`: load a city's ASN spreadsheet.

All-or-nothing: any invalid row means nothing is written and the exit code is 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from core.actors import Actor
from tenants.models import City


class Command(BaseCommand):
    help = "Import ASN, units and positions of a city from .xlsx or .csv (all-or-nothing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("city", help="city slug, e.g. jambi")
        parser.add_argument("file", help=".xlsx or .csv file")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, **options) -> None:
        from core.people.imports import import_asn
        from core.people.tabular import UnreadableFile, open_upload

        try:
            city = City.objects.get(slug=options["city"])
        except City.DoesNotExist as exc:
            raise CommandError(_("There is no city %(slug)s.") % {"slug": options["city"]}) from exc
        path = Path(options["file"])
        try:
            source = open_upload(path.read_bytes(), path.name)
        except (OSError, UnreadableFile) as exc:
            message = _("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc}
            raise CommandError(message) from exc
        with tenant_context(city):
            report = import_asn(
                source, actor=Actor.system("cli:import_asn"), dry_run=options["dry_run"]
            )
        data = report.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self._print(data)
        if not report.ok:
            sys.exit(1)

    def _print(self, data: dict) -> None:
        for error in data["errors"]:
            self.stderr.write(_("row %(row)d, %(column)s: %(message)s") % error)
        prefix = _("Dry run, nothing written. ") if data["dry_run"] else ""
        self.stdout.write(
            prefix
            + _(
                "created %(created)d, updated %(updated)d, unchanged %(unchanged)d, "
                "units created %(units_created)d, positions created %(positions_created)d, "
                "errors %(errors)d"
            )
            % {**data, "errors": len(data["errors"])}
        )
