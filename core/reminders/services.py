"""Queue the reminders that are due (set-based, one statement per kind and channel) and
send what is queued. Called by Celery beat every quarter hour for every city
(tenants.tasks, tenants.city_jobs), and by `manage.py send_reminders`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import requests
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from core.audit.services import record_event
from core.reminders import rules
from core.reminders.channels import Message, SendFailed, send_emails, send_gateway, send_push
from core.reminders.models import (
    Channel,
    Kind,
    OptOut,
    PushSubscription,
    Reminder,
    ReminderSettings,
    Status,
)


def reminder_settings() -> ReminderSettings:
    return ReminderSettings.objects.get_or_create(pk=1)[0]


def month_cutoff(year: int, month: int) -> date | None:
    """The last day work of this month may be logged: the back-dating window of the
    month's last working day, extended by incidents (core.performance.grace)."""
    from core.performance.grace import logging_deadline
    from core.performance.policy import calendar_days, current_policy

    days = calendar_days(year, month)
    if not days:
        return None
    deadline = logging_deadline(days[-1], current_policy(year, month).max_backdate_days)
    return timezone.localtime(deadline.at - timedelta(microseconds=1)).date()


def _tables() -> dict[str, str]:
    from core.people.models import Assignment, Employee
    from core.performance.models import ActivityEntry, AttendanceRecord

    return {
        "reminder": Reminder._meta.db_table,
        "optout": OptOut._meta.db_table,
        "push": PushSubscription._meta.db_table,
        "people": Employee._meta.db_table,
        "assignment": Assignment._meta.db_table,
        "entry": ActivityEntry._meta.db_table,
        "attendance": AttendanceRecord._meta.db_table,
        "user": get_user_model()._meta.db_table,
    }


_REACHABLE: dict[str, str] = {
    Channel.PUSH: "EXISTS (SELECT 1 FROM {push} s WHERE s.user_id = e.user_id)",
    Channel.EMAIL: "(e.email <> '' OR u.email <> '')",
    Channel.SMS: "e.phone <> ''",
}

# Everyone who could get a reminder today: active, with an account that is in use,
# holding a position today, not on leave today, not opted out of the channel.
_ELIGIBLE = """
FROM {people} e JOIN {user} u ON u.id = e.user_id AND u.is_active
WHERE e.status = 'active'
  AND EXISTS (SELECT 1 FROM {assignment} a WHERE a.employee_id = e.id
              AND a.starts_on <= %(day)s AND (a.ends_on IS NULL OR a.ends_on >= %(day)s))
  AND NOT EXISTS (SELECT 1 FROM {attendance} r WHERE r.employee_id = e.id AND r.day = %(day)s
                  AND r.status IN ('cuti', 'sakit'))
  AND NOT EXISTS (SELECT 1 FROM {optout} o WHERE o.employee_id = e.id AND o.channel = %(channel)s)
  AND {reachable}
"""

_QUEUE: dict[str, str] = {
    Kind.NOT_LOGGED: """
INSERT INTO {reminder} (employee_id, kind, channel, day, count, status, queued_at, sent_at, error)
SELECT e.id, %(kind)s, %(channel)s, %(day)s, 0, 'queued', %(now)s, NULL, ''
"""
    + _ELIGIBLE
    + """
  AND NOT EXISTS (SELECT 1 FROM {entry} x WHERE x.employee_id = e.id AND x.day = %(day)s)
ON CONFLICT DO NOTHING
""",
    Kind.TO_VERIFY: """
INSERT INTO {reminder} (employee_id, kind, channel, day, count, status, queued_at, sent_at, error)
SELECT e.id, %(kind)s, %(channel)s, %(day)s, w.n, 'queued', %(now)s, NULL, ''
FROM (SELECT verifier_id, count(*) AS n FROM {entry}
      WHERE status = 'submitted' AND verifier_id IS NOT NULL GROUP BY verifier_id) w
JOIN {people} e ON e.id = w.verifier_id JOIN {user} u ON u.id = e.user_id AND u.is_active
WHERE e.status = 'active'
  AND NOT EXISTS (SELECT 1 FROM {attendance} r WHERE r.employee_id = e.id AND r.day = %(day)s
                  AND r.status IN ('cuti', 'sakit'))
  AND NOT EXISTS (SELECT 1 FROM {optout} o WHERE o.employee_id = e.id AND o.channel = %(channel)s)
  AND {reachable}
ON CONFLICT DO NOTHING
""",
    Kind.CUTOFF: """
INSERT INTO {reminder} (employee_id, kind, channel, day, count, status, queued_at, sent_at, error)
SELECT e.id, %(kind)s, %(channel)s, %(day)s, 0, 'queued', %(now)s, NULL, ''
"""
    + _ELIGIBLE
    + """
ON CONFLICT DO NOTHING
""",
}


