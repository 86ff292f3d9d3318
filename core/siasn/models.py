"""A city's link with BKN's SIASN: the connection, the code mapping, pulls and the outbox.

Credentials are stored encrypted (core.siasn.secrets) with their last four characters as
a hint; nothing here holds a token. Every write goes through core.siasn.services.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")


class Connection(models.Model):
    """The city's SIASN connection (one row per city schema)."""

    gateway_url = models.URLField(_("gateway URL"), max_length=300)
    api_url = models.URLField(_("API URL"), max_length=300)
    sso_url = models.URLField(_("SSO token URL"), max_length=300)
    sso_client_id = models.CharField(_("SSO client id"), max_length=100)
    sso_username = models.CharField(_("SIASN operator account"), max_length=100)
    consumer_key_enc = models.TextField(blank=True)
    consumer_key_hint = models.CharField(max_length=4, blank=True)
    consumer_secret_enc = models.TextField(blank=True)
    consumer_secret_hint = models.CharField(max_length=4, blank=True)
    sso_password_enc = models.TextField(blank=True)
    sso_password_hint = models.CharField(max_length=4, blank=True)
    cadence = models.CharField(
        _("results sent"), max_length=10, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    calls_per_second = models.PositiveSmallIntegerField(_("calls per second"), default=5)
    auto_queue = models.BooleanField(_("queue results when a month closes"), default=True)
    last_test_at = models.DateTimeField(null=True, blank=True)
    last_test_ok = models.BooleanField(null=True, blank=True)
    last_test_message = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.api_url

    @property
    def complete(self) -> bool:
        return bool(self.consumer_key_enc and self.consumer_secret_enc and self.sso_password_enc)


class MappingKind(models.TextChoices):
    RESULTS = "hasil", _("Results rating (hasilKinerjaNilai)")
    BEHAVIOUR = "perilaku", _("Behaviour rating (perilakuKerjaNilai)")
    QUADRANT = "kuadran", _("Predicate (kuadranKinerjaNilai)")
    PERIOD = "periodik", _("Period kind (periodikId)")
    COEFFICIENT = "koefisien", _("Position type (koefisienId)")


class CodeMapping(models.Model):
    """One of the city's product values and the BKN reference code it is sent as."""

    kind = models.CharField(max_length=10, choices=MappingKind.choices)
    value = models.CharField(max_length=30)
    code = models.CharField(_("BKN code"), max_length=60)
    bkn_label = models.CharField(_("BKN label"), max_length=120, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="siasn_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}->{self.code}"


class ReferenceTable(models.TextChoices):
    """BKN's reference downloads the mapping's codes come from."""

    PERILAKU_KINERJA = "perilakuDanKinerja", "perilakuDanKinerja"
    KUADRAN = "kuadranNilai", "kuadranNilai"
    PERIODIK = "periodik", "periodik"
    KOEFISIEN = "koefisien", "koefisien"


# Which reference table each mapping kind takes its codes from.
TABLE_OF_KIND: dict[str, str] = {
    MappingKind.RESULTS.value: ReferenceTable.PERILAKU_KINERJA.value,
    MappingKind.BEHAVIOUR.value: ReferenceTable.PERILAKU_KINERJA.value,
    MappingKind.QUADRANT.value: ReferenceTable.KUADRAN.value,
    MappingKind.PERIOD.value: ReferenceTable.PERIODIK.value,
    MappingKind.COEFFICIENT.value: ReferenceTable.KOEFISIEN.value,
}


class ReferenceCode(models.Model):
    """One row of a BKN reference table as the city last uploaded it (code and name)."""

    table = models.CharField(max_length=20, choices=ReferenceTable.choices)
    code = models.CharField(_("BKN code"), max_length=60)
    name = models.CharField(_("BKN label"), max_length=200)
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["table", "code"]
        constraints = [
            models.UniqueConstraint(fields=["table", "code"], name="siasn_reference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.table}:{self.code} {self.name}"


class PullScope(models.TextChoices):
    ALL = "all", _("Every ASN")
    OPD = "opd", _("One OPD")
    NIP = "nip", _("One NIP")


class PullStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    STOPPED = "stopped", _("Stopped")


class PullRun(models.Model):
    """One fetch of data-utama for a set of people; resumable from `last_employee_id`."""

    scope = models.CharField(max_length=5, choices=PullScope.choices)
    opd = models.ForeignKey(
        "organisation.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nip = models.CharField(max_length=18, blank=True)
    status = models.CharField(max_length=8, choices=PullStatus.choices, default=PullStatus.RUNNING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    last_employee_id = models.BigIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.scope} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))


class DiffKind(models.TextChoices):
    DIFFERS = "differs", _("Differs")
    MISSING_HERE = "missing_here", _("In SIASN, not here")
    MISSING_THERE = "missing_there", _("Here, not in SIASN")


class DiffField(models.TextChoices):
    NAME = "name", _("Name")
    FRONT_TITLE = "front_title", _("Front title")
    BACK_TITLE = "back_title", _("Back title")
    GOLONGAN = "golongan", _("Golongan")
    POSITION = "position", _("Position")
    UNIT = "unit", _("Unit")
    SUPERVISOR = "supervisor", _("Supervisor")
    PERSON = "person", _("Person")


class DiffStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Kept ours")


class Difference(models.Model):
    """One field that differs between the registry and SIASN, or a person on one side only."""

    run = models.ForeignKey(PullRun, on_delete=models.CASCADE, related_name="differences")
    employee = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    nip = models.CharField(max_length=18)
    kind = models.CharField(max_length=14, choices=DiffKind.choices)
    field = models.CharField(max_length=12, choices=DiffField.choices)
    ours = models.CharField(max_length=300, blank=True)
    theirs = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=DiffStatus.choices, default=DiffStatus.OPEN)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    # SIASN's view of the person when pulled (siasn_view), for accepting a position.
    siasn = models.JSONField(default=dict)

    class Meta:
        ordering = ["nip", "id"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return f"{self.nip} {self.field}"


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    RETRY = "retry", _("Failed, will retry")
    SENT = "sent", _("Sent")
    STOPPED = "stopped", _("Stopped")
    DELETED = "deleted", _("Deleted from SIASN")


class OutboxItem(models.Model):
    """One person's result of one period, to be in SIASN exactly once."""

    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    first_month = models.PositiveSmallIntegerField()
    last_month = models.PositiveSmallIntegerField()
    payload = models.JSONField()
    state = models.CharField(max_length=8, choices=OutboxState.choices, default=OutboxState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    siasn_id = models.CharField(max_length=64, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    answer = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=10, default="month")
    queued_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["year", "first_month", "employee_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year", "first_month", "last_month"],
                name="siasn_outbox_once_per_period",
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.period_label}"

    @property
    def first_day(self):
        from datetime import date

        return date(self.year, self.first_month, 1)

    @property
    def last_month_day(self):
        from datetime import date

        return date(self.year, self.last_month, 1)

    @property
    def period_label(self) -> str:
        return f"{self.first_month}-{self.last_month}/{self.year}"


class CallLog(models.Model):
    """Every call to SIASN: endpoint (without the NIP), status and duration; no tokens."""

    at = models.DateTimeField()
    method = models.CharField(max_length=6)
    endpoint = models.CharField(max_length=120)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField()
    employee_id_ref = models.BigIntegerField(null=True, blank=True)
    period = models.CharField(max_length=20, blank=True)
    outcome = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"{self.method} {self.endpoint} {self.status}"


class PersonLink(models.Model):
    """SIASN's own id of a person (`pnsDinilaiId`), learnt from data-utama."""

    employee = models.OneToOneField(
        "people.Employee", on_delete=models.CASCADE, related_name="siasn_link"
    )
    siasn_id = models.CharField(max_length=64)
    pulled_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.siasn_id
