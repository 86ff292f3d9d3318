"""Writes of core.revenue: the only code that changes revenue data.

Every service is one transaction, takes a keyword-only `actor` and writes its audit
event (core.audit.record_event) in that transaction. Access is checked by the caller
(core.revenue.access) except where the service needs the user's scope itself (import).
Every change of realisation or targets refreshes the revenue-fed indicators of the
months it touches (core.revenue.feeds), in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor, as_actor
from core.audit.services import record_event, save_audited
from core.configuration.services import ConfigurationError, create_indicator
from core.organisation.models import OrgUnit
from core.people.models import Employee
from core.revenue import rules
from core.revenue.access import writable_sources
from core.revenue.feeds import feed_indicators
from core.revenue.models import (
    AnnualTarget,
    ClosedMonth,
    Correction,
    ImportBatch,
    MonthlyTarget,
    Officer,
    Origin,
    PhasingMethod,
    Realisation,
    RevenueIndicator,
    RevenueSource,
    SourceGroup,
)

if TYPE_CHECKING:
    from core.accounts.models import User


class RevenueError(ValidationError):
    """A revenue change was refused; the message says why (in the user's language)."""


def _refuse(message: str, code: str = "invalid") -> RevenueError:
    return RevenueError(message, code=code)


# ---------------------------------------------------------------- months
def last_reportable_month(year: int) -> int:
    """The latest month of `year` that may be reported: up to the current month."""
    today = timezone.localdate()
    if year < today.year:
        return 12
    return today.month if year == today.year else 0


def closed_months(year: int) -> set[int]:
    return set(ClosedMonth.objects.filter(year=year).values_list("month", flat=True))


def is_closed(year: int, month: int) -> bool:
    return ClosedMonth.objects.filter(year=year, month=month).exists()


def lock_months(year: int, months: Iterable[int]) -> None:
    """Serialise writers and the close of the same months of this city (transaction-scoped)."""
    keys = [f"{year}-{m:02d}" for m in sorted(set(months))]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(hashtext(current_schema() || ':revenue:' || k)))"
            " FROM unnest(%s::text[]) AS k",
            [keys],
        )


def _check_year(year: int) -> None:
    if not rules.FIRST_YEAR <= year <= rules.LAST_YEAR:
        raise _refuse(
            _("Give a year from %(first)s to %(last)s.")
            % {"first": rules.FIRST_YEAR, "last": rules.LAST_YEAR},
            "year",
        )


def _check_month(year: int, month: int) -> None:
    _check_year(year)
    if not 1 <= month <= 12:
        raise _refuse(_("Give a month from 1 to 12."), "month")
    if month > last_reportable_month(year):
        raise _refuse(_("This month has not started yet."), "future")


def _amount(value: Any, label: str) -> int:
    if isinstance(value, bool):
        raise _refuse(_("%(field)s must be whole rupiah.") % {"field": label}, "amount")
    if isinstance(value, int):
        number = value if value <= rules.MAX_AMOUNT else None
    else:
        number = rules.parse_amount(str(value or ""))
    if number is None:
        raise _refuse(
            _("%(field)s must be whole rupiah, not negative.") % {"field": label}, "amount"
        )
    if number < 0:
        raise _refuse(_("%(field)s must be whole rupiah, not negative.") % {"field": label})
    return number


PROVISIONING = Actor.system("provisioning")

# ---------------------------------------------------------------- sources from the template
_GROUPS = {g.value for g in SourceGroup}


