"""Demo data from the catalogue, seeded before the city's own apps (catalog comes first in
INSTALLED_APPS): the city adopts the Surabaya model, revenue sources included (older
seeds may predate either). core's demo modules then only read what was adopted.
"""

from __future__ import annotations

import json

from catalog.adoption import adopt_into_city
from catalog.rules import builtin_files
from catalog.services import get_version, version_content
from core.actors import Actor
from core.configuration.services import is_adopted
from core.revenue.models import RevenueSource
from core.revenue.services import adopt_revenue_sources


def seed_city(city, logins) -> None:
    if not is_adopted():
        adopt_into_city(city, actor_label="demo")
    if not RevenueSource.objects.exists():
        version = get_version("surabaya")
        section = version_content(version).get("revenue_sources") or _builtin_section()
        if section:
            adopt_revenue_sources(section, version=version.version, actor=Actor.system("demo"))


def _builtin_section() -> list:
    """The section from the shipped file, for a database whose stored v1 predates it."""
    for path in builtin_files():
        content = json.loads(path.read_text(encoding="utf-8"))
        if content["template"]["slug"] == "surabaya" and content.get("revenue_sources"):
            return content["revenue_sources"]
    return []
