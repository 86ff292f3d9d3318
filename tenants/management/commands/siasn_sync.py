"""Operators' SIASN sync for one city: fetch master data, queue and send results.

manage.py siasn_sync --city jambi pull [--opd-id N | --nip NIP]
manage.py siasn_sync --city jambi push --year 2026 --month 11   # queue, then send
manage.py siasn_sync --city jambi send                          # send what is due
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from core.siasn import services
from tenants.models import City
from tenants.services import Actor


class Command(BaseCommand):
    help = "Sync one city with BKN SIASN: pull master data, push results, send the outbox."

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True, help="the city's slug")
        parser.add_argument("action", choices=["pull", "push", "send"])
        parser.add_argument("--opd-id", type=int, help="pull: one OPD (its id)")
        parser.add_argument("--nip", default="", help="pull: one NIP")
        parser.add_argument("--year", type=int, help="push: the closed month's year")
        parser.add_argument("--month", type=int, help="push: the closed month (1-12)")

    def handle(self, *args, **options):
        city = City.objects.filter(slug=options["city"]).first()
        if city is None:
            raise CommandError(f"No city {options['city']!r}.")
        actor = Actor(label="siasn_sync")
        with tenant_context(city):
            try:
                getattr(self, f"_{options['action']}")(options, actor)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None

    def _pull(self, options, actor) -> None:
        scope = "nip" if options["nip"] else "opd" if options["opd_id"] else "all"
        run = services.start_pull(
            scope=scope, opd_id=options["opd_id"], nip=options["nip"], actor=actor
        )
        run = services.run_pull(run.pk)
        open_count = services.open_differences().filter(run=run).count()
        self.stdout.write(
            f"pulled {run.done}/{run.total} people, {run.failed} failed, "
            f"{open_count} differences to decide{'; ' + run.message if run.message else ''}"
        )

    def _push(self, options, actor) -> None:
        if not options["year"] or not options["month"]:
            raise CommandError("push needs --year and --month.")
        queued = services.queue_results(options["year"], options["month"], actor=actor)
        self.stdout.write(
            f"queued {queued.created}, to replace {queued.replaced}, unchanged {queued.unchanged}"
        )
        for reason in queued.skipped:
            self.stderr.write(reason)
        self._send(options, actor)

    def _send(self, options, actor) -> None:
        sent = services.send_all(actor=actor)
        counts = services.outbox_counts()
        self.stdout.write(
            f"sent {sent.sent}, retrying {sent.retry}, stopped {sent.stopped}; "
            f"outbox: {', '.join(f'{k} {v}' for k, v in counts.items())}"
        )