@transaction.atomic
def adopt_revenue_sources(
    section: Sequence[Mapping[str, Any]] | None,
    *,
    version: int,
    slug: str = "surabaya",
    actor: Actor | User = PROVISIONING,
) -> int:
    """Copy the template's `revenue_sources` section into this city. Idempotent.

    Each item: code, name, group (pajak/opsen/retribusi/lain), opd_code and opd (the
    responsible OPD in the template's organisation skeleton). Sub-types (e.g. PBJT's)
    are sources of their own: every source is counted once in the totals. Existing sources keep the
    city's own choices of OPD, unit and activity; names and groups follow the template.
    Returns the number of sources in the section.
    """
    items = list(section or [])
    if not items:
        return 0
    existing = {s.code: s for s in RevenueSource.objects.all()}
    rows = []
    for order, item in enumerate(items, start=1):
        code = str(item["code"]).strip().upper()
        group = item.get("group", SourceGroup.OTHER)
        source = existing.get(code) or RevenueSource(code=code)
        source.name = str(item["name"])[:200]
        source.group = group if group in _GROUPS else SourceGroup.OTHER
        source.opd_code = str(item.get("opd_code", ""))[:40]
        source.opd_name = str(item.get("opd", ""))[:200]
        source.order = order
        source.source_template = slug
        source.source_version = version
        rows.append(source)
    RevenueSource.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "name",
            "group",
            "opd_code",
            "opd_name",
            "order",
            "source_template",
            "source_version",
        ],
    )
    linked = _link_opds()
    record_event(
        actor=actor,
        action="revenue.sources.adopt",
        object_type="revenue.revenuesource",
        after={"template": f"{slug}@{version}", "sources": len(items), "opd_linked": linked},
    )
    return len(items)


def _link_opds() -> int:
    """Link sources without an OPD to the city's top-level unit of that code or name."""
    pending = list(RevenueSource.objects.filter(opd__isnull=True).exclude(opd_code="", opd_name=""))
    if not pending:
        return 0
    names = {s.opd_name for s in pending} - {""}
    codes = {s.opd_code for s in pending} - {""}
    units = OrgUnit.objects.filter(parent__isnull=True, is_active=True).filter(
        Q(code__in=codes) | Q(name__in=names)
    )
    by_code = {u.code: u.pk for u in units if u.code}
    by_name = {u.name: u.pk for u in units}
    changed = []
    for source in pending:
        opd_id = by_code.get(source.opd_code) or by_name.get(source.opd_name)
        if opd_id:
            source.opd_id = opd_id
            changed.append(source)
    RevenueSource.objects.bulk_update(changed, ["opd"])
    return len(changed)


@transaction.atomic
def link_opds(*, actor: Actor | User) -> int:
    """Link sources to the city's OPDs named in the template (after the registry import)."""
    linked = _link_opds()
    if linked:
        record_event(
            actor=actor,
            action="revenue.sources.link_opds",
            object_type="revenue.revenuesource",
            after={"linked": linked},
        )
    return linked


@transaction.atomic
def update_source(
    source: RevenueSource,
    *,
    actor: Actor | User,
    opd_id: int | None,
    unit_id: int | None,
    is_active: bool,
) -> RevenueSource:
    """The city admin sets a source's responsible OPD and unit, or (de)activates it."""
    if opd_id is not None and not OrgUnit.objects.filter(pk=opd_id, parent__isnull=True).exists():
        raise _refuse(_("Choose an OPD (a top-level unit)."), "opd")
    if unit_id is not None:
        unit = OrgUnit.objects.filter(pk=unit_id).first()
        if unit is None or (opd_id is not None and unit.opd_id != opd_id):
            raise _refuse(_("The unit must belong to the responsible OPD."), "unit")
    save_audited(
        source,
        {"opd_id": opd_id, "unit_id": unit_id, "is_active": is_active},
        actor=actor,
        action="revenue.source.update",
    )
    return source


@transaction.atomic
def assign_officer(source: RevenueSource, employee_id: int, *, actor: Actor | User) -> Officer:

    if not Employee.objects.filter(pk=employee_id).exists():
        raise _refuse(_("Unknown employee."), "employee")
    officer, created = Officer.objects.get_or_create(source=source, employee_id=employee_id)
    if created:
        record_event(
            actor=actor,
            action="revenue.officer.assign",
            target=source,
            after={"employee": employee_id},
        )
    return officer


@transaction.atomic
def remove_officer(source: RevenueSource, employee_id: int, *, actor: Actor | User) -> bool:
    deleted, _rows = Officer.objects.filter(source=source, employee_id=employee_id).delete()
    if deleted:
        record_event(
            actor=actor,
            action="revenue.officer.remove",
            target=source,
            before={"employee": employee_id},
        )
    return bool(deleted)


