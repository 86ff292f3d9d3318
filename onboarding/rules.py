"""Onboarding rules: pure functions over plain data (no models, no database).

The go-live checklist, stalled-implementation alerts, benchmark anonymity and the
trend-chart geometry are all decided here, so the console, the city's own page and
the tests agree on one definition.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from core.formats import share

INVITATION_DAYS = 14
SUPPORT_MINUTES_DEFAULT = 60
SUPPORT_MINUTES_MAX = 240
PILOT_MIN_POPULATION, PILOT_MAX_POPULATION = 100, 20_000
PILOT_MAX_HISTORY_DAYS = 90
PILOT_DEFAULT_DAYS = 30  # a pilot lives this long unless the trainer chooses
PILOT_ARCHIVE_AFTER_DAYS = 30  # suspended this long after expiry, it is archived
BENCHMARK_MIN_CITIES = 5

# Checklist thresholds: when an item counts as done.
ACTIVATED_SHARE_DONE = 0.8
SUPERVISED_SHARE_DONE = 0.9
IMPORTED_SHARE_DONE = 0.9  # ASN imported relative to the city's own estimate

# Stalled-implementation alert thresholds (issue 7: "under 50% activated 30 days after go-live").
STALLED_ACTIVATED_SHARE = 0.5
STALLED_AFTER_DAYS = 30
INACTIVE_SHARE = 0.2  # under this share logged work in the last 7 days
BACKLOG_PER_ASN = 2.0  # more unverified entries per ASN than this
SLOW_VERIFICATION_HOURS = 72


def normalise_name(name: str) -> str:
    """`"  KOTA   Jambi "` -> `"kota jambi"`: how duplicate applications are recognised."""
    return re.sub(r"\s+", " ", name).strip().casefold()


# ---------------------------------------------------------------- checklist
@dataclass(frozen=True)
class ChecklistFacts:
    """What the checklist is measured from (counts read from the city's schema)."""

    configuration_reviewed: bool
    org_units: int
    positions: int
    employees: int
    estimated_asn: int | None
    accounts_activated: int
    employees_with_position: int
    employees_with_supervisor: int
    periods_opened: int
    training_sessions: int
    adopted_template: str = ""  # "surabaya@1" when a model template was adopted


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool
    detail: str
    share: float | None = None  # progress 0..1 where it is measured as a share
    link: str = ""  # where the item is done (set by the page that shows the checklist)


# Where each checklist item is done, on the city's own host ("" when it is not done
# there: training sessions are recorded by platform staff).
CHECKLIST_PATHS = {
    "configuration": "/configuration/",
    "org_units": "/organisation/",
    "positions": "/organisation/positions/",
    "asn": "/people/import/",
    "activated": "/people/activation-letters/",
    "supervisors": "/organisation/positions/",
    "first_month": "/work/periods/",
    "training": "",
}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def evaluate_checklist(facts: ChecklistFacts) -> list[ChecklistItem]:
    """The go-live checklist, in the order a city works through it."""
    imported_share = (
        min(1.0, facts.employees / facts.estimated_asn)
        if facts.estimated_asn
        else (1.0 if facts.employees else None)
    )
    activated = _share(facts.accounts_activated, facts.employees)
    # The top of each chain (the mayor's secretary, heads with no superior) has no
    # supervisor, so the share is taken over people who hold a position.
    supervised = _share(facts.employees_with_supervisor, facts.employees_with_position)
    return [
        ChecklistItem(
            "configuration",
            str(_("Configuration reviewed")),
            facts.configuration_reviewed,
            " · ".join(
                part
                for part in (
                    facts.adopted_template,
                    str(_("Confirmed by the city administrator"))
                    if facts.configuration_reviewed
                    else str(_("Not yet confirmed")),
                )
                if part
            ),
        ),
        ChecklistItem(
            "org_units",
            str(_("Organisation units imported")),
            facts.org_units > 0,
            str(facts.org_units),
        ),
        ChecklistItem(
            "positions", str(_("Positions imported")), facts.positions > 0, str(facts.positions)
        ),
        ChecklistItem(
            "asn",
            str(_("ASN imported")),
            imported_share is not None and imported_share >= IMPORTED_SHARE_DONE,
            f"{facts.employees}" + (f" / {facts.estimated_asn}" if facts.estimated_asn else ""),
            imported_share,
        ),
        ChecklistItem(
            "activated",
            str(_("Accounts activated")),
            activated is not None and activated >= ACTIVATED_SHARE_DONE,
            share(activated),
            activated,
        ),
        ChecklistItem(
            "supervisors",
            str(_("Supervisors assigned")),
            supervised is not None and supervised >= SUPERVISED_SHARE_DONE,
            share(supervised),
            supervised,
        ),
        ChecklistItem(
            "first_month",
            str(_("First month opened")),
            facts.periods_opened > 0,
            str(facts.periods_opened),
        ),
        ChecklistItem(
            "training",
            str(_("Training sessions held")),
            facts.training_sessions > 0,
            str(facts.training_sessions),
        ),
    ]


def checklist_progress(items: list[ChecklistItem]) -> float:
    return sum(item.done for item in items) / len(items) if items else 0.0


# ---------------------------------------------------------------- alerts
@dataclass(frozen=True)
class MetricFacts:
    asn_count: int
    accounts_activated: int
    active_last_7_days: int
    verification_backlog: int
    median_verification_hours: float | None
    months_opened: int


def implementation_alerts(facts: MetricFacts, *, live_since: date | None, today: date) -> list[str]:
    """Why an implementation looks stalled; empty when it looks healthy."""
    if live_since is None:
        return []
    days_live = (today - live_since).days
    alerts: list[str] = []
    if days_live < STALLED_AFTER_DAYS:
        return alerts
    if facts.asn_count == 0:
        alerts.append(str(_("No ASN imported %(days)d days after go-live.") % {"days": days_live}))
        return alerts
    activated = facts.accounts_activated / facts.asn_count
    if activated < STALLED_ACTIVATED_SHARE:
        alerts.append(
            str(
                _("Only %(share)s of accounts activated %(days)d days after go-live.")
                % {"share": share(activated), "days": days_live}
            )
        )
    if facts.months_opened == 0:
        alerts.append(str(_("No performance month opened yet.")))
    elif facts.active_last_7_days / facts.asn_count < INACTIVE_SHARE:
        alerts.append(
            str(
                _("Few ASN logged work in the last 7 days (%(share)s).")
                % {"share": share(facts.active_last_7_days / facts.asn_count)}
            )
        )
    if facts.verification_backlog > BACKLOG_PER_ASN * facts.asn_count:
        alerts.append(
            str(_("Verification backlog of %(n)d entries.") % {"n": facts.verification_backlog})
        )
    if (facts.median_verification_hours or 0) > SLOW_VERIFICATION_HOURS:
        alerts.append(
            str(
                _("Supervisors take %(hours).0f hours (median) to verify.")
                % {"hours": facts.median_verification_hours}
            )
        )
    return alerts


# ---------------------------------------------------------------- benchmarks
@dataclass(frozen=True)
class Benchmark:
    contributors: int
    median: float
    low_quartile: float
    high_quartile: float


def benchmark(
    values: list[float | None], *, minimum: int = BENCHMARK_MIN_CITIES
) -> Benchmark | None:
    """An anonymised aggregate, or None when fewer than `minimum` cities contribute
    (with fewer, a figure could be traced back to one city)."""
    present = sorted(v for v in values if v is not None)
    if len(present) < minimum:
        return None
    quartiles = statistics.quantiles(present, n=4, method="inclusive")
    return Benchmark(len(present), statistics.median(present), quartiles[0], quartiles[2])


# ---------------------------------------------------------------- trend charts
def sparkline(
    values: list[float | None], *, width: int = 240, height: int = 60, top: float | None = None
) -> str:
    """SVG polyline points for `values` (None is drawn as 0), scaled to the box."""
    if not values:
        return ""
    numbers = [v or 0.0 for v in values]
    ceiling = top if top is not None else max(numbers) or 1.0
    step = width / max(len(numbers) - 1, 1)
    points = []
    for index, value in enumerate(numbers):
        y = height - (min(value, ceiling) / ceiling) * height
        points.append(f"{index * step:.1f},{y:.1f}")
    return " ".join(points)


# ---------------------------------------------------------------- pilots
def pilot_size_problem(population: int, history_days: int) -> str | None:
    if not PILOT_MIN_POPULATION <= population <= PILOT_MAX_POPULATION:
        return str(
            _("A pilot city has %(min)d to %(max)d ASN.")
            % {"min": PILOT_MIN_POPULATION, "max": PILOT_MAX_POPULATION}
        )
    if not 0 <= history_days <= PILOT_MAX_HISTORY_DAYS:
        return str(_("Activity history is 0 to %(max)d days.") % {"max": PILOT_MAX_HISTORY_DAYS})
    return None
