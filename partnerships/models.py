"""City-to-city partnerships (public schema): who mentors whom under which agreement,
the mentoring plan and log, practices offered back, monthly reports, and the adoption
aggregates the mentor reads.

People of either city are named by (city, user id, user name, full name) rather than a
foreign key: a city's users live in its own schema, and no table may point across
schemas (DESIGN.md section 7).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tenants.models import City


class PartnerRole(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    ADOPTER = "adopter", _("Adopter")
    BOTH = "both", _("Mentor and adopter")


class PartnershipStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ENDED = "ended", _("Ended")


class Partnership(models.Model):
    """One cooperation agreement (PKS) between two cities."""

    city_a = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    role_a = models.CharField(_("role"), max_length=10, choices=PartnerRole.choices)
    city_b = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    role_b = models.CharField(_("role"), max_length=10, choices=PartnerRole.choices)
    agreement_number = models.CharField(_("agreement number"), max_length=120)
    agreement_date = models.DateField(_("agreement date"))
    signatories = models.TextField(_("signatories"), blank=True)
    document = models.FileField(_("scanned agreement"), upload_to="partnerships/", blank=True)
    scope_asn = models.BooleanField(_("ASN management"), default=True)
    scope_pad = models.BooleanField(_("Local own-source revenue (PAD)"), default=False)
    other_practices = models.JSONField(_("other practices"), default=list, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.DRAFT,
    )
    # None: proposed by a platform operator, so either city's admin may accept.
    proposed_by_city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_by_label = models.CharField(max_length=200)
    accepted_by_label = models.CharField(max_length=200, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-agreement_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(city_a=models.F("city_b")), name="two_cities"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="partnership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_number}: {self.city_a_id} / {self.city_b_id}"


class Member(models.Model):
    """A person of one of the two cities taking part: a contact to assign actions to and,
    with `is_mentor`, the `mentor` permission (reads the adopter's adoption panel)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    user_id = models.BigIntegerField()
    username = models.CharField(max_length=150)
    full_name = models.CharField(_("name"), max_length=200)
    is_mentor = models.BooleanField(_("mentor"), default=False)
    added_by_label = models.CharField(max_length=200)
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["city_id", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "city", "user_id"],
                condition=Q(removed_at__isnull=True),
                name="one_open_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.city_id})"


class MilestoneKind(models.TextChoices):
    TRAINING_DONE = "training_done", _("Training done")
    PILOT_RUN = "pilot_run", _("Pilot run")
    GO_LIVE = "go_live", _("Go-live reached")
    FIRST_MONTH_CLOSED = "first_month_closed", _("First month closed")
    FIRST_ANNUAL_ASSESSMENT = "first_annual_assessment", _("First annual assessment")
    OTHER = "other", _("Other")


class Milestone(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("milestone"), max_length=30, choices=MilestoneKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"))
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    confirmed_by_label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} by {self.due_on}"

    @property
    def name(self) -> str:
        return self.title or str(self.get_kind_display())


class MeetingKind(models.TextChoices):
    VISIT = "visit", _("Site visit")
    MEETING = "meeting", _("Meeting")
    ONLINE = "online", _("Online meeting")


class Meeting(models.Model):
    """A visit or meeting, with its minutes and who took part."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.TextField(_("participants"), blank=True)
    minutes = models.TextField(_("minutes"))
    recorded_by_city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.held_on}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionItem(models.Model):
    """A task agreed at a meeting, for a person of either city."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("action"), max_length=300)
    assignee_city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    assignee_user_id = models.BigIntegerField()
    assignee_username = models.CharField(max_length=150)
    assignee_name = models.CharField(_("assigned to"), max_length=200)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by_label = models.CharField(max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class PartnershipPilot(models.Model):
    """A pilot (training) city used to rehearse this partnership's adoption."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="pilots")
    pilot_city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    linked_by_label = models.CharField(max_length=200)
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "pilot_city"], name="pilot_linked_once")
        ]

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.pilot_city_id}"


class PracticeStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    STUDYING = "studying", _("Being studied")
    ADOPTED = "adopted", _("Adopted")
    DECLINED = "declined", _("Declined")


class Practice(models.Model):
    """A practice one city offers the other (two-way learning)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="practices")
    offered_by = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("practice"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PracticeStatus.choices, default=PracticeStatus.OFFERED
    )
    recorded_by_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class AdoptionSnapshot(models.Model):
    """One day's adoption aggregates of a city that `CityMetrics` does not hold:
    configuration drift from its template, distribution-curve results, PAD realisation.

    Written by `refresh_adoption_snapshots` in the city's own schema; the mentor's
    panel reads only these rows and `CityMetrics`, never the city's schema.
    """

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="+")
    taken_on = models.DateField()
    taken_at = models.DateTimeField()
    template_ref = models.CharField(max_length=100, blank=True)
    config_items = models.PositiveIntegerField(default=0)
    config_changed = models.PositiveIntegerField(default=0)
    rounds_total = models.PositiveIntegerField(default=0)
    rounds_closed = models.PositiveIntegerField(default=0)
    rounds_breaking_curve = models.PositiveIntegerField(default=0)
    annual_rounds_closed = models.PositiveIntegerField(default=0)
    pad_year = models.PositiveSmallIntegerField(null=True, blank=True)
    pad_target_to_date = models.BigIntegerField(default=0)
    pad_realised_to_date = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["city", "taken_on"]
        constraints = [
            models.UniqueConstraint(fields=["city", "taken_on"], name="one_adoption_row_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.taken_on}"


class MonthlyReport(models.Model):
    """The monitoring report of one month, frozen when prepared, signed by both heads."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    content = models.JSONField(default=dict)
    prepared_at = models.DateTimeField(auto_now_add=True)
    prepared_by_label = models.CharField(max_length=200)
    signed_a_by = models.CharField(max_length=200, blank=True)
    signed_a_at = models.DateTimeField(null=True, blank=True)
    signed_b_by = models.CharField(max_length=200, blank=True)
    signed_b_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "month"], name="one_report_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partnership_id} {self.year}-{self.month:02d}"


class MentorAccess(models.Model):
    """Time-boxed access of a mentor into the adopter, granted by the adopter's admin.

    The same signed, single-use, expiring mechanism as a platform operator's support
    access (onboarding.services.support), recorded in the adopter's audit trail.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="accesses")
    mentor = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")  # the adopter
    reason = models.TextField(_("reason"))
    nonce = models.CharField(max_length=32, unique=True)
    granted_by_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(null=True, blank=True)
    city_username = models.CharField(max_length=150, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.city_id}"


class PartnershipEvent(models.Model):
    """Append-only history of a partnership, readable by both cities and operators.

    The same event is also written into each city's hash-chained audit trail.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor_label = models.CharField(max_length=200)
    actor_city = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=60)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_label}"