# ---------------------------------------------------------------- targets and phasing
def history_of(source_ids: Iterable[int], year: int) -> dict[int, dict[int, dict[int, int]]]:
    """source id -> year -> {month: realisation} for the HISTORY_YEARS before `year`."""
    history: dict[int, dict[int, dict[int, int]]] = {}
    rows = Realisation.objects.filter(
        source_id__in=list(source_ids), year__gte=year - rules.HISTORY_YEARS, year__lt=year
    ).values_list("source_id", "year", "month", "amount")
    for source_id, y, m, amount in rows:
        history.setdefault(source_id, {}).setdefault(y, {})[m] = amount
    return history


@transaction.atomic
def set_target(
    source: RevenueSource, year: int, *, actor: Actor | User, apbd: Any, apbd_p: Any = None
) -> AnnualTarget:
    """Set the APBD target of a source for `year` (and its APBD-P revision) and phase it.

    Months already closed for revenue keep their phased target; the rest of the target
    in force is spread over the open months by the seasonal pattern of the last three
    full years of realisation, or evenly without history (rules.phase).
    """
    _check_year(year)
    lock_months(year, rules.MONTHS)
    apbd = _amount(apbd, _("APBD target"))
    apbd_p = None if apbd_p in (None, "") else _amount(apbd_p, _("APBD-P target"))
    target = AnnualTarget.objects.select_for_update().filter(source=source, year=year).first()
    before = (
        {"apbd": target.apbd, "apbd_p": target.apbd_p, "phasing": target.phasing}
        if target
        else None
    )
    effective = apbd if apbd_p is None else apbd_p
    weights, years = rules.seasonal_weights(
        history_of([source.pk], year).get(source.pk, {}), before_year=year
    )
    current = dict(
        MonthlyTarget.objects.filter(source=source, year=year).values_list("month", "amount")
    )
    locked = {m: current[m] for m in closed_months(year) if m in current}
    try:
        months = rules.phase(effective, weights, locked)
    except rules.PhasingError as exc:
        raise _refuse(str(exc), "phasing") from None
    values = {
        "apbd": apbd,
        "apbd_p": apbd_p,
        "phasing": PhasingMethod.SEASONAL if weights else PhasingMethod.EVEN,
        "history_years": years,
        "updated_at": timezone.now(),
        "updated_by": as_actor(actor).user,
    }
    target, _created = AnnualTarget.objects.update_or_create(
        source=source, year=year, defaults=values
    )
    MonthlyTarget.objects.bulk_create(
        [
            MonthlyTarget(source=source, year=year, month=m, amount=amount)
            for m, amount in zip(rules.MONTHS, months, strict=True)
        ],
        update_conflicts=True,
        unique_fields=["source", "year", "month"],
        update_fields=["amount"],
    )
    record_event(
        actor=actor,
        action="revenue.target.set",
        target=target,
        before=before,
        after={
            "apbd": apbd,
            "apbd_p": apbd_p,
            "phasing": values["phasing"],
            "history_years": years,
            "months": months,
        },
    )
    feed_indicators(year, [m for m in rules.MONTHS if m not in locked], actor=actor)
    return target


# ---------------------------------------------------------------- realisation
def _upsert_realisations(
    year: int, amounts: Mapping[tuple[int, int], int], *, actor: Actor | User, origin: str
) -> dict[tuple[int, int], int | None]:
    """Write (source id, month) -> amount in one statement; returns the amounts before."""
    before: dict[tuple[int, int], int | None] = {key: None for key in amounts}
    source_ids = {s for s, _m in amounts}
    months = {m for _s, m in amounts}
    for source_id, month, amount in (
        Realisation.objects.select_for_update()
        .filter(year=year, source_id__in=source_ids, month__in=months)
        .values_list("source_id", "month", "amount")
    ):
        if (source_id, month) in before:
            before[(source_id, month)] = amount
    now = timezone.now()
    user = as_actor(actor).user
    Realisation.objects.bulk_create(
        [
            Realisation(
                source_id=source_id,
                year=year,
                month=month,
                amount=amount,
                origin=origin,
                updated_at=now,
                updated_by=user,
            )
            for (source_id, month), amount in amounts.items()
        ],
        update_conflicts=True,
        unique_fields=["source", "year", "month"],
        update_fields=["amount", "origin", "updated_at", "updated_by"],
    )
    return before


