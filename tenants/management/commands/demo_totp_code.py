"""Print the current two-factor code of a demo account, for trying the demo without
an authenticator app. Refuses with DEBUG off: it reads a second factor.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from tenants.routing import resolve_host


class Command(BaseCommand):
    help = "Print the current TOTP code of an account, e.g. demo_totp_code jambi.localhost 1980..."

    def add_arguments(self, parser):
        parser.add_argument("host", help="localhost (platform staff) or <city>.localhost")
        parser.add_argument("username", help="user name or NIP")

    def handle(self, *args, **options):
        from django_otp.oath import totp
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if not settings.DEBUG:
            raise CommandError("Only for the demo: run with DEBUG on.")
        route = resolve_host(options["host"])
        if route.kind not in ("public", "city"):
            raise CommandError(f"No city answers at {options['host']}.")
        schema = route.city.schema_name if route.city else "public"
        with schema_context(schema):
            device = TOTPDevice.objects.filter(
                user__username=options["username"], confirmed=True
            ).first()
            if device is None:
                raise CommandError("That account has no two-factor device.")
            code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
