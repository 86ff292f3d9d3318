"""Demo data for `make run`, gathered from each app's `demo.py`.

An app that has demo data defines `seed_city(city, logins)` in `<app>/demo.py`.
It runs inside the city's schema, must be idempotent (running the seed twice
changes nothing) and appends a `DemoLogin` for every account a visitor may try.
Apps run in INSTALLED_APPS order (organisation before people before performance).
Data that spans cities (a partnership between two of them) goes in
`seed_platform(logins)`, which runs in the public schema once every city is seeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps

DEMO_PASSWORD = "Sinergi-Demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    host: str  # "jambi.localhost" or "localhost"
    username: str
    role: str
    description: str = ""
    password: str = DEMO_PASSWORD


def city_seeders() -> list:
    seeders = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "seed_city"):
            seeders.append(module.seed_city)
    return seeders


def platform_seeders() -> list:
    """Each app's `seed_platform(logins)`: demo data across cities, after all of them."""
    seeders = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "seed_platform"):
            seeders.append(module.seed_platform)
    return seeders
