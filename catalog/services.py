"""Writes to the model-template catalogue (public schema).

Versions are immutable once published; a change is a new version. Imports arrive
as drafts. Proposals come from cities (written from the city's own connection: the
public schema is on every city's search path) and become versions when an operator
publishes them.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import (
    ModelTemplate,
    ProposalStatus,
    TemplateProposal,
    TemplateVersion,
    VersionStatus,
)
from catalog.rules import builtin_files, format_problems, parse_ref, template_problems
from core.actors import Actor, as_actor
from core.configuration.rules import content_from_items, items_from_content

if TYPE_CHECKING:
    from core.accounts.models import User


class TemplateError(ValidationError):
    """A template operation was refused; `problems` holds (JSON path, reason) pairs."""

    def __init__(self, message, problems: list[tuple[str, str]] | None = None):
        self.problems = problems or []
        super().__init__(message)


def _check(content: Any) -> None:
    problems = template_problems(content)
    if problems:
        raise TemplateError(
            _("The template is invalid (%(count)s problems):\n%(problems)s")
            % {"count": len(problems), "problems": format_problems(problems)},
            problems,
        )


# ---------------------------------------------------------------- reading
def get_version(ref: str, *, published_only: bool = True) -> TemplateVersion:
    """ "surabaya@1" -> that version; "surabaya" -> its latest published version."""
    try:
        slug, number = parse_ref(ref)
    except ValueError as exc:
        raise TemplateError(str(exc)) from exc
    if not ModelTemplate.objects.filter(slug=slug).exists():
        load_builtin_templates()
    versions = TemplateVersion.objects.select_related("template").filter(template__slug=slug)
    if published_only:
        versions = versions.filter(status=VersionStatus.PUBLISHED)
    found = (versions.filter(version=number) if number else versions.order_by("-version")).first()
    if found is None:
        raise TemplateError(_("No published template “%(ref)s”.") % {"ref": ref})
    return found


def version_content(version: TemplateVersion) -> dict[str, Any]:
    """The content as a complete, self-describing file (what `export_template` prints)."""
    content = copy.deepcopy(version.content)
    meta = content.setdefault("template", {})
    meta.update({"slug": version.template.slug, "version": version.version})
    if version.changelog:
        meta["changelog"] = version.changelog
    if version.attribution:
        meta["attribution"] = version.attribution
    return content


def dump(content: Mapping[str, Any]) -> str:
    return json.dumps(content, ensure_ascii=False, indent=1) + "\n"


# ---------------------------------------------------------------- writing versions
@transaction.atomic
def create_version(
    content: Mapping[str, Any],
    *,
    actor: Actor | User,
    status: str = VersionStatus.DRAFT,
    version: int | None = None,
) -> TemplateVersion:
    """Store validated content as a version of its template (numbered next unless given)."""
    _check(content)
    meta = content["template"]
    template, _created = ModelTemplate.objects.get_or_create(
        slug=meta["slug"],
        defaults={
            "title": meta["title"],
            "source_city": meta["source_city"],
            "description": meta.get("description", ""),
        },
    )
    ModelTemplate.objects.select_for_update().filter(pk=template.pk).first()
    number = version or meta.get("version")
    latest = template.versions.aggregate(top=Max("version"))["top"] or 0
    if number is None:
        number = latest + 1
    if template.versions.filter(version=number).exists():
        raise TemplateError(
            _(
                "%(slug)s@%(version)s already exists; versions are never rewritten. "
                "Use version %(next)s."
            )
            % {"slug": template.slug, "version": number, "next": latest + 1}
        )
    stored = copy.deepcopy(dict(content))
    stored["template"] = {**meta, "version": number}
    now = timezone.now()
    published = status == VersionStatus.PUBLISHED
    return TemplateVersion.objects.create(
        template=template,
        version=number,
        status=status,
        content=stored,
        changelog=meta.get("changelog", ""),
        attribution=meta.get("attribution", ""),
        created_by=as_actor(actor).label,
        published_at=now if published else None,
        published_by=as_actor(actor).label if published else "",
    )


def import_template(text: str | bytes, *, actor: Actor | User) -> TemplateVersion:
    """A template file in, as a draft. Refused whole, with every problem, when invalid."""
    try:
        content = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise TemplateError(
            _("The file is not valid JSON: %(error)s") % {"error": exc},
            [("$", f"not valid JSON: {exc}")],
        ) from exc
    return create_version(content, actor=actor, status=VersionStatus.DRAFT)


@transaction.atomic
def publish_version(version: TemplateVersion, *, actor: Actor | User) -> TemplateVersion:
    version = TemplateVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise TemplateError(_("Only a draft can be published."))
    _check(version.content)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = as_actor(actor).label
    version.save(update_fields=["status", "published_at", "published_by"])
    return version


@transaction.atomic
def deprecate_version(version: TemplateVersion, *, actor: Actor | User) -> TemplateVersion:
    version = TemplateVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.PUBLISHED:
        raise TemplateError(_("Only a published version can be deprecated."))
    version.status = VersionStatus.DEPRECATED
    version.save(update_fields=["status"])
    return version


def load_builtin_templates() -> list[TemplateVersion]:
    """Load the templates shipped in catalog/content (idempotent: existing versions are kept)."""
    created = []
    for path in builtin_files():
        content = json.loads(path.read_text(encoding="utf-8"))
        meta = content["template"]
        exists = TemplateVersion.objects.filter(
            template__slug=meta["slug"], version=meta["version"]
        ).exists()
        if not exists:
            created.append(
                create_version(
                    content, actor=Actor.system("builtin"), status=VersionStatus.PUBLISHED
                )
            )
    return created


# ---------------------------------------------------------------- proposals
@transaction.atomic
def submit_proposal(
    content: Mapping[str, Any],
    *,
    city_slug: str,
    city_name: str,
    proposed_by: str,
    sections: Iterable[str],
) -> TemplateProposal:
    """Store a city's proposal in the public catalogue. Called from the city's request."""
    _check(content)
    meta = content["template"]
    return TemplateProposal.objects.create(
        city_slug=city_slug,
        city_name=city_name,
        proposed_by=proposed_by,
        target_slug=meta["slug"],
        title=meta["title"],
        attribution=meta.get("attribution", city_name),
        changelog=meta.get("changelog", ""),
        sections=list(sections),
        content=dict(content),
    )


@transaction.atomic
def publish_proposal(
    proposal: TemplateProposal, *, actor: Actor | User, note: str = ""
) -> TemplateVersion:
    """An operator publishes a proposal as the next version of its target template."""
    proposal = TemplateProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise TemplateError(_("This proposal has already been reviewed."))
    content = _merged_with_latest(proposal)
    version = create_version(content, actor=actor, status=VersionStatus.PUBLISHED)
    proposal.status = ProposalStatus.PUBLISHED
    proposal.reviewed_at = timezone.now()
    proposal.reviewed_by = as_actor(actor).user
    proposal.review_note = note
    proposal.result = version
    proposal.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note", "result"])
    return version


def _merged_with_latest(proposal: TemplateProposal) -> dict[str, Any]:
    """The content a proposal publishes: for an existing template, its latest published
    version with the proposal's items laid over it (same key: replaced; new key: added),
    so a partial proposal never makes a partial version; for a new template, as proposed.
    """
    content = copy.deepcopy(proposal.content)
    content["template"].pop("version", None)
    template = ModelTemplate.objects.filter(slug=proposal.target_slug).first()
    latest = template.latest_published() if template else None
    if latest is None:
        return content
    items = items_from_content(latest.content)
    for section, values in items_from_content(content).items():
        items.setdefault(section, {}).update(values)
    meta = {
        **{k: v for k, v in latest.content["template"].items() if k != "version"},
        "attribution": proposal.attribution,
        "changelog": proposal.changelog,
    }
    merged = content_from_items(items, meta)
    note = latest.content.get("calendar", {}).get("note")
    if note and "calendar" in merged:
        merged["calendar"]["note"] = note
    return merged


@transaction.atomic
def reject_proposal(
    proposal: TemplateProposal, *, actor: Actor | User, note: str
) -> TemplateProposal:
    proposal = TemplateProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise TemplateError(_("This proposal has already been reviewed."))
    if not note.strip():
        raise TemplateError(_("Say why the proposal is rejected."))
    proposal.status = ProposalStatus.REJECTED
    proposal.reviewed_at = timezone.now()
    proposal.reviewed_by = as_actor(actor).user
    proposal.review_note = note.strip()
    proposal.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    return proposal
