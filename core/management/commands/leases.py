"""Show the leases long operations hold (month close, revenue close, imports, pilot
resets) and release a stuck one by ending the session that holds it."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core import leases


class Command(BaseCommand):
    help = (
        "List held leases (close, import, pilot reset); --release PID ends that holder's "
        "session (its work rolls back); --release-idle SECONDS ends holders idle that long."
    )

    def add_arguments(self, parser):
        parser.add_argument("--release", type=int, metavar="PID", action="append", default=[])
        parser.add_argument("--release-idle", type=float, metavar="SECONDS")

    def handle(self, *args, **options):
        held = leases.holders()
        targets = set(options["release"])
        unknown = targets - {holder.pid for holder in held}
        if unknown:
            raise CommandError(f"No lease is held by session {', '.join(map(str, unknown))}.")
        if options["release_idle"] is not None:
            targets |= {h.pid for h in held if h.idle_seconds >= options["release_idle"]}
        if not held:
            self.stdout.write("No leases are held.")
            return
        for holder in held:
            started = timezone.localtime(holder.started).isoformat() if holder.started else "?"
            self.stdout.write(
                f"{holder.pid}\t{holder.name}\tsince {started}\t{holder.state}"
                f" (idle {holder.idle_seconds:.0f} s)\t{holder.client}"
            )
        for pid in sorted(targets):
            done = leases.release(pid)
            self.stdout.write(f"released {pid}" if done else f"session {pid} had already ended")
