"""The mentoring plan and log: milestones, meetings with action items, pilot cities
for training, and practices offered both ways."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.roles import Role
from partnerships import rules
from partnerships.models import (
    ActionItem,
    ActionStatus,
    Meeting,
    Member,
    Milestone,
    Partnership,
    PartnershipPilot,
    Practice,
    PracticeStatus,
)
from partnerships.services.common import PartnerActor, audit
from tenants.models import City


def is_member(actor: PartnerActor, p: Partnership, *, mentor: bool | None = None) -> bool:
    if actor.city is None or actor.user_id is None:
        return False
    qs = Member.objects.filter(
        partnership=p, city=actor.city, user_id=actor.user_id, removed_at__isnull=True
    )
    if mentor is not None:
        qs = qs.filter(is_mentor=mentor)
    return qs.exists()


def may_work_on(actor: PartnerActor, p: Partnership) -> bool:
    """Operators, either city's administrators and the partnership's mentors."""
    if actor.is_operator:
        return True
    if actor.city is None or actor.city.pk not in (p.city_a_id, p.city_b_id):
        return False
    return actor.role == Role.CITY_ADMIN or is_member(actor, p, mentor=True)


def _require_open(p: Partnership) -> None:
    if p.status not in rules.OPEN_STATUSES:
        raise ValidationError(_("This partnership has ended."))


def _require_worker(actor: PartnerActor, p: Partnership) -> None:
    if not may_work_on(actor, p):
        raise ValidationError(_("Only the partnership's administrators and mentors may do this."))


@transaction.atomic
def confirm_milestone(m: Milestone, *, actor: PartnerActor, on: date) -> Milestone:
    """Confirm by hand a milestone the data cannot show (or shows late)."""
    m = Milestone.objects.select_for_update().select_related("partnership").get(pk=m.pk)
    p = m.partnership
    _require_worker(actor, p)
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date is in the future.")})
    before = m.confirmed_on.isoformat() if m.confirmed_on else None
    m.confirmed_on = on
    m.confirmed_by_label = actor.label
    m.save(update_fields=["confirmed_on", "confirmed_by_label"])
    audit(
        p,
        actor,
        "milestone_confirmed",
        before={"kind": m.kind, "confirmed_on": before},
        after={"kind": m.kind, "confirmed_on": on.isoformat()},
    )
    return m


@transaction.atomic
def reschedule_milestone(m: Milestone, *, actor: PartnerActor, due_on: date) -> Milestone:
    m = Milestone.objects.select_for_update().select_related("partnership").get(pk=m.pk)
    _require_worker(actor, m.partnership)
    before = m.due_on.isoformat()
    m.due_on = due_on
    m.save(update_fields=["due_on"])
    audit(
        m.partnership,
        actor,
        "milestone_rescheduled",
        before={"kind": m.kind, "due_on": before},
        after={"kind": m.kind, "due_on": due_on.isoformat()},
    )
    return m


@dataclass(frozen=True)
class ActionDraft:
    title: str
    member_id: int
    due_on: date


@transaction.atomic
def record_meeting(
    p: Partnership,
    *,
    actor: PartnerActor,
    kind: str,
    held_on: date,
    minutes: str,
    place: str = "",
    participants: str = "",
    actions: Sequence[ActionDraft] = (),
) -> Meeting:
    """A visit or meeting with its minutes; each action item goes to a member of either
    city (their own city's admin sees it and the assignee closes it)."""
    p = Partnership.objects.select_related("city_a", "city_b").get(pk=p.pk)
    _require_worker(actor, p)
    _require_open(p)
    if not minutes.strip():
        raise ValidationError({"minutes": _("Write the minutes of the meeting.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The date is in the future.")})
    if len(actions) > rules.MEETING_MAX_ACTIONS:
        raise ValidationError(_("At most ten action items per meeting."))
    members = {
        m.pk: m
        for m in Member.objects.filter(partnership=p, removed_at__isnull=True).select_related(
            "city"
        )
    }
    for draft in actions:
        if draft.member_id not in members:
            raise ValidationError(
                {"actions": _("Assign each action to a person in the partnership.")}
            )
        if not draft.title.strip():
            raise ValidationError({"actions": _("Describe each action.")})
    meeting = Meeting.objects.create(
        partnership=p,
        kind=kind,
        held_on=held_on,
        place=place.strip(),
        participants=participants.strip(),
        minutes=minutes.strip(),
        recorded_by_city=actor.city,
        recorded_by_label=actor.label,
    )
    items = [
        ActionItem(
            partnership=p,
            meeting=meeting,
            title=draft.title.strip(),
            assignee_city=members[draft.member_id].city,
            assignee_user_id=members[draft.member_id].user_id,
            assignee_username=members[draft.member_id].username,
            assignee_name=members[draft.member_id].full_name,
            due_on=draft.due_on,
        )
        for draft in actions
    ]
    ActionItem.objects.bulk_create(items)
    audit(
        p,
        actor,
        "meeting_recorded",
        after={
            "meeting": meeting.pk,
            "kind": kind,
            "held_on": held_on.isoformat(),
            "actions": [
                {"title": i.title, "city": i.assignee_city.slug, "to": i.assignee_username}
                for i in items
            ],
        },
    )
    return meeting


def may_close(actor: PartnerActor, item: ActionItem) -> bool:
    if actor.is_operator:
        return True
    if actor.city is None or actor.city.pk != item.assignee_city_id:
        return False
    return actor.user_id == item.assignee_user_id or actor.role == Role.CITY_ADMIN


@transaction.atomic
def close_action(
    item: ActionItem, *, actor: PartnerActor, status: str = ActionStatus.DONE, note: str = ""
) -> ActionItem:
    """The assignee (or their city's administrator) marks an action done or dropped."""
    item = ActionItem.objects.select_for_update().select_related("partnership").get(pk=item.pk)
    if not may_close(actor, item):
        raise ValidationError(_("Only the person assigned or their administrator may close this."))
    if status not in (ActionStatus.DONE, ActionStatus.DROPPED):
        raise ValidationError({"status": _("Choose done or dropped.")})
    if item.status != ActionStatus.OPEN:
        raise ValidationError(_("This action is already closed."))
    item.status = status
    item.closed_at = timezone.now()
    item.closed_by_label = actor.label
    item.note = note.strip()
    item.save(update_fields=["status", "closed_at", "closed_by_label", "note"])
    audit(
        item.partnership,
        actor,
        "action_closed",
        before={"action": item.pk, "status": "open"},
        after={"action": item.pk, "status": status, "note": item.note},
    )
    return item


@transaction.atomic
def link_pilot(p: Partnership, pilot: City, *, actor: PartnerActor) -> PartnershipPilot:
    """A pilot (training) city whose trainees rehearse this adoption."""
    _require_worker(actor, p)
    if not pilot.is_pilot:
        raise ValidationError(_("Choose a pilot city."))
    link, created = PartnershipPilot.objects.get_or_create(
        partnership=p, pilot_city=pilot, defaults={"linked_by_label": actor.label}
    )
    if created:
        audit(p, actor, "pilot_linked", after={"pilot": pilot.slug})
    return link


@transaction.atomic
def offer_practice(
    p: Partnership,
    *,
    actor: PartnerActor,
    title: str,
    description: str = "",
    offered_by: City | None = None,
) -> Practice:
    """A practice offered to the partner city (the adopter's own, for two-way learning)."""
    p = Partnership.objects.select_related("city_a", "city_b").get(pk=p.pk)
    _require_worker(actor, p)
    _require_open(p)
    city = offered_by if actor.is_operator and offered_by else actor.city
    if city is None or city.pk not in (p.city_a_id, p.city_b_id):
        raise ValidationError(_("Name the city that offers this practice."))
    if not title.strip():
        raise ValidationError({"title": _("Name the practice.")})
    practice = Practice.objects.create(
        partnership=p,
        offered_by=city,
        title=" ".join(title.split())[:200],
        description=description.strip(),
        recorded_by_label=actor.label,
    )
    audit(p, actor, "practice_offered", after={"practice": practice.title, "by": city.slug})
    return practice


@transaction.atomic
def set_practice_status(practice: Practice, status: str, *, actor: PartnerActor) -> Practice:
    practice = (
        Practice.objects.select_for_update().select_related("partnership").get(pk=practice.pk)
    )
    _require_worker(actor, practice.partnership)
    if status not in PracticeStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    before = practice.status
    practice.status = status
    practice.save(update_fields=["status", "updated_at"])
    audit(
        practice.partnership,
        actor,
        "practice_status",
        before={"practice": practice.title, "status": before},
        after={"practice": practice.title, "status": status},
    )
    return practice
