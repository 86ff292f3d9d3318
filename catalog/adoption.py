"""Bridges between the catalogue (public schema) and a city's configuration.

The catalogue is read here, on the caller's side; the city's configuration services
receive plain content. Provisioning adopts through `adopt_after_build`, inside the
provisioning transaction, so a failed adoption leaves no city behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django_tenants.utils import tenant_context

from catalog.models import TemplateProposal, TemplateVersion
from catalog.services import get_version, submit_proposal, version_content
from core.actors import Actor
from core.audit.services import record_event
from core.configuration import services as configuration
from tenants.services import provision_city

if TYPE_CHECKING:
    from core.accounts.models import User


DEFAULT_TEMPLATE = "surabaya"


def adopt_into_city(city, ref: str = DEFAULT_TEMPLATE, *, actor_label: str = "provisioning"):
    """Copy the template `ref` (e.g. "surabaya@1"; default its latest published) into `city`."""
    version = get_version(ref)
    content = version_content(version)
    actor = Actor.system(actor_label)  # a platform user has no account in the city
    with tenant_context(city):
        from core.revenue.services import adopt_revenue_sources  # optional template section

        adopt_revenue_sources(
            content.get("revenue_sources"),
            version=version.version,
            slug=version.template.slug,
            actor=actor,
        )
        return configuration.adopt_template(
            content, slug=version.template.slug, version=version.version, actor=actor
        )


def adopt_after_build(
    ref: str = DEFAULT_TEMPLATE, *, actor_label: str = "provisioning"
) -> Callable:
    """An `after_build` hook for `tenants.services.provision_city`."""

    def hook(city) -> None:
        adopt_into_city(city, ref, actor_label=actor_label)

    return hook


def provision_with_template(slug: str, *, template: str = DEFAULT_TEMPLATE, **kwargs):
    """`provision_city` that also adopts a model template, all in one transaction."""

    actor = kwargs["actor"]
    return provision_city(
        slug,
        after_build=adopt_after_build(template, actor_label=f"{actor.label}:provisioning"),
        **kwargs,
    )


def ensure_adopted(city, ref: str = DEFAULT_TEMPLATE) -> bool:
    """Adopt `ref` into an existing city that has no configuration yet (seed, old cities).
    Returns True when it adopted."""
    with tenant_context(city):
        if configuration.is_adopted():
            return False
    adopt_into_city(city, ref)
    return True


# ---------------------------------------------------------------- used from a city request
def comparison_for(ref: str):
    """(version, content, changes) comparing the active city with a published template."""
    version = get_version(ref)
    content = version_content(version)
    return version, content, configuration.compare(content, slug=version.template.slug)


def take_from(ref: str, *, keys: Iterable[tuple[str, str]] | None, actor: User):
    version = get_version(ref)
    return configuration.take_items(
        version_content(version),
        slug=version.template.slug,
        version=version.version,
        keys=keys,
        actor=actor,
    )


@transaction.atomic
def propose_from_city(
    city,
    *,
    actor: User,
    target_slug: str,
    title: str,
    changelog: str,
    sections: Iterable[str],
    keys: Mapping[str, Iterable[str]] | None = None,
    attribution: str = "",
) -> TemplateProposal:
    """Offer the active city's configuration (or chosen parts) to the catalogue.

    Runs in the city's connection; the proposal row goes to the public schema's table.
    """
    sections = list(sections)
    meta: dict[str, Any] = {
        "slug": target_slug,
        "title": title,
        "source_city": city.name,
        "attribution": attribution or f"Model {city.name.removeprefix('Kota ').strip()}",
        "changelog": changelog,
    }
    content = configuration.export_content(sections, meta=meta, keys=keys)
    proposal = submit_proposal(
        content,
        city_slug=city.slug,
        city_name=city.name,
        proposed_by=getattr(actor, "full_name", "") or getattr(actor, "username", str(actor)),
        sections=sections,
    )
    record_event(
        actor=actor,
        action="configuration.propose",
        object_type="catalog.templateproposal",
        object_id=proposal.pk,
        after={"target": proposal.target_slug, "title": proposal.title, "sections": sections},
    )
    return proposal


def published_versions() -> list[TemplateVersion]:
    """Every published version, for a city's "compare with" list (public table)."""
    return list(
        TemplateVersion.objects.select_related("template")
        .filter(status="published")
        .order_by("template__slug", "-version")
    )
