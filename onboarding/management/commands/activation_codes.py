"""`manage.py activation_codes <city> [--unit PATH] [--json]`: new one-time activation codes.

Issues a code for every account in the unit (and the units below it) that has not
been activated yet; older unused codes stop working. The codes are printed once
and stored only as HMACs.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from core.actors import Actor
from tenants.models import City


class Command(BaseCommand):
    help = "Issue activation codes for accounts not yet activated (optionally one unit)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("city", help="city slug, e.g. jambi")
        parser.add_argument("--unit", default="", help="unit path or id; its sub-units included")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options) -> None:
        from core.accounts.services import issue_activation_codes
        from core.organisation.models import OrgUnit
        from core.people.letters import pending_accounts

        try:
            city = City.objects.get(slug=options["city"])
        except City.DoesNotExist as exc:
            raise CommandError(_("There is no city %(slug)s.") % {"slug": options["city"]}) from exc
        with tenant_context(city):
            unit = None
            if options["unit"]:
                value = options["unit"]
                lookup = {"pk": int(value)} if value.isdigit() else {"path": value}
                unit = OrgUnit.objects.filter(**lookup).first()
                if unit is None:
                    raise CommandError(_("There is no unit %(unit)s.") % {"unit": value})
            people = pending_accounts(unit)
            codes = issue_activation_codes(
                [p.user for p in people if p.user is not None],
                actor=Actor.system("cli:activation_codes"),
            )
            rows = [
                {
                    "nip": p.nip,
                    "name": p.display_name,
                    "unit": getattr(p, "unit_path", ""),
                    "code": codes[p.user_id],
                }
                for p in people
                if p.user_id in codes
            ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['nip']}\t{row['code']}\t{row['name']}\t{row['unit']}")
        self.stderr.write(_("%(count)d activation codes issued.") % {"count": len(rows)})
