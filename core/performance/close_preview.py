"""What closing a month would freeze, computed without writing anything.

The preview runs the close's own computation (`services.closing.month_preview`, which is
`results.compute_month` over everyone not yet frozen in scope) and reads off it what the
administrator must see before freezing: people per predicate, the TPP total, the people
who would receive Rp0 and why, the distribution-curve check of each OPD (the talent
rules' `check_distribution`, against the organisation predicate set for the OPD's
assessment round) and the blockers by name, each with where to resolve it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone

from core.labels import predicate_label
from core.organisation.models import OrgUnit
from core.people.hierarchy import supervisor_params, supervisor_sql
from core.people.models import Employee
from core.performance.models import ActivityEntry, EntryStatus, MonthlyResult, Period, UnitClosure
from core.performance.periods import month_bounds
from core.performance.results import PersonMonth
from core.performance.rules import PREDICATE_ORDER
from core.performance.services.closing import Blockers, month_preview
from core.talent.labels import ORG_PREDICATE_LABELS, describe_violation
from core.talent.models import AssessmentRound
from core.talent.policy import talent_policy
from core.talent.rules import OrgPredicate, check_distribution

# How many people a preview names per list; the rest are counted.
NAMED = 50

BLOCKER_REASONS = ("unverified", "behaviour", "attendance")


@dataclass(frozen=True)
class Person:
    """A person the preview names: who, where, and who can resolve what blocks them."""

    employee_id: int
    name: str
    nip: str
    opd: str
    reason: str  # a blocker reason, or why the TPP is Rp0 ("full_cut", "cuts", "no_base")
    waiting: int = 0  # entries waiting for verification
    supervisor_id: int | None = None
    supervisor: str = ""


@dataclass(frozen=True)
class CurveCheck:
    """One OPD's predicates against the distribution rules of its organisation predicate."""

    opd_id: int
    opd: str
    people: int
    predicates: dict[str, int]
    org_predicate: str  # "" when the OPD has no organisation predicate for this month yet
    violations: list[str]  # sentences (core.talent.labels.describe_violation)

    @property
    def checked(self) -> bool:
        return bool(self.org_predicate)


@dataclass
class ClosePreview:
    """Everything a close of `year`/`month` (city-wide, or one OPD) would freeze."""

    year: int
    month: int
    opd_id: int | None
    ended: bool  # the month's last day has passed: the close is allowed by date
    closed: bool  # already closed in this scope
    people: int = 0
    tpp_paid: int = 0
    predicates: dict[str, int] = field(default_factory=dict)
    zero_tpp: int = 0
    zero_people: list[Person] = field(default_factory=list)
    unverified_entries: int = 0
    blocked: dict[str, list[Person]] = field(default_factory=dict)  # reason -> named people
    blocked_counts: dict[str, int] = field(default_factory=dict)
    curve: list[CurveCheck] = field(default_factory=list)

    @property
    def blockers_any(self) -> bool:
        return any(self.blocked_counts.values())

    @property
    def curve_violations(self) -> int:
        return sum(len(c.violations) for c in self.curve)

    @property
    def can_close(self) -> bool:
        return self.ended and not self.closed and not self.blockers_any and self.people > 0

    @property
    def fingerprint(self) -> str:
        """A short digest of what would be frozen; the confirmation must carry it, so a
        close freezes what the administrator saw (or is sent back to look again)."""
        seen = f"{self.year}-{self.month}:{self.opd_id}:{self.people}:{self.tpp_paid}:" + ",".join(
            f"{k}={v}" for k, v in sorted(self.predicates.items())
        )
        return hashlib.sha256(seen.encode()).hexdigest()[:16]

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "month": self.month,
            "opd": self.opd_id,
            "ended": self.ended,
            "closed": self.closed,
            "can_close": self.can_close,
            "fingerprint": self.fingerprint,
            "people": self.people,
            "tpp_paid": self.tpp_paid,
            "predicates": self.predicates,
            "predicate_labels": {code: predicate_label(code) for code in self.predicates},
            "zero_tpp": self.zero_tpp,
            "zero_people": [_person_dict(p) for p in self.zero_people],
            "unverified_entries": self.unverified_entries,
            "blockers": self.blocked_counts,
            "blocked": {
                reason: [_person_dict(p) for p in people] for reason, people in self.blocked.items()
            },
            "curve": [
                {
                    "opd": c.opd_id,
                    "name": c.opd,
                    "people": c.people,
                    "predicates": c.predicates,
                    "org_predicate": c.org_predicate,
                    "checked": c.checked,
                    "violations": c.violations,
                }
                for c in self.curve
            ],
        }


