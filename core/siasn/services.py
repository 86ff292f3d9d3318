"""Writes of core.siasn: the connection, the mapping, pulls, reconciliation and the outbox.

Each service takes a keyword-only `actor` and records an audit event in its transaction.
Calls to SIASN happen outside long transactions: a pull or a send works in batches, each
committed on its own, so progress shows and a killed run resumes where it stopped. Only
one sender per city runs at a time (a lease, core.leases), so no item is sent twice.
Accepted differences are applied by the registry's own services (core.people.services).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import leases
from core.audit.services import record_event
from core.siasn import rules, secrets
from core.siasn.client import CallRecord, Credentials, NotFound, SiasnClient, SiasnError
from core.siasn.models import (
    Cadence,
    CallLog,
    CodeMapping,
    Connection,
    Difference,
    DiffField,
    DiffKind,
    DiffStatus,
    OutboxItem,
    OutboxState,
    PersonLink,
    PullRun,
    PullScope,
    PullStatus,
    ReferenceCode,
    ReferenceTable,
)

logger = logging.getLogger("sinergi.siasn")

PULL_BATCH = 200
SEND_BATCH = 200
SECRET_FIELDS = ("consumer_key", "consumer_secret", "sso_password")
PLAIN_FIELDS = ("gateway_url", "api_url", "sso_url", "sso_client_id", "sso_username")


class SiasnRefused(ValidationError):
    """A SIASN action was refused; the message says why, in the user's language."""


def broker_configured() -> bool:
    return not settings.CELERY_TASK_ALWAYS_EAGER


# ---------------------------------------------------------------- connection
def get_connection() -> Connection | None:
    return Connection.objects.order_by("pk").first()


@transaction.atomic
def save_connection(data: dict, *, actor) -> Connection:
    """Save the connection. A secret left blank keeps the stored one; secrets are
    encrypted and only their last four characters kept as a hint."""
    conn = Connection.objects.select_for_update().order_by("pk").first() or Connection()
    changed = []
    for name in PLAIN_FIELDS:
        value = str(data.get(name, "") or "").strip()
        if not value:
            raise SiasnRefused(_("Fill in every address and the operator account."))
        if getattr(conn, name) != value:
            changed.append(name)
            setattr(conn, name, value)
    for name in SECRET_FIELDS:
        value = str(data.get(name, "") or "").strip()
        if value:
            setattr(conn, f"{name}_enc", secrets.encrypt(value))
            setattr(conn, f"{name}_hint", secrets.hint(value))
            changed.append(name)
        elif not getattr(conn, f"{name}_enc"):
            raise SiasnRefused(_("Enter the consumer key, the consumer secret and the password."))
    for name in ("cadence", "calls_per_second", "auto_queue"):
        if name in data and data[name] not in (None, ""):
            setting: object = data[name]
            if name == "cadence" and setting not in Cadence.values:
                raise SiasnRefused(_("Choose how often results are sent."))
            if name == "calls_per_second":
                setting = int(data[name])
                if not 1 <= setting <= 1000:
                    raise SiasnRefused(_("Calls per second: from 1 to 1000."))
            if getattr(conn, name) != setting:
                changed.append(name)
                setattr(conn, name, setting)
    conn.updated_at = timezone.now()
    conn.updated_by = actor if getattr(actor, "pk", None) else None
    if changed:
        conn.last_test_ok = None
    conn.save()
    ensure_mapping()
    # Only which fields changed: never a value of a credential.
    record_event(
        actor=actor, action="siasn.connection_saved", target=conn, after={"changed": changed}
    )
    return conn


def credentials(conn: Connection) -> Credentials:
    try:
        return Credentials(
            gateway_url=conn.gateway_url,
            api_url=conn.api_url,
            sso_url=conn.sso_url,
            sso_client_id=conn.sso_client_id,
            consumer_key=secrets.decrypt(conn.consumer_key_enc),
            consumer_secret=secrets.decrypt(conn.consumer_secret_enc),
            sso_username=conn.sso_username,
            sso_password=secrets.decrypt(conn.sso_password_enc),
        )
    except secrets.SecretUnreadable:
        raise SiasnRefused(
            _(
                "The stored credentials cannot be read (the encryption key changed): "
                "enter them again."
            )
        ) from None


@dataclass
class CallBuffer:
    """Calls made in a batch, written to CallLog together (no tokens, no NIPs)."""

    employee_id: int | None = None
    period: str = ""
    rows: list[CallLog] = field(default_factory=list)

    def __call__(self, record: CallRecord) -> None:
        self.rows.append(
            CallLog(
                at=timezone.now(),
                method=record.method,
                endpoint=record.endpoint,
                status=record.status,
                duration_ms=record.duration_ms,
                employee_id_ref=self.employee_id,
                period=self.period,
            )
        )
        logger.info(
            "siasn call %s %s -> %s in %d ms",
            record.method,
            record.endpoint,
            record.status if record.status is not None else "no answer",
            record.duration_ms,
            extra={"employee_id": self.employee_id, "period": self.period},
        )

    def flush(self) -> None:
        if self.rows:
            CallLog.objects.bulk_create(self.rows)
            self.rows = []


def client_for(conn: Connection, calls: CallBuffer) -> SiasnClient:
    quick = getattr(settings, "SIASN_RETRY_BASE_SECONDS", 60) == 0
    return SiasnClient(
        credentials(conn),
        timeout=settings.SIASN_TIMEOUT,
        backoff=0 if quick else 0.5,
        on_call=calls,
    )


