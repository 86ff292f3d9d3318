"""Recompute the command centre's counters (and this month's OPD figures) from the rows."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from core.command import counters


class Command(BaseCommand):
    help = "Recompute the command centre's hourly counters from the activity entries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", type=date.fromisoformat, default=None)

    def handle(self, *args, since: date | None = None, **options) -> None:
        with transaction.atomic():
            rows = counters.rebuild(since)
        if options.get("verbosity", 1):
            self.stdout.write(f"{rows} counter rows rebuilt")
