"""Demo data: make sure a demo city has adopted the Surabaya model (older seeds may predate it)."""

from __future__ import annotations

from core.configuration.services import is_adopted


def seed_city(city, logins) -> None:
    if is_adopted():
        return
    from catalog.adoption import adopt_into_city

    adopt_into_city(city, actor_label="demo")