def _require_connection() -> Connection:
    conn = get_connection()
    if conn is None or not conn.complete:
        raise SiasnRefused(_("Set up the SIASN connection first."))
    return conn


def test_connection(*, actor) -> tuple[bool, str]:
    conn = _require_connection()
    calls = CallBuffer()
    try:
        client_for(conn, calls).check()
        ok, message = True, _("Connected: both tokens were issued.")
    except SiasnError as exc:
        ok, message = False, exc.message
    with transaction.atomic():
        calls.flush()
        Connection.objects.filter(pk=conn.pk).update(
            last_test_at=timezone.now(), last_test_ok=ok, last_test_message=message[:300]
        )
        record_event(actor=actor, action="siasn.connection_tested", target=conn, after={"ok": ok})
    return ok, message


# ---------------------------------------------------------------- mapping
def ensure_mapping() -> None:
    """Seed the default codes the city has not set yet (never overwrites a choice)."""
    existing = set(CodeMapping.objects.values_list("kind", "value"))
    CodeMapping.objects.bulk_create(
        [
            CodeMapping(kind=kind, value=value, code=code, bkn_label=label)
            for kind, rows in rules.DEFAULT_MAPPING.items()
            for value, code, label in rows
            if (kind, value) not in existing
        ]
    )


def mapping_table() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for kind, value, code in CodeMapping.objects.values_list("kind", "value", "code"):
        table.setdefault(kind, {})[value] = code
    return table


@transaction.atomic
def set_mapping(mapping_id: int, code: str, *, actor, bkn_label: str | None = None) -> CodeMapping:
    row = CodeMapping.objects.select_for_update().get(pk=mapping_id)
    code = code.strip()
    if not code or len(code) > 60:
        raise SiasnRefused(_("Enter BKN's code (at most 60 characters)."))
    from core.siasn.models import TABLE_OF_KIND

    table = TABLE_OF_KIND.get(row.kind)
    loaded = ReferenceCode.objects.filter(table=table)
    if loaded.exists():
        name = loaded.filter(code=code).values_list("name", flat=True).first()
        if name is None:
            raise SiasnRefused(
                _("This code is not in the uploaded %(table)s table.") % {"table": table}
            )
        if not bkn_label:
            bkn_label = name
    before = {"code": row.code, "bkn_label": row.bkn_label}
    row.code = code
    if bkn_label is not None:
        row.bkn_label = bkn_label.strip()[:120]
    row.save(update_fields=["code", "bkn_label"])
    record_event(
        actor=actor,
        action="siasn.mapping_changed",
        target=row,
        before=before,
        after={"code": row.code, "bkn_label": row.bkn_label},
    )
    return row


# ---------------------------------------------------------------- reference tables
REFERENCE_MAX_BYTES = 1_000_000
_CODE_KEYS = ("code", "kode", "id")
_NAME_KEYS = ("name", "nama", "label")


def _pick(row: dict, keys: tuple[str, ...]) -> str:
    lowered = {str(k).strip().casefold(): v for k, v in row.items()}
    for key in keys:
        if lowered.get(key) not in (None, ""):
            return str(lowered[key]).strip()
    return ""