@dataclass(frozen=True)
class Queued:
    kinds: list[str]
    rows: int


def queue_reminders(now: datetime | None = None) -> Queued:
    """Queue, once per person, channel and day, the reminders due at this hour."""
    from core.performance.policy import calendar_days

    settings_row = reminder_settings()
    local = timezone.localtime(now or timezone.now())
    if not settings_row.enabled or rules.in_quiet_hours(
        local.time(), settings_row.quiet_starts, settings_row.quiet_ends
    ):
        return Queued([], 0)
    today = local.date()
    cutoff = month_cutoff(today.year, today.month)
    kinds = rules.due_kinds(
        hour=local.hour,
        log_hour=settings_row.log_hour,
        verify_hour=settings_row.verify_hour,
        working_day=today in set(calendar_days(today.year, today.month)),
        cutoff_reminder_day=cutoff is not None
        and rules.cutoff_reminder_day(today, cutoff, settings_row.cutoff_days_before),
    )
    tables = _tables()
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for kind in kinds:
            for channel in settings_row.channels():
                sql = _QUEUE[kind].format(**tables, reachable=_REACHABLE[channel].format(**tables))
                cursor.execute(sql, {"kind": kind, "channel": channel, "day": today, "now": local})
                rows += cursor.rowcount
    return Queued(kinds, rows)


def _message(reminder: Reminder, city_name: str, base: str) -> Message:
    with override("id"):
        if reminder.kind == Kind.NOT_LOGGED:
            body = _("You have not logged any work today. Log it before you go home.")
            url = reverse("performance:log")
        elif reminder.kind == Kind.TO_VERIFY:
            body = ngettext(
                "%(count)s activity of your staff is waiting for your verification.",
                "%(count)s activities of your staff are waiting for your verification.",
                reminder.count,
            ) % {"count": reminder.count}
            url = reverse("performance:verify")
        else:
            body = _("This month's logging closes soon: log any work still missing.")
            url = reverse("performance:log")
        return Message(
            title=city_name, body=body, url=base + url, tag=f"{reminder.kind}-{reminder.day}"
        )


def send_queued(*, limit: int = 1000, session: requests.Session | None = None) -> dict[str, int]:
    """Send up to `limit` queued reminders; each ends sent or failed (with the reason)."""
    from django.conf import settings

    from core.accounts.views import configured_host

    city = getattr(connection, "tenant", None)
    city_name = getattr(city, "name", "Sinergi")
    base = f"{settings.PUBLIC_URL_SCHEME}://{configured_host()}"
    counts = {"sent": 0, "failed": 0}
    with transaction.atomic():
        batch = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=Status.QUEUED)
            .select_related("employee", "employee__user")
            .order_by("id")[:limit]
        )
        if not batch:
            return counts
        subscriptions = _subscriptions_of(batch)
        now = timezone.now()
        emails: list[tuple[Reminder, str, Message]] = []
        for reminder in batch:
            message = _message(reminder, city_name, base)
            if reminder.channel == Channel.EMAIL:
                emails.append((reminder, _email_address(reminder), message))
            else:
                _send_one(reminder, message, subscriptions, session, now)
        _send_email_batch(emails, now)
        Reminder.objects.bulk_update(batch, ["status", "sent_at", "error"])
    for reminder in batch:
        counts["sent" if reminder.status == Status.SENT else "failed"] += 1
    return counts


