"""The city screen's panels: read models over the counters and the month snapshot.

Queries only (the snapshot refresh writes derived data, never performance data). The
page, its htmx fragments, the API and the weekly PDF all call these functions, so they
show the same numbers. The month's per-OPD figures are `dashboards.opd_summary` over
`dashboards.month_rows` (THE function of the OPD and personal pages), stored per OPD by
`refresh_month` so a refresh of the screen never recomputes a 20,000-person month.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from core.command import rules
from core.command.models import CommandSettings, HourCounter, OpdMonth, PersonDay, TppBudget

CITY = -1  # the OpdMonth row holding the city's totals
STALE_AFTER = timedelta(minutes=5)  # the scheduled refresh runs every 5 minutes


# ---------------------------------------------------------------- settings
def settings_of() -> CommandSettings:
    found = CommandSettings.objects.order_by("pk").first()
    return found or CommandSettings()


def budget_of(year: int) -> TppBudget | None:
    return TppBudget.objects.filter(year=year).first()


# ---------------------------------------------------------------- month snapshot
def refresh_month(year: int, month: int, today: date | None = None) -> datetime:
    """Recompute and store every OPD's month (and the city's) from `month_rows`."""
    from core.performance import dashboards
    from core.performance.close_preview import _curve
    from core.performance.periods import find_period

    today = today or timezone.localdate()
    basis, rows = dashboards.month_rows(year, month, today)
    by_opd: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_opd[row["opd_id"] or 0].append(row)
    people = [
        SimpleNamespace(opd_id=r["opd_id"], values={"predicate": r["predicate"]}) for r in rows
    ]
    curves = {c.opd_id: c for c in _curve(find_period(year, month), people)}
    now = timezone.now()
    silent_since: date | None = None
    silent: dict[int, tuple[int, list]] = {}
    if (year, month) == (today.year, today.month):
        silent_since, silent = silent_people(today, settings_of().silent_days)
    objects = []
    for opd_id, opd_rows in by_opd.items():
        summary = dashboards.opd_summary(opd_rows)
        curve = curves.get(opd_id)
        summary["org_predicate"] = curve.org_predicate if curve else ""
        summary["violations"] = list(curve.violations) if curve else []
        summary["frozen"] = all(r["frozen"] for r in opd_rows)
        if opd_id in silent and silent_since is not None:
            count, ids = silent[opd_id]
            summary["silent"] = {"people": count, "ids": ids, "since": silent_since.isoformat()}
        objects.append(OpdMonth(year=year, month=month, opd_id=opd_id, figures=_plain(summary)))
    totals = dashboards.opd_summary(rows) | {
        "basis": _basis_json(basis),
        **_closed_before(year, month),
    }
    objects.append(OpdMonth(year=year, month=month, opd_id=CITY, figures=_plain(totals)))
    for obj in objects:
        obj.computed_at = now
    with transaction.atomic():
        OpdMonth.objects.filter(year=year, month=month).delete()
        OpdMonth.objects.bulk_create(objects)
    return now


def _closed_before(year: int, month: int) -> dict[str, Any]:
    """TPP paid in the closed months of the year before `month`, and which months those are."""
    from core.performance.models import MonthlyResult

    rows = (
        MonthlyResult.objects.filter(period__year=year, period__month__lt=month)
        .values("period__month")
        .annotate(paid=Sum("tpp_paid"))
    )
    by_month = {r["period__month"]: r["paid"] or 0 for r in rows}
    return {"paid_before": sum(by_month.values()), "closed_before": sorted(by_month)}


def _plain(value):
    """JSON-safe figures: Decimals become numbers (percentages and averages)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _basis_json(basis) -> dict:
    data = basis.as_dict()
    data["last_counted"] = basis.last_counted.isoformat() if basis.last_counted else None
    return data


def month_figures(year: int, month: int) -> dict:
    """{"opds": {opd id: figures}, "totals": figures, "computed_at": datetime}; computed
    on the spot the first time a month is asked for."""
    stored = list(OpdMonth.objects.filter(year=year, month=month))
    if not stored:
        refresh_month(year, month)
        stored = list(OpdMonth.objects.filter(year=year, month=month))
    opds = {o.opd_id: o.figures for o in stored if o.opd_id != CITY}
    totals: dict = next((o.figures for o in stored if o.opd_id == CITY), {})
    computed_at = max((o.computed_at for o in stored), default=timezone.now())
    return {"opds": opds, "totals": totals, "computed_at": computed_at}


