"""City rules: slug syntax and the status lifecycle. Pure functions, no models."""

from __future__ import annotations

import re
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
SLUG_MIN, SLUG_MAX = 3, 40
RESERVED_SLUGS = frozenset(
    {"www", "api", "admin", "static", "media", "public", "mail", "app", "status", "docs"}
)


class CityStatus(StrEnum):
    APPLIED = "applied"
    PILOT = "pilot"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ARCHIVED = "archived"


STATUS_LABELS = {
    CityStatus.APPLIED: gettext_lazy("applied"),
    CityStatus.PILOT: gettext_lazy("pilot"),
    CityStatus.ACTIVE: gettext_lazy("active"),
    CityStatus.SUSPENDED: gettext_lazy("suspended"),
    CityStatus.ARCHIVED: gettext_lazy("archived"),
}

# Which statuses a city may move to. A pilot never becomes a real city, and a
# suspended city returns only to the kind it was (see `allowed_transitions`).
_TRANSITIONS: dict[CityStatus, frozenset[CityStatus]] = {
    CityStatus.APPLIED: frozenset({CityStatus.PILOT, CityStatus.ACTIVE, CityStatus.ARCHIVED}),
    CityStatus.PILOT: frozenset({CityStatus.SUSPENDED, CityStatus.ARCHIVED}),
    CityStatus.ACTIVE: frozenset({CityStatus.SUSPENDED}),
    CityStatus.SUSPENDED: frozenset({CityStatus.ACTIVE, CityStatus.PILOT, CityStatus.ARCHIVED}),
    CityStatus.ARCHIVED: frozenset(),
}

HOST_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")

SERVING_STATUSES = frozenset({CityStatus.PILOT, CityStatus.ACTIVE, CityStatus.SUSPENDED})


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot name a city, or None when it can."""
    if not SLUG_MIN <= len(slug) <= SLUG_MAX:
        return _("The address must be %(min)d to %(max)d characters long.") % {
            "min": SLUG_MIN,
            "max": SLUG_MAX,
        }
    if not SLUG_PATTERN.match(slug):
        return _(
            "The address may contain only lowercase letters, digits and hyphens, "
            "and must start and end with a letter or digit."
        )
    if "--" in slug:
        return _("The address may not contain two hyphens in a row.")
    if slug in RESERVED_SLUGS:
        return _("The address “%(slug)s” is reserved.") % {"slug": slug}
    return None


def schema_name_for(slug: str) -> str:
    """The PostgreSQL schema of a city. Slugs have no underscores, so this is one-to-one."""
    return "city_" + slug.replace("-", "_")


def allowed_transitions(status: CityStatus, *, is_pilot: bool) -> frozenset[CityStatus]:
    allowed = _TRANSITIONS[CityStatus(status)]
    kind = CityStatus.PILOT if is_pilot else CityStatus.ACTIVE
    wrong_kind = {CityStatus.ACTIVE, CityStatus.PILOT} - {kind}
    return frozenset(allowed - wrong_kind)


def transition_problem(current: CityStatus, target: CityStatus, *, is_pilot: bool) -> str | None:
    """Why a city may not move from `current` to `target`, or None when it may."""
    if CityStatus(target) in allowed_transitions(current, is_pilot=is_pilot):
        return None
    return _("A city cannot go from “%(current)s” to “%(target)s”.") % {
        "current": STATUS_LABELS[CityStatus(current)],
        "target": STATUS_LABELS[CityStatus(target)],
    }


def host_problem(host: str, *, root_domain: str, slug: str) -> str | None:
    """Why `host` cannot be an extra address of city `slug`, or None when it can.

    Under the platform's root domain a city may only use its own `<slug>.<root>`:
    anything else there belongs to the public site or to another (future) city.
    """
    labels = host.split(".")
    if len(host) > 253 or len(labels) < 2 or not all(HOST_LABEL.match(x) for x in labels):
        return _("Enter a valid host name.")
    under_root = host == root_domain or host.endswith("." + root_domain)
    if under_root and host != f"{slug}.{root_domain}":
        return _("Addresses under %(root)s are reserved for the platform and its cities.") % {
            "root": root_domain
        }
    return None
