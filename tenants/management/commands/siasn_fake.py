"""Serve a local fake of BKN SIASN for the demo (never the real BKN).

    manage.py siasn_fake --city surabaya [--port 8117] [--failure-rate 0.05] [--configure]

It answers data-utama for the city's people (with a few deliberate differences) and
stores kinerjaperiodik records in memory. `--configure` saves the demo connection into
the city (the fake's demo credentials), as the city administrator would on the page.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from tenants.models import City
from tenants.services import Actor


class Command(BaseCommand):
    help = "Serve a fake BKN SIASN on 127.0.0.1 for one city's demo people."

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True)
        parser.add_argument("--port", type=int, default=8117)
        parser.add_argument("--failure-rate", type=float, default=0.05)
        parser.add_argument("--configure", action="store_true")

    def handle(self, *args, **options):
        from core.siasn import fake
        from core.siasn.demo import fake_people

        if not settings.DEBUG:
            raise CommandError("Only for the demo: run with DEBUG on.")
        city = City.objects.filter(slug=options["city"]).first()
        if city is None:
            raise CommandError(f"No city {options['city']!r}.")
        with tenant_context(city):
            server_fake = fake.FakeSiasn(people=fake_people())
        server_fake.failure_rate = options["failure_rate"]
        server, _thread, url = fake.serve(server_fake, options["port"])
        if options["configure"]:
            self._configure(city, url)
        self.stdout.write(
            f"fake SIASN at {url} with {len(server_fake.people)} people\n"
            f"  gateway URL {url}   API URL {url}   SSO token URL {url}{fake.SSO_PATH}\n"
            f"  consumer key {fake.CONSUMER_KEY}   consumer secret {fake.CONSUMER_SECRET}\n"
            f"  SSO client id {fake.SSO_CLIENT_ID}   operator {fake.SSO_USERNAME}"
            f"   password {fake.SSO_PASSWORD}"
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            server.shutdown()

    def _configure(self, city, url: str) -> None:
        from core.siasn import fake, services

        with tenant_context(city):
            services.save_connection(
                {
                    "gateway_url": url,
                    "api_url": url,
                    "sso_url": url + fake.SSO_PATH,
                    "sso_client_id": fake.SSO_CLIENT_ID,
                    "sso_username": fake.SSO_USERNAME,
                    "consumer_key": fake.CONSUMER_KEY,
                    "consumer_secret": fake.CONSUMER_SECRET,
                    "sso_password": fake.SSO_PASSWORD,
                    "calls_per_second": 20,
                },
                actor=Actor(label="siasn_fake"),
            )