def snapshot_stamp(year: int, month: int) -> str:
    stamp = (
        OpdMonth.objects.filter(year=year, month=month, opd_id=CITY)
        .values_list("computed_at", flat=True)
        .first()
    )
    return stamp.isoformat() if stamp else ""


def _names(opd_ids) -> dict[int, str]:
    from core.organisation.models import OrgUnit

    return dict(OrgUnit.objects.filter(pk__in=list(opd_ids)).values_list("pk", "name"))


# ---------------------------------------------------------------- today
def today_panel(now: datetime | None = None) -> dict:
    """Who logged by hour today against the median of the same weekday of the last four
    weeks, entries and minutes, minutes verified; per OPD the people who logged."""
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    days = [today, *rules.same_weekdays(today)]
    by_day_hour: dict[date, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    by_opd: dict[int, int] = defaultdict(int)
    totals = {"entries": 0, "minutes": 0, "approved_minutes": 0, "people": 0}
    for day, opd_id, hour, people, entries, minutes, approved in (
        HourCounter.objects.filter(day__in=days)
        .values_list("day", "opd_id", "hour")
        .annotate(p=Sum("people"), e=Sum("entries"), m=Sum("minutes"), a=Sum("approved_minutes"))
        .values_list("day", "opd_id", "hour", "p", "e", "m", "a")
    ):
        by_day_hour[day][hour] += people
        if day == today:
            by_opd[opd_id] += people
            totals["people"] += people
            totals["entries"] += entries
            totals["minutes"] += minutes
            totals["approved_minutes"] += approved
    curves = [rules.cumulative(by_day_hour[d]) for d in days[1:] if by_day_hour.get(d)]
    usual = rules.median_curve(curves)
    current = rules.cumulative(by_day_hour.get(today, {}))
    shown = [v if h <= now.hour else None for h, v in zip(rules.HOURS, current, strict=True)]
    return {
        "now": now,
        "hours": [f"{h:02d}" for h in rules.HOURS],
        "today": shown,
        "usual": usual,
        "usual_weeks": len(curves),
        **totals,
        "by_opd": dict(by_opd),
        "table": [
            {"hour": f"{h:02d}.00", "today": t, "usual": u}
            for h, t, u in zip(rules.HOURS, shown, usual or _no_curve(), strict=True)
        ],
    }


def _no_curve() -> list[float | None]:
    return [None] * len(rules.HOURS)


def backlog(today: date | None = None) -> dict:
    """Entries waiting for verification (this month and last) and how old they are."""
    today = today or timezone.localdate()
    since = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    waiting = F("entries") - F("approved_entries") - F("rejected_entries")
    rows = (
        HourCounter.objects.filter(day__gte=since)
        .values_list("day", "opd_id")
        .annotate(n=Sum(waiting))
        .filter(n__gt=0)
        .values_list("day", "opd_id", "n")
    )
    total, ages = 0, {"0-1": 0, "2-3": 0, "4+": 0}
    by_opd: defaultdict[int, int] = defaultdict(int)
    oldest = None
    for day, opd_id, n in rows:
        total += n
        by_opd[opd_id] += n
        age = (today - day).days
        ages["0-1" if age <= 1 else "2-3" if age <= 3 else "4+"] += n
        oldest = day if oldest is None or day < oldest else oldest
    return {
        "waiting": total,
        "by_opd": dict(by_opd),
        "ages": ages,
        "oldest_day": oldest,
        "oldest_days": (today - oldest).days if oldest else 0,
    }


# ---------------------------------------------------------------- this month
def month_light(year: int, month: int) -> dict:
    """The month's OPD figures with names, without the day-by-day trend (alerts, PDF)."""
    figures = month_figures(year, month)
    names = _names(figures["opds"])
    opds = [{"opd_id": o, "name": names.get(o, "-")} | f for o, f in figures["opds"].items()]
    opds.sort(key=lambda r: (-r["progress_pct"], r["name"]))
    return {"year": year, "month": month, "opds": opds} | {
        k: figures[k] for k in ("totals", "computed_at")
    }


def month_panel(year: int, month: int, today: date | None = None) -> dict:
    """Every OPD's month (people, workload progress, score, predicates, TPP) from the
    snapshot, with its verified minutes day by day from the counters."""
    from core.performance.periods import month_bounds

    today = today or timezone.localdate()
    figures = month_figures(year, month)
    start, end = month_bounds(year, month)
    end = min(end, today) if (year, month) == (today.year, today.month) else end
    trend: dict[int, dict[date, int]] = defaultdict(dict)
    city_days: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for opd_id, day, minutes, people in (
        HourCounter.objects.filter(day__range=(start, end))
        .values_list("opd_id", "day")
        .annotate(m=Sum("approved_minutes"), p=Sum("people"))
        .values_list("opd_id", "day", "m", "p")
    ):
        trend[opd_id][day] = minutes
        city_days[day][0] += people
        city_days[day][1] += minutes
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    names = _names(figures["opds"])
    opds = []
    for opd_id, f in figures["opds"].items():
        series = [trend[opd_id].get(d, 0) for d in days]
        opds.append(
            {"opd_id": opd_id, "name": names.get(opd_id, "-")}
            | f
            | {"trend": series, "verified_minutes": sum(series)}
        )
    opds.sort(key=lambda r: (-r["progress_pct"], r["name"]))
    return {
        "year": year,
        "month": month,
        "opds": opds,
        "totals": figures["totals"],
        "computed_at": figures["computed_at"],
        "days": days,
        "city_people": [city_days[d][0] if d in city_days else 0 for d in days],
        "city_minutes": [city_days[d][1] if d in city_days else 0 for d in days],
    }


def tpp_panel(year: int, month: int, totals: dict) -> dict:
    """TPP of the month (estimate at the current pace) against the month's budget, and
    the year at this pace against the year's budget."""
    budget = budget_of(year)
    this_month = int(totals.get("tpp_paid", 0))
    closed = totals if "closed_before" in totals else _closed_before(year, month)
    paid_before, closed_before = closed["paid_before"], closed["closed_before"]
    monthly = list(budget.monthly) if budget and len(budget.monthly) == 12 else []
    month_budget = monthly[month - 1] if monthly else None
    projection = rules.year_projection(paid_before, len(closed_before), this_month)
    return {
        "year": year,
        "month": month,
        "this_month": this_month,
        "month_budget": month_budget,
        "month_pct": rules.pct(this_month, month_budget) if month_budget else None,
        "paid_before": paid_before,
        "closed_months": len(closed_before),
        "paced_months": 12 - len(closed_before),
        # the budget of the months behind "paid and estimated": the closed ones and this one
        "budget_to_date": sum(monthly[m - 1] for m in [*closed_before, month]) if monthly else None,
        "year_budget": budget.amount if budget else None,
        "projection": projection,
        "projection_pct": rules.pct(projection, budget.amount) if budget else None,
        "monthly": list(budget.monthly) if budget else [],
    }


def revenue_panel(year: int) -> dict | None:
    """PAD beside the work: realisation to date against target, the year-end projection
    and the five sources furthest behind (core.revenue.dashboard)."""
    from core.revenue import dashboard
    from core.revenue.models import RevenueSource

    through = dashboard.default_through(year)
    data = dashboard.build(year, through, RevenueSource.objects.all())
    if not data.lines:
        return None
    total = data.total
    behind = [ln for ln in data.ranking if ln.gap > 0][:5]
    return {
        "year": year,
        "through": through,
        "ytd_target": total.ytd_target,
        "ytd_actual": total.ytd_actual,
        "ytd_pct": total.ytd_pct,
        "effective": total.effective,
        "projection": total.projection,
        "projection_pct": total.projection_pct,
        "behind": [
            {"code": ln.code, "name": ln.name, "gap": ln.gap, "pct": ln.ytd_pct} for ln in behind
        ],
    }


# ---------------------------------------------------------------- who to call
def heads_of(opd_ids, day: date) -> dict[int, dict]:
    """The head of each OPD on `day` (the holder of the OPD's top position; acting heads
    when nobody holds it definitively), as a contact."""
    from core.people.models import Assignment

    found: dict[int, dict] = {}
    assignments = (
        Assignment.objects.filter(position__org_unit_id__in=list(opd_ids), starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("employee", "position")
        .order_by(
            "position__org_unit_id",
            F("position__supervisor_position").asc(nulls_first=True),
            F("position__kelas_jabatan").desc(nulls_last=True),
            "is_acting",
        )
    )
    for a in assignments:
        found.setdefault(a.position.org_unit_id, contact(a.employee, a.position.name, a.is_acting))
    return found


def contact(employee, position: str = "", acting: bool = False) -> dict:
    return {
        "employee_id": employee.pk,
        "name": employee.display_name,
        "position": ("Plt. " if acting else "") + position,
        "phone": employee.phone,
        "email": employee.email,
    }


def _positions_of(employee_ids, day: date) -> dict[int, str]:
    from core.people.models import Assignment

    out: dict[int, str] = {}
    for employee_id, name in (
        Assignment.objects.filter(employee_id__in=list(employee_ids), starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("employee_id", "is_acting", "-starts_on")
        .values_list("employee_id", "position__name")
    ):
        out.setdefault(employee_id, name)
    return out


# ---------------------------------------------------------------- alerts
# The entries waiting longer than the limit come from the partial index on pending_since
# (performance migration 0006); MATERIALIZED keeps the planner from walking every waiting
# entry through the verifier index to group them.
_WAITING_SQL = """
WITH late AS MATERIALIZED (
    SELECT verifier_id, pending_since FROM {entry}
    WHERE status = %(status)s AND pending_since <= %(cutoff)s
)
SELECT verifier_id, count(*) AS n, min(pending_since) FROM late
GROUP BY verifier_id ORDER BY n DESC, verifier_id LIMIT 20
"""


def alerts(now: datetime | None = None, *, month: dict | None = None) -> list[dict]:
    """Every alert that fires now, each with who to call. Kinds: rate (OPD below the
    city's logging rate after the check hour), waiting (a supervisor with entries older
    than the escalation limit), silent (people without a log for N working days),
    curve (projected distribution breaks the rules), tpp (projection above budget)."""
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    conf = settings_of()
    month = month or month_light(today.year, today.month)
    figures = {o["opd_id"]: o for o in month["opds"]}
    out = [
        *_rate_alerts(now, conf, figures),
        *_waiting_alerts(now, conf),
        *_silent(figures),
        *_curve_alerts(figures),
        *_tpp_alerts(today, conf, month["totals"]),
    ]
    _resolve_heads(out, today)
    return out


def _head(opd_id: int) -> list[dict]:
    """A placeholder for the OPD's head, resolved for every alert in one query."""
    return [{"head_of": opd_id}]


def _resolve_heads(out: list[dict], today: date) -> None:
    wanted = {w["head_of"] for alert in out for w in alert["who"] if "head_of" in w}
    heads = heads_of(wanted, today) if wanted else {}
    for alert in out:
        alert["who"] = [(heads.get(w["head_of"]) if "head_of" in w else w) for w in alert["who"]]
        alert["who"] = [w for w in alert["who"] if w]


def _rate_alerts(now: datetime, conf: CommandSettings, figures: dict) -> list[dict]:
    if now.hour < conf.check_hour:
        return []
    logged = today_panel(now)["by_opd"]
    rows = [(o, logged.get(o, 0), f["people"]) for o, f in figures.items() if o > 0]
    city_rate, below = rules.below_city_rate(rows, conf.rate_gap_pct)
    return [
        {
            "kind": "rate",
            "opd_id": check.opd_id,
            "opd": figures[check.opd_id]["name"],
            "value": check.rate,
            "reference": city_rate,
            "people": check.people,
            "logged": check.logged,
            "who": _head(check.opd_id),
        }
        for check in below
    ]


def _waiting_alerts(now: datetime, conf: CommandSettings) -> list[dict]:
    from core.people.models import Employee
    from core.performance.models import ActivityEntry, EntryStatus

    cutoff = now - timedelta(days=conf.waiting_days)
    with connection.cursor() as cursor:
        cursor.execute(
            _WAITING_SQL.format(entry=ActivityEntry._meta.db_table),
            {"cutoff": cutoff, "status": EntryStatus.SUBMITTED},
        )
        waiting = [{"verifier_id": v, "n": n, "since": since} for v, n, since in cursor.fetchall()]
    verifiers = Employee.objects.in_bulk([w["verifier_id"] for w in waiting if w["verifier_id"]])
    positions = _positions_of(verifiers, now.date())
    out = []
    for w in waiting:
        person = verifiers.get(w["verifier_id"])
        out.append(
            {
                "kind": "waiting",
                "verifier_id": w["verifier_id"],
                "entries": w["n"],
                "since": w["since"],
                "days": (now - w["since"]).days,
                "who": [contact(person, positions.get(person.pk, ""))] if person else [],
            }
        )
    return out


def _curve_alerts(figures: dict) -> list[dict]:
    return [
        {
            "kind": "curve",
            "opd_id": opd_id,
            "opd": f["name"],
            "org_predicate": f.get("org_predicate", ""),
            "violations": f["violations"],
            "who": _head(opd_id),
        }
        for opd_id, f in figures.items()
        if f.get("violations")
    ]


def _tpp_alerts(today: date, conf: CommandSettings, totals: dict) -> list[dict]:
    tpp = tpp_panel(today.year, today.month, totals)
    over = rules.over_budget(
        tpp["projection"], tpp["year_budget"], conf.tpp_margin_pct
    ) or rules.over_budget(tpp["this_month"], tpp["month_budget"], conf.tpp_margin_pct)
    if not over:
        return []
    return [
        {
            "kind": "tpp",
            "this_month": tpp["this_month"],
            "month_budget": tpp["month_budget"],
            "month_pct": tpp["month_pct"],
            "projection": tpp["projection"],
            "budget": tpp["year_budget"],
            "pct": tpp["projection_pct"],
            "who": _city_admins(today),
        }
    ]


_SILENT_SQL = """
SELECT u.opd_id, count(DISTINCT a.employee_id),
       (array_agg(DISTINCT a.employee_id))[1:50]
FROM {assignment} a JOIN {position} p ON p.id = a.position_id
JOIN {orgunit} u ON u.id = p.org_unit_id
WHERE a.starts_on <= %(first)s AND (a.ends_on IS NULL OR a.ends_on >= %(today)s)
  AND p.supervisor_position_id IS NOT NULL AND u.opd_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM {personday} pd
                  WHERE pd.employee_id = a.employee_id AND pd.day = ANY(%(days)s))
GROUP BY u.opd_id
"""


def silent_people(today: date, n: int) -> tuple[date | None, dict[int, tuple[int, list]]]:
    """Per OPD, the people in a supervised position who have not logged on any of the last
    n working days: (first day of the window, {opd id: (count, up to 50 ids)})."""
    from core.command.models import PersonDay
    from core.organisation.models import OrgUnit, Position
    from core.people.models import Assignment
    from core.performance.policy import calendar_days

    previous = today.replace(day=1) - timedelta(days=1)
    window = rules.silent_window(
        calendar_days(previous.year, previous.month) + calendar_days(today.year, today.month),
        today,
        n,
    )
    if len(window) < n or not n:
        return None, {}
    sql = _SILENT_SQL.format(
        assignment=Assignment._meta.db_table,
        position=Position._meta.db_table,
        orgunit=OrgUnit._meta.db_table,
        personday=PersonDay._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"first": window[0], "today": today, "days": window})
        return window[0], {opd_id: (count, ids) for opd_id, count, ids in cursor.fetchall()}


def _silent(figures: dict) -> list[dict]:
    """The silent-people alerts, from the month snapshot (a figure that moves by the day,
    computed with the snapshot every five minutes rather than on every refresh)."""
    found = [(o, f["silent"]) for o, f in figures.items() if f.get("silent")]
    found.sort(key=lambda item: -item[1]["people"])
    return [
        {
            "kind": "silent",
            "opd_id": opd_id,
            "opd": figures[opd_id]["name"],
            "people": silent["people"],
            "employee_ids": silent["ids"],
            "since": date.fromisoformat(silent["since"]),
            "who": _head(opd_id),
        }
        for opd_id, silent in found
    ]


def _city_admins(day: date) -> list[dict]:
    from core.accounts.roles import Role
    from core.people.models import Employee

    people = list(Employee.objects.filter(user__role=Role.CITY_ADMIN, user__is_active=True)[:3])
    positions = _positions_of([p.pk for p in people], day)
    return [contact(p, positions.get(p.pk, "")) for p in people]


# ---------------------------------------------------------------- drill-down
def opd_units(opd_id: int, year: int, month: int, today: date | None = None) -> list[dict]:
    """An OPD's month per unit: `month_rows` of the OPD grouped by the person's unit."""
    from core.organisation.models import OrgUnit, Position
    from core.performance import dashboards

    today = today or timezone.localdate()
    _basis, rows = dashboards.month_rows(year, month, today, opd_id=opd_id)
    units = dict(
        Position.objects.filter(pk__in={r["position_id"] for r in rows}).values_list(
            "pk", "org_unit_id"
        )
    )
    grouped: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[units.get(row["position_id"], opd_id)].append(row)
    names = dict(OrgUnit.objects.filter(pk__in=list(grouped)).values_list("pk", "name"))
    out = [
        {"unit_id": u, "name": names.get(u, "-")} | dashboards.opd_summary(r)
        for u, r in grouped.items()
    ]
    out.sort(key=lambda r: (r["unit_id"] != opd_id, r["name"]))
    return out


def unit_people(unit_id: int, year: int, month: int, today: date | None = None) -> list[dict]:
    """Everyone placed in one unit that month, with their `month_rows` figures."""
    from core.organisation.models import OrgUnit, Position
    from core.performance import dashboards

    today = today or timezone.localdate()
    unit = OrgUnit.objects.get(pk=unit_id)
    positions = set(Position.objects.filter(org_unit_id=unit_id).values_list("pk", flat=True))
    rows = [
        r
        for r in dashboards.opd_month(unit.opd_id or unit.pk, year, month, today)
        if r["position_id"] in positions
    ]
    return rows


# ---------------------------------------------------------------- rows behind the waiting figures
WAITING_ROWS = 500


def waiting_entries(
    now: datetime,
    *,
    verifier_id: int | None = None,
    opd_id: int | None = None,
    backlog_only: bool = False,
) -> dict:
    """The entries behind a waiting alert (past the escalation limit, for one supervisor
    or OPD) or, with `backlog_only`, behind the backlog figure (every waiting entry of this
    month and last, as counted by `backlog`). The OPD is the person's OPD on the day, as
    the counters record it. At most WAITING_ROWS rows, oldest first, with the full count."""
    from django.db.models import Exists, OuterRef

    from core.performance.models import ActivityEntry, EntryStatus

    now = timezone.localtime(now)
    conf = settings_of()
    rows = ActivityEntry.objects.filter(status=EntryStatus.SUBMITTED)
    if backlog_only:
        today = now.date()
        rows = rows.filter(day__gte=(today.replace(day=1) - timedelta(days=1)).replace(day=1))
    else:
        rows = rows.filter(pending_since__lte=now - timedelta(days=conf.waiting_days))
    if verifier_id is not None:
        rows = rows.filter(verifier_id=verifier_id)
    if opd_id is not None:
        rows = rows.filter(
            Exists(
                PersonDay.objects.filter(
                    employee_id=OuterRef("employee_id"), day=OuterRef("day"), opd_id=opd_id
                )
            )
        )
    shown = list(
        rows.select_related("employee", "activity_type", "verifier").order_by(
            "pending_since", "id"
        )[:WAITING_ROWS]
    )
    total = len(shown) if len(shown) < WAITING_ROWS else rows.count()
    return {
        "entries": [
            {
                "id": e.pk,
                "employee_id": e.employee_id,
                "name": e.employee.display_name,
                "day": e.day,
                "activity": e.activity_type.name,
                "minutes": e.minutes,
                "since": e.pending_since,
                "days": (now - e.pending_since).days,
                "verifier": e.verifier.display_name if e.verifier else "",
            }
            for e in shown
        ],
        "total": total,
        "limit_days": conf.waiting_days,
    }