@transaction.atomic
def record_realisation(
    source: RevenueSource, year: int, month: int, amount: Any, *, actor: Actor | User
) -> Realisation:
    """Enter (or replace) a source's realisation for an open month."""
    _check_month(year, month)
    amount = _amount(amount, _("Amount"))
    if not source.is_active:
        raise _refuse(_("This revenue source is inactive."), "inactive")
    lock_months(year, [month])
    if is_closed(year, month):
        raise _refuse(
            _("This month is closed; only a recorded correction can change it."), "closed"
        )
    before = _upsert_realisations(
        year, {(source.pk, month): amount}, actor=actor, origin=Origin.ENTRY
    )
    record_event(
        actor=actor,
        action="revenue.realisation.record",
        object_type="revenue.realisation",
        object_id=f"{source.code}/{year}-{month:02d}",
        before={"amount": before[(source.pk, month)]},
        after={"amount": amount},
    )
    feed_indicators(year, [month], actor=actor)
    return Realisation.objects.get(source=source, year=year, month=month)


@dataclass
class ImportReport:
    rows: int = 0
    total: int = 0
    created: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}


def import_realisation(
    headers: Sequence[str],
    rows: Sequence[Mapping[str, str]],
    *,
    actor: User,
    year: int,
    file_name: str = "",
    dry_run: bool = False,
) -> ImportReport:
    """Check a whole realisation file; unless any row is wrong (or `dry_run`), write it.

    All or nothing: one wrong row and nothing is written, with a report per row
    (row number, column, reason). Rows set the month's total for a source.
    """

    report = ImportReport(dry_run=dry_run)
    try:
        _check_year(year)
    except RevenueError as exc:
        report.errors = [rules.RowError(1, "", exc.messages[0]).as_dict()]
        return report
    header_errors = rules.check_headers(headers)
    if header_errors:
        report.errors = [e.as_dict() for e in header_errors]
        return report
    sources = dict(RevenueSource.objects.values_list("code", "is_active"))
    ids = dict(RevenueSource.objects.values_list("code", "pk"))
    checked = rules.check_rows(
        rows,
        year=year,
        sources=sources,
        writable=set(writable_sources(actor).values_list("code", flat=True)),
        closed_months=closed_months(year),
        last_month=last_reportable_month(year),
    )
    if checked.errors:
        report.errors = [e.as_dict() for e in checked.errors]
        return report
    report.rows = len(checked.rows)
    report.total = sum(r.amount for r in checked.rows)
    with transaction.atomic():
        months = sorted({r.month for r in checked.rows})
        # Lock the months against a concurrent close, then re-check under the lock.
        lock_months(year, months)
        if closed_months(year) & set(months):
            report.errors = [
                rules.RowError(1, "bulan", _("A month in the file was closed meanwhile.")).as_dict()
            ]
            return report
        amounts = {(ids[r.code], r.month): r.amount for r in checked.rows}
        before = _upsert_realisations(year, amounts, actor=actor, origin=Origin.IMPORT)
        report.created = sum(1 for v in before.values() if v is None)
        report.updated = report.rows - report.created
        batch = ImportBatch.objects.create(
            file_name=file_name[:255],
            year=year,
            rows=report.rows,
            total=report.total,
            imported_at=timezone.now(),
            imported_by=actor,
        )
        record_event(
            actor=actor,
            action="revenue.realisation.import",
            target=batch,
            before={f"{k[0]}/{k[1]}": v for k, v in before.items() if v is not None},
            after={
                "file": file_name,
                "year": year,
                "rows": report.rows,
                "total": report.total,
                "amounts": {f"{k[0]}/{k[1]}": v for k, v in amounts.items()},
            },
        )
        feed_indicators(year, months, actor=actor)
        if dry_run:
            transaction.set_rollback(True)
    return report


