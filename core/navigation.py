"""The navigation menu, built from each app's `nav.py` and filtered by role.

An app declares `ITEMS = [NavItem(...)]` in its `nav.py`; this module collects
them once, so adding a page to the menu never means editing a shared file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps
from django.db import connection
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from core.accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[Role] = field(default_factory=frozenset)  # empty: every signed-in user
    public_site: bool = False  # True: shown on the platform's root domain, not in cities
    order: int = 100
    supervisors: bool = False  # also shown to anyone who supervises someone
    icon: str = ""
    # Also shown to a user outside `roles` for whom this returns True (e.g. an assigned duty).
    also_for: Callable[[object], bool] | None = None


@cache
def _all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.nav")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.nav":
                raise
            continue
        items.extend(getattr(module, "ITEMS", []))
    return tuple(sorted(items, key=lambda item: item.order))


def _visible(item: NavItem, user, on_public_site: bool) -> bool:
    if item.public_site != on_public_site:
        return False
    if not item.roles:
        return True
    if user.role in item.roles:
        return True
    if item.supervisors and getattr(user, "is_supervisor", False):
        return True
    return item.also_for is not None and item.also_for(user)


def menu_for(request: HttpRequest) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    on_public_site = connection.schema_name == "public"
    menu = []
    for item in _all_items():
        if not _visible(item, user, on_public_site):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        menu.append(
            {
                "label": item.label,
                "url": url,
                "icon": item.icon,
                "active": request.path.startswith(url) and url != "/" or request.path == url,
            }
        )
    return menu


def navigation(request: HttpRequest) -> dict:
    """Template context processor: the menu, the city, and the language switch."""
    return {"nav_items": menu_for(request), "city": getattr(request, "city", None)}
