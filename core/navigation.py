"""The navigation menu, built from each app's `nav.py` and filtered by access.

An app declares `ITEMS = [NavItem(...)]` in its `nav.py`; this module collects them once,
so adding a page to the menu never means editing a shared file.

Each item names the access predicate its view uses (`allowed`), so a role's menu holds
only pages that person can open: the predicate is the same function the view calls, not
a copy of its role list. On a phone the first `PHONE_SLOTS` primary destinations form a
bottom bar and the rest sit behind "Lainnya" (a <details>, so it works without
JavaScript); on a desktop the bar holds `DESKTOP_SLOTS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from core.accounts.roles import Role
from core.db import tenant_connection

if TYPE_CHECKING:
    from core.typing import Text

PHONE_SLOTS = 4  # plus "Lainnya": five tabs at 360 px
DESKTOP_SLOTS = 7  # plus "Lainnya": fits 1366 px


@dataclass(frozen=True)
class NavItem:
    label: Text
    url_name: str
    roles: frozenset[Role] = field(default_factory=frozenset)  # legacy; prefer `allowed`
    public_site: bool = False  # True: shown on the platform's root domain, not in cities
    order: int = 100
    supervisors: bool = False  # legacy: also shown to anyone who supervises someone
    icon: str = ""
    # Legacy: also shown to a user outside `roles` for whom this returns True.
    also_for: Callable[[object], bool] | None = None
    # The access predicate the view itself checks: shown exactly when it returns True.
    allowed: Callable[[object], bool] | None = None
    # A main destination: gets a slot in the bar before non-primary items.
    primary: bool = False


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


def view_predicate(url: str) -> Callable[[object], bool] | None:
    """The access predicate the view at `url` checks (`role_required`/`allowed_by`)."""
    try:
        return getattr(resolve(url).func, "access_predicate", None)
    except Resolver404:
        return None


def _visible(item: NavItem, user, on_public_site: bool, url: str) -> bool:
    """For the entry's audience (`roles`), and allowed by every access predicate in play:
    the item's own (`allowed`, the function its view calls) and the view decorator's."""
    if item.public_site != on_public_site or not _audience(item, user):
        return False
    if item.allowed is not None and not item.allowed(user):
        return False
    predicate = view_predicate(url)
    return predicate is None or bool(predicate(user))


def _audience(item: NavItem, user) -> bool:
    if not item.roles:
        return True
    if user.role in item.roles:
        return True
    if item.supervisors and getattr(user, "is_supervisor", False):
        return True
    return item.also_for is not None and item.also_for(user)


def _active_url(path: str, urls: list[str]) -> str | None:
    """The entry for `path`: the longest menu URL it starts with ("/" only exactly)."""
    matches = [url for url in urls if path == url or (url != "/" and path.startswith(url))]
    return max(matches, key=len, default=None)


def menu_for(request: HttpRequest) -> list[dict]:
    """The visible entries in menu order, each with `primary` and `active` set."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    on_public_site = tenant_connection().schema_name == "public"
    menu: list[dict[str, Any]] = []
    for item in _all_items():
        if item.public_site != on_public_site:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        if not _visible(item, user, on_public_site, url):
            continue
        if any(entry["url"] == url for entry in menu):
            continue
        menu.append({"label": item.label, "url": url, "icon": item.icon, "primary": item.primary})
    active = _active_url(request.path, [entry["url"] for entry in menu])
    for entry in menu:
        entry["active"] = entry["url"] == active
    return menu


def split_menu(menu: list[dict], slots: int) -> tuple[list[dict], list[dict]]:
    """(bar, more): up to `slots` entries for the bar, primary ones first, both kept in
    menu order; everything else goes behind "Lainnya". No "Lainnya" for one extra entry."""
    if len(menu) <= slots + 1:
        return list(menu), []
    ranked = sorted(range(len(menu)), key=lambda i: (not menu[i]["primary"], i))
    chosen = set(ranked[:slots])
    bar = [entry for i, entry in enumerate(menu) if i in chosen]
    more = [entry for i, entry in enumerate(menu) if i not in chosen]
    return bar, more


def _layout(menu: list[dict]) -> list[dict]:
    """Each entry marked where it shows: `phone_bar`, `desktop_bar` (else behind "Lainnya")."""
    phone_bar, _ = split_menu(menu, PHONE_SLOTS)
    desktop_bar, _ = split_menu(menu, DESKTOP_SLOTS)
    phone_ids = {id(entry) for entry in phone_bar}
    desktop_ids = {id(entry) for entry in desktop_bar}
    return [
        {**entry, "phone_bar": id(entry) in phone_ids, "desktop_bar": id(entry) in desktop_ids}
        for entry in menu
    ]


def navigation(request: HttpRequest) -> dict:
    """Template context processor: the menu, the city, and the language switch."""
    menu = _layout(menu_for(request))
    return {
        "nav_items": menu,
        "nav_more_phone": any(not entry["phone_bar"] for entry in menu),
        "nav_more_desktop": any(not entry["desktop_bar"] for entry in menu),
        "nav_more_active": any(entry["active"] and not entry["phone_bar"] for entry in menu),
        "city": getattr(request, "city", None),
    }
