"""Seed the demo used by `make run`: the Surabaya reference city and Jambi adopting
its model, platform staff, and each app's demo data (see core/demo.py). Idempotent.
"""

from __future__ import annotations

import base64
import hashlib
import os
from io import StringIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django_tenants.utils import schema_context, tenant_context

from core.accounts.roles import TWO_FACTOR_REQUIRED, Role
from core.demo import DEMO_PASSWORD, DemoLogin, city_seeders, platform_seeders
from tenants.models import City

DEMO_CITIES = [
    ("surabaya", "Kota Surabaya", "Jawa Timur"),
    ("jambi", "Kota Jambi", "Jambi"),
]
PLATFORM_STAFF = [
    ("operator", "Operator APEKSI", Role.OPERATOR, "Platform operator: console, cities, catalogue"),
    ("pelatih", "Pelatih Sinergi", Role.TRAINER, "Trainer: pilot cities"),
]


def provision_demo_city(slug: str, name: str, province: str) -> City:
    """Provision through the operators' command, so the demo adopts the default model."""
    call_command("provision_city", slug, name=name, province=province, stdout=StringIO())
    return City.objects.get(slug=slug)


def _enrol_demo_totp(user) -> str:
    """Give a demo account a fixed TOTP key (stable across seeds) and say how to use it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = hashlib.sha256(f"sinergi-demo:public:{user.username}".encode()).hexdigest()[:40]
    TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Demo authenticator", "key": key}
    )
    secret = base64.b32encode(bytes.fromhex(key)).decode().rstrip("=")
    return f"add TOTP key {secret} to an authenticator app"


class Command(BaseCommand):
    help = "Create the demo cities and accounts (idempotent). Needs DEBUG on, or --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Seed even with DEBUG off")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Demo data uses published passwords: run with DEBUG on, or --force.")
        logins = self._seed_platform_staff()
        for slug, name, province in DEMO_CITIES:
            city = City.objects.filter(slug=slug).first() or provision_demo_city(
                slug, name, province
            )
            with tenant_context(city):
                for seed_city in city_seeders():
                    seed_city(city, logins)
            connection.set_schema_to_public()
        for seed_platform in platform_seeders():
            seed_platform(logins)
            connection.set_schema_to_public()
        self._print(logins)

    def _seed_platform_staff(self) -> list[DemoLogin]:
        logins = []
        with schema_context("public"):
            users = get_user_model().objects
            for username, full_name, role, description in PLATFORM_STAFF:
                user = users.filter(username=username).first() or users.create_user(
                    username, DEMO_PASSWORD, full_name=full_name, role=role
                )
                if role in TWO_FACTOR_REQUIRED:
                    description += "; two-factor: " + _enrol_demo_totp(user)
                logins.append(DemoLogin(settings.ROOT_DOMAIN, username, role, description))
        return logins

    def _print(self, logins: list[DemoLogin]) -> None:
        port = ":" + os.environ.get("PORT", "8000")
        self.stdout.write(self.style.SUCCESS("\nSinergi demo is ready.\n"))
        self.stdout.write(f"  Platform (APEKSI console): http://{settings.ROOT_DOMAIN}{port}/")
        for slug, name, _ in DEMO_CITIES:
            self.stdout.write(f"  {name}: http://{slug}.{settings.ROOT_DOMAIN}{port}/")
        self.stdout.write(f"\n  Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(
                f"    {login.host:<22} {login.username:<22} {login.role:<11} {login.description}"
            )
        self.stdout.write(
            "\n  No authenticator app at hand? Print the current code with:\n"
            "    .venv/bin/python manage.py demo_totp_code <host> <user>\n"
        )
