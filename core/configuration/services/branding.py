"""The city's branding and terms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor
from core.audit.services import record_event
from core.configuration.context import forget_branding
from core.configuration.models import (
    Branding,
    Term,
)
from core.configuration.services.common import ConfigurationError, _row_snapshot

if TYPE_CHECKING:
    from core.accounts.models import User


@transaction.atomic
def update_branding(data: Mapping[str, Any], *, actor: Actor | User, logo=None) -> Branding:
    import re

    branding, _created = Branding.objects.select_for_update().get_or_create(pk=1)
    fields = ("display_name", "tagline", "primary_colour", "secondary_colour")
    problems = []
    for key in ("primary_colour", "secondary_colour"):
        if key in data and not re.fullmatch(r"#[0-9a-fA-F]{6}", str(data[key])):
            problems.append(_("Colours are written like #0b5cab."))
    if logo is not None and getattr(logo, "size", 0) > 1024 * 1024:
        problems.append(_("The logo must be at most 1 MB."))
    if problems:
        raise ConfigurationError(problems)
    before = {**_row_snapshot(branding, fields), "logo": branding.logo.name}
    for key in fields:
        if key in data:
            setattr(branding, key, str(data[key]).strip())
    if logo is not None:
        branding.logo.save(logo.name, logo, save=False)
    branding.save()
    after = {**_row_snapshot(branding, fields), "logo": branding.logo.name}
    if after != before:
        record_event(
            actor=actor,
            action="configuration.branding.update",
            target=branding,
            before=before,
            after=after,
        )
    forget_branding()
    transaction.on_commit(forget_branding)  # and again, in case a reader cached the old row
    return branding


@transaction.atomic
def set_term(key: str, value: str, *, actor: Actor | User) -> Term:
    key, value = key.strip(), value.strip()
    if not key or not value:
        raise ConfigurationError(_("Give both the word and what it stands for."))
    existing = Term.objects.filter(key=key).first()
    before = existing.value if existing else None
    term, _created = Term.objects.update_or_create(key=key, defaults={"value": value})
    if before != value:
        record_event(
            actor=actor,
            action="configuration.term.set",
            target=term,
            before={"value": before},
            after={"value": value},
        )
    return term