def _person_dict(person: Person) -> dict:
    return {
        "employee": person.employee_id,
        "name": person.name,
        "nip": person.nip,
        "opd": person.opd,
        "reason": person.reason,
        "waiting": person.waiting,
        "supervisor": person.supervisor_id,
        "supervisor_name": person.supervisor,
    }


def zero_reason(person: PersonMonth) -> str | None:
    """Why a person's TPP would be Rp0, or None when it is not."""
    values = person.values
    if values["tpp_paid"]:
        return None
    if not values["tpp_base"]:
        return "no_base"  # no TPP base for the kelas jabatan (or no kelas)
    codes = {line["code"] for line in values["tpp_lines"]}
    if "full_cut" in codes:
        return "full_cut"  # result score below the minimum
    return "cuts"  # attendance and discipline cuts reached the whole allowance


def close_preview(
    period: Period, *, opd_id: int | None = None, today: date | None = None
) -> ClosePreview:
    """The preview of closing `period` in scope (the city, or one OPD). Reads only."""
    today = today or timezone.localdate()
    closed = period.is_closed or (
        opd_id is not None
        and UnitClosure.objects.filter(period_id=period.pk, opd_id=opd_id).exists()
    )
    preview = ClosePreview(
        year=period.year,
        month=period.month,
        opd_id=opd_id,
        ended=today > month_bounds(period.year, period.month)[1],
        closed=closed,
    )
    if closed:
        return preview
    people, blockers = month_preview(period, opd_id=opd_id)
    predicates = Counter(p.values["predicate"] for p in people)
    preview.people = len(people)
    preview.tpp_paid = sum(p.values["tpp_paid"] for p in people)
    preview.predicates = {p.value: predicates.get(p.value, 0) for p in PREDICATE_ORDER}
    zero = [(p.employee_id, reason) for p in people if (reason := zero_reason(p))]
    preview.zero_tpp = len(zero)
    preview.unverified_entries = blockers.unverified_entries
    preview.blocked_counts = {r: len(blockers.people.get(r, [])) for r in BLOCKER_REASONS}
    named = _named(period, blockers, zero[:NAMED], {p.employee_id: p.opd_id for p in people})
    preview.zero_people = named["zero"]
    preview.blocked = {r: named[r] for r in BLOCKER_REASONS}
    preview.curve = _curve(period, people)
    return preview


def _named(
    period: Period, blockers: Blockers, zero: list[tuple[int, str]], opd_of: dict[int, int | None]
) -> dict[str, list[Person]]:
    """The first NAMED people of each list, with names, OPD and supervisor, in a few
    queries whatever their number."""
    lists: dict[str, list[tuple[int, str]]] = {
        reason: [(e, reason) for e in blockers.people.get(reason, [])[:NAMED]]
        for reason in BLOCKER_REASONS
    }
    lists["zero"] = zero
    ids = {e for items in lists.values() for e, _r in items}
    if not ids:
        return {key: [] for key in lists}
    employees = {e.pk: e for e in Employee.objects.filter(pk__in=ids).only("pk", "name", "nip")}
    opd_names = dict(
        OrgUnit.objects.filter(pk__in={opd_of.get(e) for e in ids} - {None}).values_list(
            "pk", "name"
        )
    )
    waiting = _waiting(period, [e for e, _r in lists["unverified"]])
    bosses = _supervisors(
        [e for key in ("unverified", "behaviour") for e, _r in lists[key]],
        month_bounds(period.year, period.month)[1],
    )
    boss_names = dict(
        Employee.objects.filter(pk__in=set(bosses.values()) - {None}).values_list("pk", "name")
    )
    result: dict[str, list[Person]] = {}
    for key, items in lists.items():
        people = []
        for employee_id, reason in items:
            employee = employees.get(employee_id)
            boss = bosses.get(employee_id)
            people.append(
                Person(
                    employee_id=employee_id,
                    name=employee.name if employee else "",
                    nip=employee.nip if employee else "",
                    opd=opd_names.get(opd_of.get(employee_id) or 0, ""),
                    reason=reason,
                    waiting=waiting.get(employee_id, 0),
                    supervisor_id=boss,
                    supervisor=boss_names.get(boss, "") if boss else "",
                )
            )
        people.sort(key=lambda p: (p.opd, p.name))
        result[key] = people
    return result


