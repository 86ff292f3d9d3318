"""Who acts on a partnership, and how each change is recorded.

A change is written to the partnership's own history (public schema, read by both
cities and the operators) and into the hash-chained audit trail of each city, in the
same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from core.actors import Actor
from core.db import tenant_connection
from partnerships.models import Partnership, PartnershipEvent
from tenants.models import City
from tenants.rules import CityStatus


@dataclass(frozen=True)
class PartnerActor:
    """A person acting: a city user (with their city) or a platform operator (city None)."""

    label: str
    city: City | None = None
    user_id: int | None = None
    username: str = ""
    role: str = ""

    @classmethod
    def from_user(cls, user, city: City | None) -> PartnerActor:
        name = getattr(user, "full_name", "") or user.username
        return cls(
            label=name, city=city, user_id=user.pk, username=user.username, role=str(user.role)
        )

    @property
    def is_operator(self) -> bool:
        return self.city is None and self.role == "operator"

    @property
    def trail_label(self) -> str:
        where = self.city.slug if self.city else "platform"
        return f"{self.username or self.label} ({where})"


def actor_for(request) -> PartnerActor:
    city = None if tenant_connection().schema_name == "public" else getattr(request, "city", None)
    return PartnerActor.from_user(request.user, city)


def audit(
    partnership: Partnership,
    actor: PartnerActor,
    action: str,
    *,
    before: Any = None,
    after: Any = None,
) -> None:
    """Record `action` (inside the caller's transaction) in all three places."""
    from core.audit.services import record_event

    PartnershipEvent.objects.create(
        partnership=partnership,
        actor_label=actor.label,
        actor_city=actor.city.slug if actor.city else "",
        action=action,
        before=before,
        after=after,
    )
    for city in (partnership.city_a, partnership.city_b):
        if city.status == CityStatus.ARCHIVED:
            continue  # its schema may be gone; the public history still holds the event
        with tenant_context(city):
            record_event(
                actor=Actor.system(actor.trail_label),
                action=f"partnership.{action}",
                object_type="partnerships.partnership",
                object_id=partnership.pk,
                before=before,
                after=after,
            )


def refuse(message: str):
    from django.core.exceptions import ValidationError

    return ValidationError(message)


def not_in_partnership() -> str:
    return _("Your city is not part of this partnership.")