def _subscriptions_of(batch: list[Reminder]) -> dict[int, list[PushSubscription]]:
    user_ids = [r.employee.user_id for r in batch if r.channel == Channel.PUSH]
    subscriptions: dict[int, list[PushSubscription]] = {}
    for sub in PushSubscription.objects.filter(user_id__in=user_ids):
        subscriptions.setdefault(sub.user_id, []).append(sub)
    return subscriptions


def _email_address(reminder: Reminder) -> str:
    user = reminder.employee.user
    return reminder.employee.email or (user.email if user else "")


def _send_one(
    reminder: Reminder,
    message: Message,
    subscriptions: dict[int, list[PushSubscription]],
    session: requests.Session | None,
    now: datetime,
) -> None:
    """Push or gateway: the reminder ends sent, or failed with the reason."""
    try:
        if reminder.channel == Channel.PUSH:
            _push_all(subscriptions.get(reminder.employee.user_id or 0, []), message)
        else:
            send_gateway(reminder.employee.phone, message, session=session)
    except SendFailed as failure:
        reminder.status, reminder.error = Status.FAILED, str(failure)[:300]
    else:
        reminder.status, reminder.sent_at = Status.SENT, now


def _send_email_batch(emails: list[tuple[Reminder, str, Message]], now: datetime) -> None:
    """One connection for every e-mail of the batch; a failure fails each of them."""
    if not emails:
        return
    try:
        send_emails([(address, m) for _r, address, m in emails])
    except Exception as error:
        for reminder, _a, _m in emails:
            reminder.status, reminder.error = Status.FAILED, str(error)[:300]
    else:
        for reminder, _a, _m in emails:
            reminder.status, reminder.sent_at = Status.SENT, now


def _push_all(subscriptions: list[PushSubscription], message: Message) -> None:
    if not subscriptions:
        raise SendFailed("no subscription")
    delivered = 0
    last = None
    for sub in subscriptions:
        try:
            send_push(
                {"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}},
                message,
            )
            delivered += 1
        except SendFailed as failure:
            last = failure
            if failure.gone:
                sub.delete()
    if not delivered:
        raise last or SendFailed("not delivered")


# ---------------------------------------------------------------- a person's choices
@transaction.atomic
def set_opt_outs(*, actor, employee, channels_off: set[str]) -> None:
    """The channels on which this person wants no reminders."""
    current = set(OptOut.objects.filter(employee=employee).values_list("channel", flat=True))
    wanted = {c for c in channels_off if c in Channel.values}
    OptOut.objects.filter(employee=employee, channel__in=current - wanted).delete()
    OptOut.objects.bulk_create([OptOut(employee=employee, channel=c) for c in wanted - current])
    if current != wanted:
        record_event(
            actor=actor,
            action="reminders.opt_out",
            target=employee,
            before={"off": sorted(current)},
            after={"off": sorted(wanted)},
        )


@transaction.atomic
def subscribe_push(*, actor, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    sub, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": actor, "p256dh": p256dh, "auth": auth}
    )
    return sub


@transaction.atomic
def update_settings(*, actor, values: dict) -> ReminderSettings:
    row = ReminderSettings.objects.select_for_update().get_or_create(pk=1)[0]
    fields = [
        "enabled",
        "log_hour",
        "verify_hour",
        "cutoff_days_before",
        "quiet_starts",
        "quiet_ends",
        "push_on",
        "email_on",
        "sms_on",
    ]
    before = {f: str(getattr(row, f)) for f in fields}
    for f in fields:
        if f in values:
            setattr(row, f, values[f])
    row.save()
    record_event(
        actor=actor,
        action="reminders.settings",
        target=row,
        before=before,
        after={f: str(getattr(row, f)) for f in fields},
    )
    return row
