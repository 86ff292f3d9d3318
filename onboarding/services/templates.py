"""Model-template adoption for cities created by onboarding (approval and pilots)."""

from __future__ import annotations

from collections.abc import Callable

from core.actors import Actor


def template_adopter(code: str, *, actor: Actor) -> Callable | None:
    """The `after_build` hook that adopts template `code` ("surabaya" or "surabaya@2")
    inside the provisioning transaction, or None when no template was chosen."""
    if not code:
        return None
    from catalog.adoption import adopt_after_build

    return adopt_after_build(code, actor_label=f"{actor.label}:provisioning")