def _waiting(period: Period, employee_ids: list[int]) -> dict[int, int]:
    if not employee_ids:
        return {}
    start, end = month_bounds(period.year, period.month)
    return dict(
        ActivityEntry.objects.filter(
            employee_id__in=employee_ids, day__range=(start, end), status=EntryStatus.SUBMITTED
        )
        .values_list("employee_id")
        .annotate(n=Count("id"))
        .values_list("employee_id", "n")
    )


def _supervisors(employee_ids: list[int], day: date) -> dict[int, int | None]:
    """employee id -> the supervisor who verifies and rates them, in one statement
    (core.people.hierarchy's supervisor SQL run laterally for each person)."""
    if not employee_ids:
        return {}
    params = supervisor_params(0, day)
    inner = supervisor_sql().replace("%(employee)s", "who.id")
    sql = (
        "SELECT who.id, boss.holder FROM unnest(%(ids)s::bigint[]) AS who(id) "
        f"LEFT JOIN LATERAL ({inner}) AS boss ON true"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "ids": list(employee_ids)})
        return dict(cursor.fetchall())


class RatedPerson(Protocol):
    """What the curve check reads of a person: the OPD and the month's predicate."""

    @property
    def opd_id(self) -> int | None: ...

    @property
    def values(self) -> Mapping[str, Any]: ...


def _curve(period: Period, people: Sequence[RatedPerson]) -> list[CurveCheck]:
    """Each OPD's predicates against the distribution rules of its organisation predicate,
    set on the OPD's assessment round covering this month (unchecked without one)."""

    by_opd: dict[int, list[str]] = {}
    for person in people:
        if person.opd_id is not None:
            by_opd.setdefault(person.opd_id, []).append(person.values["predicate"])
    if not by_opd:
        return []
    org_predicates = dict(
        AssessmentRound.objects.filter(
            opd_id__in=list(by_opd),
            year=period.year,
            first_month__lte=period.month,
            last_month__gte=period.month,
        )
        .exclude(org_predicate="")
        .order_by("opd_id", "first_month")  # the round starting latest (narrowest) wins
        .values_list("opd_id", "org_predicate")
    )
    rules = talent_policy(period.year, period.month).distribution_rules
    names = dict(OrgUnit.objects.filter(pk__in=list(by_opd)).values_list("pk", "name"))
    checks = []
    for opd_id, predicates in by_opd.items():
        org = org_predicates.get(opd_id, "")
        violations = (
            [
                describe_violation(v)
                for v in check_distribution(predicates, rules.get(OrgPredicate(org), ()))
            ]
            if org
            else []
        )
        counts = Counter(predicates)
        checks.append(
            CurveCheck(
                opd_id=opd_id,
                opd=names.get(opd_id, ""),
                people=len(predicates),
                predicates={p.value: counts.get(p.value, 0) for p in PREDICATE_ORDER},
                org_predicate=str(ORG_PREDICATE_LABELS[OrgPredicate(org)]) if org else "",
                violations=violations,
            )
        )
    checks.sort(key=lambda c: (not c.violations, c.opd))
    return checks


def frozen_summary(period: Period, *, opd_id: int | None = None) -> dict:
    """What a close froze (in scope): people, people per predicate, TPP total, Rp0."""

    results = MonthlyResult.objects.filter(period_id=period.pk)
    if opd_id is not None:
        results = results.filter(opd_id=opd_id)
    totals = results.aggregate(
        n=Count("id"), paid=Sum("tpp_paid"), zero=Count("id", filter=Q(tpp_paid=0))
    )
    counts = dict(results.values_list("predicate").annotate(n=Count("id")))
    return {
        "people": totals["n"],
        "tpp_paid": totals["paid"] or 0,
        "zero_tpp": totals["zero"],
        "predicates": {p.value: counts.get(p.value, 0) for p in PREDICATE_ORDER},
    }