def _json_rows(text: str) -> list[tuple[str, str]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise SiasnRefused(_("The file is not valid JSON.")) from exc
    if isinstance(data, dict):
        data = data.get("data") or data.get("results") or []
    if not isinstance(data, list):
        return []
    return [(_pick(r, _CODE_KEYS), _pick(r, _NAME_KEYS)) for r in data if isinstance(r, dict)]


def _csv_rows(text: str) -> list[tuple[str, str]]:
    sample = text[:2000]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    lines = [line for line in csv.reader(io.StringIO(text), delimiter=delimiter) if line]
    if lines and _pick(dict.fromkeys(lines[0], "x"), _CODE_KEYS):  # a header row
        header = [h.strip() for h in lines[0]]
        named = [dict(zip(header, line, strict=False)) for line in lines[1:]]
        return [(_pick(row, _CODE_KEYS), _pick(row, _NAME_KEYS)) for row in named]
    return [(line[0].strip(), (line[1] if len(line) > 1 else "").strip()) for line in lines]


def parse_reference(content: bytes) -> list[tuple[str, str]]:
    """(code, name) rows of a BKN reference download: JSON (a list of objects, or one under
    `data`/`results`, keys id/kode/code and nama/name) or CSV (code,name with or without
    a header; comma or semicolon)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SiasnRefused(_("The file is not UTF-8 text.")) from exc
    is_json = text.lstrip()[:1] in ("[", "{")
    rows = _json_rows(text) if is_json else _csv_rows(text)
    found: dict[str, str] = {}
    for code, name in rows:
        if not code or len(code) > 60:
            raise SiasnRefused(_("Each row needs BKN's code (at most 60 characters)."))
        found[code] = name[:200]
    if not found:
        raise SiasnRefused(_("The file holds no codes."))
    return list(found.items())


@dataclass
class ReferenceLoaded:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unknown: list[str] = field(default_factory=list)  # codes mapped now but not in the table


@transaction.atomic
def load_reference(table: str, content: bytes, *, actor) -> ReferenceLoaded:
    """Replace the city's copy of one BKN reference table with an uploaded download; the
    mapping's labels follow the names, and codes it uses that the table lacks are listed."""
    from core.siasn.models import TABLE_OF_KIND

    if table not in ReferenceTable.values:
        raise SiasnRefused(_("Unknown reference table."))
    if len(content) > REFERENCE_MAX_BYTES:
        raise SiasnRefused(_("The file is too large."))
    rows = dict(parse_reference(content))
    now = timezone.now()
    existing = {r.code: r for r in ReferenceCode.objects.select_for_update().filter(table=table)}
    outcome = ReferenceLoaded()
    changed = []
    for code, name in rows.items():
        row = existing.get(code)
        if row is None:
            ReferenceCode.objects.create(table=table, code=code, name=name, loaded_at=now)
            outcome.added += 1
        elif row.name != name:
            row.name, row.loaded_at = name, now
            changed.append(row)
    ReferenceCode.objects.bulk_update(changed, ["name", "loaded_at"])
    outcome.updated = len(changed)
    gone = [code for code in existing if code not in rows]
    outcome.removed = ReferenceCode.objects.filter(table=table, code__in=gone).delete()[0]
    kinds = [kind for kind, source in TABLE_OF_KIND.items() if source == table]
    for mapping in CodeMapping.objects.select_for_update().filter(kind__in=kinds):
        if mapping.code not in rows:
            outcome.unknown.append(mapping.code)
        elif mapping.bkn_label != rows[mapping.code][:120]:
            mapping.bkn_label = rows[mapping.code][:120]
            mapping.save(update_fields=["bkn_label"])
    outcome.unknown = sorted(set(outcome.unknown))
    record_event(
        actor=actor,
        action="siasn.reference_loaded",
        object_type="siasn.reference",
        object_id=table,
        after={"rows": len(rows), "added": outcome.added, "updated": outcome.updated,
               "removed": outcome.removed, "unknown": outcome.unknown},
    )  # fmt: skip
    return outcome


def reference_choices() -> dict[str, list[tuple[str, str]]]:
    """table -> [(code, name)] of the uploaded reference tables."""
    found: dict[str, list[tuple[str, str]]] = {}
    for table, code, name in ReferenceCode.objects.values_list("table", "code", "name"):
        found.setdefault(table, []).append((code, name))
    return found


# ---------------------------------------------------------------- master data in
def _scope_people(run: PullRun):
    from core.people.models import Employee, EmployeeStatus

    people = Employee.objects.filter(status=EmployeeStatus.ACTIVE)
    if run.scope == PullScope.NIP:
        return people.filter(nip=run.nip)
    if run.scope == PullScope.OPD:
        today = timezone.localdate()
        return people.filter(
            Q(assignments__starts_on__lte=today)
            & (Q(assignments__ends_on__isnull=True) | Q(assignments__ends_on__gte=today)),
            assignments__position__org_unit__opd_id=run.opd_id,
        ).distinct()
    return people


@transaction.atomic
def start_pull(*, scope: str, actor, opd_id: int | None = None, nip: str = "") -> PullRun:
    from core.organisation.models import OrgUnit

    _require_connection()
    if scope not in PullScope.values:
        raise SiasnRefused(_("Choose whom to fetch."))
    if scope == PullScope.OPD and (
        opd_id is None or not OrgUnit.objects.filter(pk=opd_id, parent=None).exists()
    ):
        raise SiasnRefused(_("Choose an OPD."))
    nip = (nip or "").strip()
    if scope == PullScope.NIP and not (len(nip) == 18 and nip.isdigit()):
        raise SiasnRefused(_("A NIP has 18 digits."))
    if PullRun.objects.filter(status=PullStatus.RUNNING).exists():
        raise SiasnRefused(_("A fetch is already running; wait for it or stop it."))
    run = PullRun.objects.create(
        scope=scope,
        opd_id=opd_id if scope == PullScope.OPD else None,
        nip=nip if scope == PullScope.NIP else "",
        started_at=timezone.now(),
        started_by=actor if getattr(actor, "pk", None) else None,
    )
    run.total = _scope_people(run).count() or (1 if scope == PullScope.NIP else 0)
    run.save(update_fields=["total"])
    # Differences of earlier runs for the same people are superseded by this one.
    superseded = Difference.objects.filter(status=DiffStatus.OPEN)
    if scope != PullScope.ALL:
        superseded = superseded.filter(
            Q(employee__in=_scope_people(run)) | Q(nip=nip)
            if nip
            else Q(employee__in=_scope_people(run))
        )
    superseded.delete()
    record_event(
        actor=actor,
        action="siasn.pull_started",
        target=run,
        after={"scope": scope, "opd": run.opd_id, "people": run.total},
    )
    return run


def supervisors_on(day: date, employee_ids: list[int]) -> dict[int, int | None]:
    """Each person's supervisor on `day`, for many people at once: the rule of
    core.people.hierarchy.supervisor_of (the first active holder up the chain of
    supervising positions, past vacant ones and the person themself), walked level by
    level with one query per level for the whole batch instead of one recursive query
    per person (a test keeps the two equal)."""
    from core.organisation.models import Position
    from core.people.models import Assignment, EmployeeStatus

    on_day = Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    own: dict[int, tuple] = {}
    for employee_id, position_id, acting, starts_on, pk in Assignment.objects.filter(
        on_day, employee_id__in=employee_ids
    ).values_list("employee_id", "position_id", "is_acting", "starts_on", "id"):
        mine = (acting, -starts_on.toordinal(), -pk, position_id)
        if employee_id not in own or mine < own[employee_id]:
            own[employee_id] = mine
    parents: dict[int, int | None] = {}
    holders: dict[int, int | None] = {}

    def learn(positions: set[int]) -> None:
        missing = {p for p in positions if p not in parents}
        if missing:
            parents.update(
                Position.objects.filter(pk__in=missing).values_list("id", "supervisor_position_id")
            )
        wanted = {p for p in positions if p not in holders}
        if not wanted:
            return
        best: dict[int, tuple] = {}
        for position_id, acting, starts_on, pk, employee_id in Assignment.objects.filter(
            on_day, position_id__in=wanted, employee__status=EmployeeStatus.ACTIVE
        ).values_list("position_id", "is_acting", "starts_on", "id", "employee_id"):
            held = (acting, starts_on.toordinal(), pk, employee_id)
            if position_id not in best or held < best[position_id]:
                best[position_id] = held
        for position_id in wanted:
            holders[position_id] = best[position_id][3] if position_id in best else None

    learn({mine[3] for mine in own.values()})
    walking = {e: parents.get(own[e][3]) for e in employee_ids if e in own}
    result: dict[int, int | None] = dict.fromkeys(employee_ids)
    for _depth in range(40):
        # Everyone still looking, at a position that exists (the top has no parent).
        climbing = {e: p for e, p in walking.items() if p is not None}
        if not climbing:
            break
        learn(set(climbing.values()))
        walking = {}
        for employee_id, position_id in climbing.items():
            holder = holders.get(position_id)
            if holder is not None and holder != employee_id:
                result[employee_id] = holder
            else:
                walking[employee_id] = parents.get(position_id)
    return result


def _ours(employee_ids: list[int], day: date) -> dict[int, dict[str, str]]:
    """Our side of the comparison for a batch, in three queries whatever its size."""
    from core.people.models import Assignment, Employee

    people = {
        e["id"]: e
        for e in Employee.objects.filter(pk__in=employee_ids).values(
            "id", "nip", "name", "front_title", "back_title", "golongan"
        )
    }
    held: dict[int, tuple[str, str]] = {}
    rows = (
        Assignment.objects.filter(employee_id__in=employee_ids, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("employee_id", "is_acting", "-starts_on", "-id")
        .values_list("employee_id", "position__name", "position__org_unit__name")
    )
    for employee_id, position, unit in rows:
        held.setdefault(employee_id, (position, unit))
    chosen = supervisors_on(day, employee_ids)
    nips = dict(
        Employee.objects.filter(pk__in={b for b in chosen.values() if b}).values_list("id", "nip")
    )
    supervisors = {pk: nips.get(boss, "") if boss else "" for pk, boss in chosen.items()}
    result = {}
    for pk, person in people.items():
        position, unit = held.get(pk, ("", ""))
        result[pk] = {
            "nip": person["nip"],
            "name": person["name"],
            "front_title": person["front_title"],
            "back_title": person["back_title"],
            "golongan": person["golongan"],
            "position": position,
            "unit": unit,
            "supervisor": supervisors.get(pk, ""),
        }
    return result


def pull_batch(run_id: int, *, batch: int = PULL_BATCH) -> PullRun:
    """Fetch the next `batch` people of the run; commits what it learnt. Resumable."""
    run = PullRun.objects.get(pk=run_id)
    if run.status != PullStatus.RUNNING:
        return run
    conn = _require_connection()
    calls = CallBuffer(period="pull")
    client = client_for(conn, calls)
    if run.scope == PullScope.NIP and not _scope_people(run).exists():
        return _pull_unknown_nip(run, client, calls)
    ids = list(
        _scope_people(run)
        .filter(pk__gt=run.last_employee_id)
        .order_by("pk")
        .values_list("pk", flat=True)[:batch]
    )
    if not ids:
        return _finish(run)
    today = timezone.localdate()
    ours = _ours(ids, today)
    interval = 1 / max(conn.calls_per_second, 1)
    diffs: list[Difference] = []
    links: list[PersonLink] = []
    failed = 0
    stop_message = ""
    done_ids: list[int] = []
    for pk in ids:
        started = time.monotonic()
        mine = ours[pk]
        calls.employee_id = pk
        try:
            data = client.data_utama(mine["nip"])
        except NotFound:
            diffs.append(
                Difference(run=run, employee_id=pk, nip=mine["nip"], kind=DiffKind.MISSING_THERE,
                           field=DiffField.PERSON, ours=_display(mine))
            )  # fmt: skip
        except SiasnError as exc:
            if exc.status in (401, 403) or exc.retryable:
                stop_message = exc.message  # resume later from this person
                break
            failed += 1
        else:
            theirs = rules.siasn_view(data)
            if data.get("id"):
                links.append(
                    PersonLink(employee_id=pk, siasn_id=str(data["id"]), pulled_at=timezone.now())
                )
            for diff in rules.compare(mine, theirs):
                diffs.append(
                    Difference(run=run, employee_id=pk, nip=mine["nip"], kind=DiffKind.DIFFERS,
                               field=diff.field, ours=diff.ours[:300], theirs=diff.theirs[:300],
                               siasn=theirs)
                )  # fmt: skip
        done_ids.append(pk)
        wait = interval - (time.monotonic() - started)
        if wait > 0:
            time.sleep(wait)
    with transaction.atomic():
        calls.flush()
        Difference.objects.bulk_create(diffs)
        PersonLink.objects.bulk_create(
            links,
            update_conflicts=True,
            unique_fields=["employee"],
            update_fields=["siasn_id", "pulled_at"],
        )
        run = PullRun.objects.select_for_update().get(pk=run.pk)
        if done_ids:
            run.last_employee_id = done_ids[-1]
        run.done += len(done_ids)
        run.failed += failed
        run.message = stop_message[:300]
        run.save(update_fields=["last_employee_id", "done", "failed", "message"])
    if stop_message:
        return run
    if len(ids) < batch:
        return _finish(run)
    return run


def _display(person: dict[str, str]) -> str:
    return person["name"][:300]


def _pull_unknown_nip(run: PullRun, client: SiasnClient, calls: CallBuffer) -> PullRun:
    """One NIP that is not in the registry: is it in SIASN (missing here)?"""
    try:
        data = client.data_utama(run.nip)
    except NotFound:
        data = None
    except SiasnError as exc:
        with transaction.atomic():
            calls.flush()
            PullRun.objects.filter(pk=run.pk).update(message=exc.message[:300])
        run.refresh_from_db()
        return run
    with transaction.atomic():
        calls.flush()
        if data is not None:
            theirs = rules.siasn_view(data)
            Difference.objects.create(
                run=run, nip=run.nip, kind=DiffKind.MISSING_HERE, field=DiffField.PERSON,
                theirs=f"{theirs['name']} — {theirs['position']}, {theirs['unit']}"[:300],
                siasn=theirs,
            )  # fmt: skip
        PullRun.objects.filter(pk=run.pk).update(done=1)
    return _finish(PullRun.objects.get(pk=run.pk))


def _finish(run: PullRun) -> PullRun:
    PullRun.objects.filter(pk=run.pk, status=PullStatus.RUNNING).update(
        status=PullStatus.DONE, finished_at=timezone.now(), message=""
    )
    run.refresh_from_db()
    return run


def run_pull(run_id: int) -> PullRun:
    """The whole run, batch after batch (the Celery task; also `siasn_sync pull`)."""
    while True:
        before = PullRun.objects.get(pk=run_id)
        run = pull_batch(run_id)
        if run.status != PullStatus.RUNNING or run.message or run.done == before.done:
            return run


@transaction.atomic
def stop_pull(run_id: int, *, actor) -> PullRun:
    run = PullRun.objects.select_for_update().get(pk=run_id)
    if run.status == PullStatus.RUNNING:
        run.status = PullStatus.STOPPED
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
        record_event(actor=actor, action="siasn.pull_stopped", target=run, after={"done": run.done})
    return run


# ---------------------------------------------------------------- accepting differences
def _position_for(unit: str, position: str):
    from core.organisation.models import Position

    return (
        Position.objects.filter(
            is_active=True, name__iexact=position.strip(), org_unit__name__iexact=unit.strip()
        )
        .select_related("org_unit")
        .first()
    )


def accept(diff_id: int, *, actor) -> Difference:
    """Apply SIASN's value through the registry's services (audited, history kept).

    A separation-of-duties refusal (e.g. an administrator's own record) becomes a
    refusal with its sentence, shown in place like any other."""
    from core.people.access import DutyRefused

    try:
        return _accept(diff_id, actor=actor)
    except DutyRefused as exc:
        raise SiasnRefused(exc.message) from None


@transaction.atomic
def _accept(diff_id: int, *, actor) -> Difference:
    from core.people import services as people

    diff = (
        Difference.objects.select_for_update(of=("self",))
        .select_related("employee")
        .get(pk=diff_id)
    )
    if diff.status != DiffStatus.OPEN:
        raise SiasnRefused(_("This difference has already been decided."))
    if diff.kind == DiffKind.MISSING_HERE:
        raise SiasnRefused(_("Add this person through the ASN import; then fetch again."))
    if diff.kind == DiffKind.MISSING_THERE:
        raise SiasnRefused(
            _("This person must be registered in SIASN by BKN; nothing to take over.")
        )
    employee = diff.employee
    if employee is None:
        raise SiasnRefused(_("This difference names no one in the registry."))
    reason = _("Taken over from BKN SIASN")
    if diff.field in people.CORRECTABLE_FIELDS:
        value = rules.normalise_golongan(diff.theirs) if diff.field == "golongan" else diff.theirs
        people.update_personal(employee, {diff.field: value}, actor=actor, reason=reason)
    elif diff.field in (DiffField.POSITION, DiffField.UNIT):
        from core.people.hierarchy import position_on

        current = position_on(employee)
        unit = diff.siasn.get("unit") or (current.position.org_unit.name if current else "")
        name = diff.siasn.get("position") or (current.position.name if current else "")
        position = _position_for(unit, name)
        if position is None:
            raise SiasnRefused(
                _(
                    "The position “%(position)s” in “%(unit)s” is not in the organisation yet: "
                    "add it, then accept again."
                )
                % {"position": name, "unit": unit}
            )
        if current is None or current.position_id != position.pk:
            people.appoint(employee, position, starts_on=timezone.localdate(), actor=actor)
        # The same move settles the sibling position/unit difference of this person.
        Difference.objects.filter(
            run=diff.run,
            employee=employee,
            status=DiffStatus.OPEN,
            field__in=[DiffField.POSITION, DiffField.UNIT],
        ).exclude(pk=diff.pk).update(
            status=DiffStatus.ACCEPTED,
            decided_at=timezone.now(),
            decided_by=actor if getattr(actor, "pk", None) else None,
        )
    else:
        raise SiasnRefused(
            _("The supervisor follows from the positions: correct the position or the structure.")
        )
    diff.status = DiffStatus.ACCEPTED
    diff.decided_at = timezone.now()
    diff.decided_by = actor if getattr(actor, "pk", None) else None
    diff.save(update_fields=["status", "decided_at", "decided_by"])
    record_event(
        actor=actor,
        action="siasn.difference_accepted",
        target=employee,
        before={"field": diff.field, "value": diff.ours},
        after={"field": diff.field, "value": diff.theirs},
    )
    return diff


@transaction.atomic
def dismiss(diff_id: int, *, actor, note: str = "") -> Difference:
    diff = Difference.objects.select_for_update().get(pk=diff_id)
    if diff.status != DiffStatus.OPEN:
        raise SiasnRefused(_("This difference has already been decided."))
    diff.status = DiffStatus.DISMISSED
    diff.note = note.strip()[:300]
    diff.decided_at = timezone.now()
    diff.decided_by = actor if getattr(actor, "pk", None) else None
    diff.save(update_fields=["status", "note", "decided_at", "decided_by"])
    record_event(
        actor=actor,
        action="siasn.difference_kept",
        object_type="siasn.difference",
        object_id=diff.pk,
        after={"field": diff.field, "kept": diff.ours},
        reason=diff.note,
    )
    return diff


ACCEPTABLE_FIELDS = ("name", "front_title", "back_title", "golongan", "position", "unit")


def accept_many(diff_ids: Iterable[int], *, actor) -> tuple[int, list[tuple[Difference, str]]]:
    """Accept each difference on its own (one refusal does not block the rest)."""
    accepted, refused = 0, []
    for diff in Difference.objects.filter(pk__in=list(diff_ids), status=DiffStatus.OPEN).order_by(
        "pk"
    ):
        try:
            with transaction.atomic():
                if Difference.objects.filter(pk=diff.pk, status=DiffStatus.OPEN).exists():
                    accept(diff.pk, actor=actor)
                    accepted += 1
        except ValidationError as exc:
            refused.append((diff, " ".join(exc.messages)))
    return accepted, refused


def open_differences():
    return Difference.objects.filter(status=DiffStatus.OPEN).select_related("employee")


# ---------------------------------------------------------------- results out
@dataclass
class Queued:
    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # reasons (mapping missing, ...)


def _assessors(employee_ids: list[int], day: date) -> dict[int, rules.Assessor | None]:
    """The supervisor of each person on `day`, with golongan, position and unit then."""
    from core.people.models import Assignment, Employee

    chosen = supervisors_on(day, employee_ids)
    supervisor_ids = {s for s in chosen.values() if s}
    people = {
        e.pk: e
        for e in Employee.objects.filter(pk__in=supervisor_ids).only(
            "id", "nip", "name", "front_title", "back_title", "golongan", "asn_type"
        )
    }
    held: dict[int, tuple[str, str]] = {}
    for employee_id, position, unit in (
        Assignment.objects.filter(employee_id__in=supervisor_ids, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("employee_id", "is_acting", "-starts_on", "-id")
        .values_list("employee_id", "position__name", "position__org_unit__name")
    ):
        held.setdefault(employee_id, (position, unit))
    result: dict[int, rules.Assessor | None] = {}
    built: dict[int, rules.Assessor] = {}  # one per supervisor, shared by their staff
    for pk in employee_ids:
        boss_id = chosen.get(pk)
        boss = people.get(boss_id) if boss_id is not None else None
        if boss is None:
            result[pk] = None
            continue
        if boss.pk in built:
            result[pk] = built[boss.pk]
            continue
        position, unit = held.get(boss.pk, ("", ""))
        result[pk] = built[boss.pk] = rules.Assessor(
            name=boss.display_name, nip=boss.nip, golongan=boss.golongan,
            position=position, unit=unit, is_asn=True,
        )  # fmt: skip
    return result


# What a period's row carries, from a month's result or a closed assessment alike.
RATING_COLUMNS = (
    "employee_id",
    "results_rating",
    "behaviour_rating",
    "predicate",
    "position__position_type",
)


def _period_rows(year: int, first: int, last: int, cadence: str) -> list[dict[str, Any]]:
    """Each person's ratings for the period: the month's result, or the closed periodic or
    annual assessment (core.talent) for longer periods."""
    from core.performance.models import MonthlyResult, Period, PeriodStatus

    if cadence == Cadence.MONTHLY:
        period = Period.objects.filter(year=year, month=last, status=PeriodStatus.CLOSED).first()
        if period is None:
            raise SiasnRefused(_("Results are sent only for a closed month."))
        monthly = MonthlyResult.objects.filter(period=period).values(*RATING_COLUMNS)
        return [dict(row) for row in monthly]
    from core.talent.models import Assessment, AssessmentKind, AssessmentRound

    kind = AssessmentKind.ANNUAL if cadence == Cadence.ANNUAL else AssessmentKind.PERIODIC
    rows = Assessment.objects.filter(
        round__year=year, round__kind=kind, round__first_month=first, round__last_month=last,
        round__status=AssessmentRound.Status.CLOSED,
    ).exclude(predicate="")  # fmt: skip
    # Rounds are per OPD: someone moved between OPDs can be in two closed rounds of the
    # same period. SIASN takes one result per person and period: the latest published.
    latest: dict[int, dict[str, Any]] = {}
    for row in rows.order_by("round__closed_at", "round_id").values(*RATING_COLUMNS):
        latest[row["employee_id"]] = dict(row)
    if not latest:
        raise SiasnRefused(_("No closed assessment covers this period yet."))
    return list(latest.values())


def queue_results(year: int, month: int, *, actor) -> Queued:
    """Put each person's result of the period that `month` closes into the outbox.

    Idempotent on person + period: an unchanged result stays as it is; a changed one
    (a correction) is marked to be replaced in SIASN (delete, then save).
    """
    conn = _require_connection()
    span = rules.period_months(conn.cadence, month)
    if span is None:
        raise SiasnRefused(_("This month closes no period at the city's cadence."))
    first, last = span
    rows = _period_rows(year, first, last, conn.cadence)
    ids = [r["employee_id"] for r in rows]
    assessors = _assessors(ids, rules.last_day(year, last))
    links = dict(
        PersonLink.objects.filter(employee_id__in=ids).values_list("employee_id", "siasn_id")
    )
    mapping = mapping_table()
    now = timezone.now()
    outcome = Queued()
    with transaction.atomic():
        existing = {
            item.employee_id: item
            for item in OutboxItem.objects.select_for_update().filter(
                year=year, first_month=first, last_month=last, employee_id__in=ids
            )
        }
        new, changed = [], []
        for row in rows:
            try:
                payload = rules.build_payload(
                    siasn_person_id=links.get(row["employee_id"], ""),
                    year=year, first_month=first, last_month=last, cadence=conn.cadence,
                    results=row["results_rating"], behaviour=row["behaviour_rating"],
                    predicate=row["predicate"], position_type=row["position__position_type"] or "",
                    assessor=assessors.get(row["employee_id"]), mapping=mapping,
                )  # fmt: skip
            except rules.MappingMissing as exc:
                reason = _("No BKN code for %(value)s (%(kind)s).") % {
                    "value": exc.value,
                    "kind": exc.kind,
                }
                if reason not in outcome.skipped:
                    outcome.skipped.append(reason)
                continue
            item = existing.get(row["employee_id"])
            if item is None:
                new.append(
                    OutboxItem(employee_id=row["employee_id"], year=year, first_month=first,
                               last_month=last, payload=payload, next_attempt_at=now, queued_at=now,
                               source="month" if conn.cadence == Cadence.MONTHLY else "assessment")
                )  # fmt: skip
                continue
            same = _comparable(item.payload) == _comparable(payload)
            if same and item.state != OutboxState.DELETED:
                outcome.unchanged += 1
                continue
            item.payload = payload
            item.state = OutboxState.PENDING
            item.attempts = 0
            item.next_attempt_at = now
            item.answer = ""
            item.queued_at = now
            changed.append(item)
        _copy_items(new)
        OutboxItem.objects.bulk_update(
            changed,
            ["payload", "state", "attempts", "next_attempt_at", "answer", "queued_at"],
            batch_size=2000,
        )
        outcome.created, outcome.replaced = len(new), len(changed)
        record_event(
            actor=actor,
            action="siasn.results_queued",
            object_type="siasn.outbox",
            object_id=f"{year}-{first:02d}-{last:02d}",
            after={"created": outcome.created, "replaced": outcome.replaced,
                   "unchanged": outcome.unchanged, "skipped": outcome.skipped},
        )  # fmt: skip
    return outcome


_COPY_COLUMNS = (
    "employee_id", "year", "first_month", "last_month", "payload", "state", "attempts",
    "next_attempt_at", "siasn_id", "answer", "source", "queued_at",
)  # fmt: skip


def _copy_items(items: list[OutboxItem]) -> None:
    """Insert new outbox items with COPY: a month of a large city is 20,000 rows, and
    the ORM's INSERT spends most of its time adapting parameters."""
    if not items:
        return
    sql = f"COPY {OutboxItem._meta.db_table} ({', '.join(_COPY_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for item in items:
            copy.write_row(
                (item.employee_id, item.year, item.first_month, item.last_month,
                 json.dumps(item.payload), item.state, item.attempts, item.next_attempt_at,
                 item.siasn_id, item.answer, item.source, item.queued_at)
            )  # fmt: skip


def _comparable(payload: dict) -> dict:
    """A payload without SIASN's person id (learnt later, at sending)."""
    return {k: v for k, v in payload.items() if k != "pnsDinilaiId"}


@dataclass
class Sent:
    sent: int = 0
    retry: int = 0
    stopped: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retry + self.stopped


def due_items():
    return OutboxItem.objects.filter(
        state__in=[OutboxState.PENDING, OutboxState.RETRY], next_attempt_at__lte=timezone.now()
    )


def send_due(*, limit: int = SEND_BATCH, actor=None) -> Sent:
    """Send up to `limit` due items, one sender per city at a time (a lease)."""
    conn = _require_connection()
    outcome = Sent()
    try:
        with leases.hold("siasn.send"):
            calls = CallBuffer()
            client = client_for(conn, calls)
            interval = 1 / max(conn.calls_per_second, 1)
            items = list(
                due_items().select_related("employee").order_by("next_attempt_at", "pk")[:limit]
            )
            for item in items:
                started = time.monotonic()
                calls.employee_id = item.employee_id
                calls.period = item.period_label
                state = _send_one(item, client, calls)
                setattr(outcome, state, getattr(outcome, state) + 1)
                wait = interval - (time.monotonic() - started)
                if wait > 0:
                    time.sleep(wait)
            calls.flush()
    except leases.LeaseBusy:
        raise SiasnRefused(_("Results are being sent right now.")) from None
    return outcome


def _send_one(item: OutboxItem, client: SiasnClient, calls: CallBuffer) -> str:
    """One item: learn SIASN's person id if needed, delete the old record, save."""
    try:
        payload = dict(item.payload)
        if not payload.get("pnsDinilaiId"):
            data = client.data_utama(item.employee.nip)
            person_id = str(data.get("id") or "")
            if not person_id:
                raise SiasnError(_("SIASN gave no id for this person."), 422)
            PersonLink.objects.update_or_create(
                employee_id=item.employee_id,
                defaults={"siasn_id": person_id, "pulled_at": timezone.now()},
            )
            payload["pnsDinilaiId"] = person_id
            item.payload = payload
            OutboxItem.objects.filter(pk=item.pk).update(payload=payload)
        if item.siasn_id:  # replacing a record sent before: delete it first
            with contextlib.suppress(NotFound):
                client.delete_result(item.siasn_id)
            item.siasn_id = ""
            OutboxItem.objects.filter(pk=item.pk).update(siasn_id="")
        record_id = client.save_result(payload)
    except SiasnError as exc:
        item.attempts += 1
        item.state = rules.after_failure(item.attempts, exc.status)
        item.last_status = exc.status
        item.answer = (f"{exc.message} ({exc.answer})" if exc.answer else exc.message)[:300]
        wait = rules.backoff_seconds(item.attempts, settings.SIASN_RETRY_BASE_SECONDS)
        item.next_attempt_at = timezone.now() + timedelta(seconds=wait)
        item.save(update_fields=["attempts", "state", "last_status", "answer", "next_attempt_at"])
        return "retry" if item.state == OutboxState.RETRY else "stopped"
    item.attempts += 1
    item.state = OutboxState.SENT
    item.siasn_id = record_id
    item.last_status = 200
    item.answer = ""
    item.sent_at = timezone.now()
    item.save(update_fields=["attempts", "state", "siasn_id", "last_status", "answer", "sent_at"])
    return "sent"


def inline_batch(conn: Connection | None = None) -> int:
    """How many calls one web request makes without a broker: about three seconds' worth."""
    conn = conn or get_connection()
    rate = conn.calls_per_second if conn else 5
    return max(1, min(SEND_BATCH, rate * 3))


def pull_step(run_id: int) -> PullRun:
    """One inline batch of a running pull (the progress page calls it without a broker)."""
    return pull_batch(run_id, batch=inline_batch())


def send_step() -> Sent:
    """One inline batch of the outbox (the outbox page calls it without a broker)."""
    return send_due(limit=inline_batch())


def send_all(*, actor=None, max_rounds: int = 10_000) -> Sent:
    """Send until nothing is due (the Celery task and `siasn_sync push`)."""
    total = Sent()
    for _round in range(max_rounds):
        if not due_items().exists():
            break
        batch = send_due(actor=actor)
        total.sent += batch.sent
        total.retry += batch.retry
        total.stopped += batch.stopped
    return total


@transaction.atomic
def retry_item(item_id: int, *, actor) -> OutboxItem:
    item = OutboxItem.objects.select_for_update().get(pk=item_id)
    if item.state not in (OutboxState.STOPPED, OutboxState.RETRY, OutboxState.DELETED):
        raise SiasnRefused(_("Only a stopped, failed or deleted item can be sent again."))
    before = item.state
    item.state = OutboxState.PENDING
    item.attempts = 0
    item.next_attempt_at = timezone.now()
    item.save(update_fields=["state", "attempts", "next_attempt_at"])
    record_event(actor=actor, action="siasn.item_retried", target=item, before={"state": before})
    return item


def delete_item(item_id: int, *, actor) -> OutboxItem:
    """Remove the record from SIASN and mark the item deleted (it can be sent again)."""
    conn = _require_connection()
    item = OutboxItem.objects.get(pk=item_id)
    if item.state != OutboxState.SENT or not item.siasn_id:
        raise SiasnRefused(_("Only a result that is in SIASN can be deleted there."))
    calls = CallBuffer(employee_id=item.employee_id, period=item.period_label)
    try:
        client_for(conn, calls).delete_result(item.siasn_id)
    except NotFound:
        pass
    except SiasnError as exc:
        with transaction.atomic():
            calls.flush()
        raise SiasnRefused(exc.message) from None
    with transaction.atomic():
        calls.flush()
        before = item.siasn_id
        item.state = OutboxState.DELETED
        item.siasn_id = ""
        item.save(update_fields=["state", "siasn_id"])
        record_event(
            actor=actor, action="siasn.item_deleted", target=item, before={"siasn_id": before}
        )
    return item


def outbox_counts(year: int | None = None, first: int | None = None) -> dict[str, int]:
    from django.db.models import Count

    items = OutboxItem.objects.all()
    if year:
        items = items.filter(year=year)
    if first:
        items = items.filter(first_month=first)
    counts = dict(items.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    return {state: counts.get(state, 0) for state in OutboxState.values}
