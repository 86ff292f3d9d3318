"""Pure rules of partnerships: valid role pairs, status moves, milestone states,
a partnership's stage and lateness. Plain data in, plain data out (no models)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

MENTOR, ADOPTER, BOTH = "mentor", "adopter", "both"
MENTORING = frozenset({MENTOR, BOTH})
ADOPTING = frozenset({ADOPTER, BOTH})

DRAFT, ACTIVE, COMPLETED, ENDED = "draft", "active", "completed", "ended"
OPEN_STATUSES = frozenset({DRAFT, ACTIVE})
# Allowed status moves: acceptance activates a draft; an active partnership completes
# (its plan done) or ends early; a draft may be withdrawn (ended).
TRANSITIONS = {
    DRAFT: frozenset({ACTIVE, ENDED}),
    ACTIVE: frozenset({COMPLETED, ENDED}),
    COMPLETED: frozenset(),
    ENDED: frozenset(),
}

# The standard mentoring plan, in the order an adoption goes, with the default months
# after the start each is due. Each is measured from data where it can be.
MILESTONE_PLAN = (
    ("training_done", 1),
    ("pilot_run", 2),
    ("go_live", 4),
    ("first_month_closed", 5),
    ("first_annual_assessment", 13),
)
MEASURED_KINDS = frozenset(kind for kind, _months in MILESTONE_PLAN)
DUE_SOON_DAYS = 14
MEETING_MAX_ACTIONS = 10


def roles_problem(role_a: str, role_b: str) -> str | None:
    """Why two roles cannot form a partnership, or None: someone must mentor and
    someone must adopt, each from the other."""
    valid = {MENTOR, ADOPTER, BOTH}
    if role_a not in valid or role_b not in valid:
        return _("Choose each city's role.")
    if not (
        (role_a in MENTORING and role_b in ADOPTING) or (role_b in MENTORING and role_a in ADOPTING)
    ):
        return _("One city must mentor and the other adopt.")
    return None


def mentors_of(role_a: str, role_b: str) -> tuple[bool, bool]:
    """(side A mentors side B, side B mentors side A)."""
    return role_a in MENTORING and role_b in ADOPTING, role_b in MENTORING and role_a in ADOPTING


def transition_problem(current: str, new: str) -> str | None:
    if new not in TRANSITIONS.get(current, frozenset()):
        return _("This partnership cannot move from %(current)s to %(new)s.") % {
            "current": current,
            "new": new,
        }
    return None


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def default_plan(starts_on: date) -> list[tuple[str, date]]:
    return [(kind, add_months(starts_on, months)) for kind, months in MILESTONE_PLAN]


@dataclass(frozen=True)
class MilestoneState:
    state: str  # "done", "late", "due_soon", "open"
    done_on: date | None
    source: str  # "data", "hand" or ""
    days_late: int


def milestone_state(
    due_on: date, *, measured_on: date | None, confirmed_on: date | None, today: date
) -> MilestoneState:
    """A milestone is done when the data shows it or someone confirmed it (the earlier
    date counts); otherwise late after its due date, due soon within two weeks."""
    dates = [(d, s) for d, s in ((measured_on, "data"), (confirmed_on, "hand")) if d]
    if dates:
        done_on, source = min(dates)
        late = max(0, (done_on - due_on).days)
        return MilestoneState("done", done_on, source, late)
    if today > due_on:
        return MilestoneState("late", None, "", (today - due_on).days)
    if (due_on - today).days <= DUE_SOON_DAYS:
        return MilestoneState("due_soon", None, "", 0)
    return MilestoneState("open", None, "", 0)


def first_day(series: Iterable[tuple[date, bool]]) -> date | None:
    """The first day on which a measured condition held (series in any order)."""
    days = [day for day, held in series if held]
    return min(days) if days else None


@dataclass(frozen=True)
class Stage:
    reached: str  # the last milestone kind done in plan order, "" for none
    days_late: int  # the worst lateness of an open milestone or action
    late_items: int


def stage(
    milestones: Iterable[tuple[str, MilestoneState]], overdue_action_days: Iterable[int]
) -> Stage:
    order = {kind: i for i, (kind, _months) in enumerate(MILESTONE_PLAN)}
    reached, best = "", -1
    late, worst = 0, 0
    for kind, state in milestones:
        if state.state == "done" and order.get(kind, -1) > best:
            reached, best = kind, order[kind]
        if state.state == "late":
            late += 1
            worst = max(worst, state.days_late)
    for days in overdue_action_days:
        late += 1
        worst = max(worst, days)
    return Stage(reached, worst, late)


def share(part: int | None, whole: int | None) -> float | None:
    return part / whole if whole and part is not None else None


def practice_matches(query: str, names: Iterable[str]) -> bool:
    """Whether a mentor-search query names one of a partnership's practices."""
    needle = " ".join(query.casefold().split())
    return bool(needle) and any(needle in " ".join(name.casefold().split()) for name in names)


def parse_practices(text: str) -> list[str]:
    """ "river tourism; e-budgeting\\nSmart parking" -> three names, duplicates dropped."""
    names: list[str] = []
    for part in text.replace(";", "\n").replace(",", "\n").splitlines():
        name = " ".join(part.split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name[:80])
    return names