# ---------------------------------------------------------------- closing and corrections
@transaction.atomic
def close_month(year: int, month: int, *, actor: Actor | User) -> ClosedMonth:
    """Close a month for revenue: from now on only a recorded correction changes it.

    The revenue-fed indicators of the month are refreshed a last time with the final
    figures.
    """
    _check_year(year)
    if not 1 <= month <= 12:
        raise _refuse(_("Give a month from 1 to 12."), "month")
    today = timezone.localdate()
    if (year, month) >= (today.year, today.month):
        raise _refuse(_("A month can be closed only after it has ended."), "not_ended")
    lock_months(year, [month])
    closed, created = ClosedMonth.objects.get_or_create(
        year=year,
        month=month,
        defaults={
            "closed_at": timezone.now(),
            "closed_by": as_actor(actor).user,
        },
    )
    if not created:
        raise _refuse(_("This month is already closed."), "already_closed")
    total = sum(Realisation.objects.filter(year=year, month=month).values_list("amount", flat=True))
    record_event(
        actor=actor,
        action="revenue.month.close",
        target=closed,
        before={"closed": False},
        after={"closed": True, "total": total},
    )
    feed_indicators(year, [month], actor=actor)
    return closed


@transaction.atomic
def correct_realisation(
    source: RevenueSource, year: int, month: int, amount: Any, *, actor: User, reason: str
) -> Correction:
    """Change a closed month's realisation, recorded with who, why, before and after."""
    reason = (reason or "").strip()
    if not reason:
        raise _refuse(_("Say why the closed month is corrected."), "reason")
    amount = _amount(amount, _("Amount"))
    _check_month(year, month)
    lock_months(year, [month])
    if not is_closed(year, month):
        raise _refuse(
            _("This month is open: enter the realisation instead of correcting it."), "open"
        )
    before = _upsert_realisations(
        year, {(source.pk, month): amount}, actor=actor, origin=Origin.CORRECTION
    )
    amount_before = before[(source.pk, month)]
    if amount_before == amount:
        raise _refuse(_("The corrected amount is the same as the recorded one."), "unchanged")
    correction = Correction.objects.create(
        source=source,
        year=year,
        month=month,
        amount_before=amount_before,
        amount_after=amount,
        reason=reason,
        made_at=timezone.now(),
        made_by=actor,
    )
    record_event(
        actor=actor,
        action="revenue.realisation.correct",
        target=correction,
        before={"source": source.code, "year": year, "month": month, "amount": amount_before},
        after={"source": source.code, "year": year, "month": month, "amount": amount},
        reason=reason,
    )
    feed_indicators(year, [month], actor=actor)
    return correction


# ---------------------------------------------------------------- revenue-fed indicators
@transaction.atomic
def link_indicator(
    *, actor: Actor | User, source: RevenueSource | None, code: str = ""
) -> RevenueIndicator:
    """Add to the city's indicator library an indicator read from revenue data.

    Its realisation for a month is the realisation % of `source` (None: total PAD)
    against that month's phased target; supervisors assign it with a target in %.
    """

    code = (code or f"PAD-{source.code if source else 'TOTAL'}").strip().upper()[:30]
    if source is not None and RevenueIndicator.objects.filter(source=source).exists():
        raise _refuse(_("This source already feeds an indicator."), "duplicate")
    if source is None and RevenueIndicator.objects.filter(source__isnull=True).exists():
        raise _refuse(_("Total revenue already feeds an indicator."), "duplicate")
    name = (
        _("Realisation of %(source)s against its monthly target") % {"source": source.name}
        if source
        else _("Realisation of total local own-source revenue against its monthly target")
    )
    try:
        indicator = create_indicator(
            {
                "code": code,
                "name": name,
                "family": "revenue",
                "unit": "%",
                "direction": "higher",
                "measurement": "quantity",
            },
            actor=actor,
        )
    except ConfigurationError as exc:
        raise _refuse(" ".join(exc.messages), "indicator") from None
    link = RevenueIndicator.objects.create(indicator=indicator, source=source)
    record_event(
        actor=actor,
        action="revenue.indicator.link",
        target=link,
        after={"indicator": indicator.code, "source": source.code if source else None},
    )
    return link
