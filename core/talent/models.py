"""SKP, assessments and their objections, and talent management (9-box, pools, succession).

Every write goes through core.talent.services, which records an audit event in the same
transaction. Regulation logic lives in core.talent.rules; these are the tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.organisation.models import OrgUnit, Position
from core.people.models import Employee
from core.performance.models import LevelChoice, PredicateChoice


class OrgPredicateChoice(models.TextChoices):
    ISTIMEWA = "istimewa", _("Outstanding")
    BAIK = "baik", _("Good")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Needs improvement")
    KURANG = "kurang", _("Poor")
    SANGAT_KURANG = "sangat_kurang", _("Very poor")


class PotentialChoice(models.TextChoices):
    LOW = "rendah", _("low")
    MEDIUM = "menengah", _("medium")
    HIGH = "tinggi", _("high")


# ---------------------------------------------------------------- SKP
class SkpStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to supervisor")
    IN_FORCE = "in_force", _("Agreed, in force")
    CLOSED = "closed", _("Closed")


class Skp(models.Model):
    """Sasaran Kinerja Pegawai: one person's plan for (part of) a year in one position."""

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="skps", verbose_name=_("employee")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="+", verbose_name=_("position")
    )
    supervisor = models.ForeignKey(
        Employee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("supervisor"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=SkpStatus.choices, default=SkpStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agreed by"),
    )
    closed_reason = models.CharField(_("reason closed"), max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "employee__name", "starts_on"]
        verbose_name = _("SKP")
        verbose_name_plural = _("SKPs")
        indexes = [models.Index(fields=["employee", "year"]), models.Index(fields=["supervisor"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="talent_skp_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"SKP {self.year} {self.employee} ({self.position})"


class Rhk(models.Model):
    """Rencana Hasil Kerja: a planned result, cascading from the supervisor's RHK."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhks")
    text = models.CharField(_("planned result"), max_length=500)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("supports supervisor's result"),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["skp", "order", "id"]
        verbose_name = _("planned result (RHK)")
        verbose_name_plural = _("planned results (RHK)")

    def __str__(self) -> str:
        return self.text


class Measurement(models.TextChoices):
    QUANTITY = "quantity", _("Quantity")
    QUALITY = "quality", _("Quality")
    TIME = "time", _("Time")
    COST = "cost", _("Cost")


class Iki(models.Model):
    """Indikator Kinerja Individu of an RHK, with its target and realisation."""

    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=300)
    measurement = models.CharField(_("aspect"), max_length=10, choices=Measurement.choices)
    unit = models.CharField(_("unit"), max_length=50)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    lower_is_better = models.BooleanField(_("lower is better"), default=False)
    realised = models.DecimalField(
        _("realisation"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["rhk", "id"]
        verbose_name = _("indicator (IKI)")
        verbose_name_plural = _("indicators (IKI)")
        constraints = [
            models.CheckConstraint(condition=Q(target__gt=0), name="talent_iki_target_positive")
        ]

    def __str__(self) -> str:
        return self.name


class BehaviourExpectation(models.Model):
    """The leader's specific expectation for one BerAKHLAK value."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="expectations")
    value = models.CharField(_("core value"), max_length=30)
    expectation = models.TextField(_("expectation"))

    class Meta:
        ordering = ["skp", "id"]
        constraints = [
            models.UniqueConstraint(fields=["skp", "value"], name="talent_expectation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.value}: {self.expectation[:60]}"


class SkpApproval(models.Model):
    """A supervisor's decision on a submitted SKP: who, when, what."""

    class Decision(models.TextChoices):
        AGREED = "agreed", _("Agreed")
        RETURNED = "returned", _("Returned for revision")

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="approvals")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["skp", "decided_at"]

    def __str__(self) -> str:
        return f"{self.skp} {self.decision}"


# ---------------------------------------------------------------- assessment
class AssessmentKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic")
    ANNUAL = "annual", _("Annual")


ANNUAL_PERIOD = 0  # period_no of the annual assessment


class AssessmentRound(models.Model):
    """One OPD's assessment for one period: its organisation predicate and closure.

    Closing checks the staff predicates against the distribution rules for the OPD's
    predicate, then publishes them (objections run from `closed_at`)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed and published")

    opd = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=AssessmentKind.choices)
    period_no = models.PositiveSmallIntegerField(_("period"), default=ANNUAL_PERIOD)
    first_month = models.PositiveSmallIntegerField(default=1)
    last_month = models.PositiveSmallIntegerField(default=12)
    org_predicate = models.CharField(
        _("organisation predicate"), max_length=20, choices=OrgPredicateChoice.choices, blank=True
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The distribution rules the round was closed with (JSON, rules.rules_to_data form).
    rules_snapshot = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "kind", "period_no", "opd__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "year", "kind", "period_no"], name="talent_round_unique"
            )
        ]

    def __str__(self) -> str:
        if self.kind == AssessmentKind.ANNUAL:
            return f"{self.opd} {self.year}"
        return f"{self.opd} {self.year}/{self.period_no}"


class Assessment(models.Model):
    """One person's periodic or annual assessment: proposed and final ratings, predicate."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.PROTECT, related_name="assessments")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="assessments")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+")
    assessor = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    proposed_results = models.CharField(max_length=10, choices=LevelChoice.choices, blank=True)
    results_rating = models.CharField(
        _("results rating"), max_length=10, choices=LevelChoice.choices, blank=True
    )
    results_justification = models.TextField(_("justification (results)"), blank=True)
    proposed_behaviour = models.CharField(max_length=10, choices=LevelChoice.choices, blank=True)
    behaviour_rating = models.CharField(
        _("behaviour rating"), max_length=10, choices=LevelChoice.choices, blank=True
    )
    behaviour_justification = models.TextField(_("justification (behaviour)"), blank=True)
    predicate = models.CharField(
        _("predicate"), max_length=20, choices=PredicateChoice.choices, blank=True
    )
    months = models.PositiveSmallIntegerField(default=12)
    credit_points = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "employee"], name="talent_assessment_unique")
        ]
        indexes = [models.Index(fields=["employee"])]

    def __str__(self) -> str:
        return f"{self.employee} {self.round}"


class Objection(models.Model):
    """Keberatan: the ASN disputes a published predicate; the supervisor's supervisor decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        UPHELD = "upheld", _("Upheld: rating changed")
        REJECTED = "rejected", _("Rejected")

    assessment = models.OneToOneField(
        Assessment, on_delete=models.PROTECT, related_name="objection"
    )
    reasons = models.TextField(_("reasons"))
    filed_at = models.DateTimeField()
    decider = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decision_note = models.TextField(_("decision"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    predicate_before = models.CharField(max_length=20, choices=PredicateChoice.choices)
    predicate_after = models.CharField(max_length=20, choices=PredicateChoice.choices, blank=True)

    class Meta:
        ordering = ["-filed_at"]
        indexes = [models.Index(fields=["decider", "status"])]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.status}"


# ---------------------------------------------------------------- talent
class PotentialSource(models.TextChoices):
    ASSESSMENT_CENTRE = "assessment_centre", _("Assessment centre")
    PSYCHOLOGICAL_TEST = "psychological_test", _("Psychological test")
    TRACK_RECORD = "track_record", _("Track record")


class PotentialAssessment(models.Model):
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="potential_assessments"
    )
    source = models.CharField(_("source"), max_length=20, choices=PotentialSource.choices)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    level = models.CharField(_("potential"), max_length=10, choices=PotentialChoice.choices)
    assessed_on = models.DateField(_("assessed on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["employee", "-assessed_on", "-id"]
        indexes = [models.Index(fields=["employee", "assessed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="talent_potential_score_0_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.get_source_display()} {self.score}"


class TalentPlacement(models.Model):
    """A person's 9-box cell for a year, computed from the annual predicate and potential,
    possibly moved by a calibration committee (`box` then differs from `computed_box`)."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="placements")
    year = models.PositiveSmallIntegerField(_("year"))
    opd = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+")
    position_type = models.CharField(max_length=20)
    annual_predicate = models.CharField(max_length=20, choices=PredicateChoice.choices)
    performance = models.CharField(max_length=10, choices=LevelChoice.choices)
    potential_score = models.DecimalField(max_digits=5, decimal_places=2)
    potential = models.CharField(max_length=10, choices=PotentialChoice.choices)
    computed_box = models.PositiveSmallIntegerField()
    box = models.PositiveSmallIntegerField(_("box"))
    placed_at = models.DateTimeField()

    class Meta:
        ordering = ["-year", "-box", "employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="talent_placement_unique"),
            models.CheckConstraint(condition=Q(box__gte=1, box__lte=9), name="talent_box_1_9"),
        ]
        indexes = [models.Index(fields=["year", "opd", "box"])]

    def __str__(self) -> str:
        return f"{self.employee} {self.year}: {self.box}"


class CalibrationSession(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("held on"))
    committee = models.TextField(_("committee members"))
    opd = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.name


class CalibrationMove(models.Model):
    session = models.ForeignKey(CalibrationSession, on_delete=models.PROTECT, related_name="moves")
    placement = models.ForeignKey(TalentPlacement, on_delete=models.PROTECT, related_name="moves")
    from_box = models.PositiveSmallIntegerField()
    to_box = models.PositiveSmallIntegerField()
    reason = models.TextField(_("reason"))
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    moved_at = models.DateTimeField()

    class Meta:
        ordering = ["moved_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="talent_calibration_reason_required"
            )
        ]

    def __str__(self) -> str:
        return f"{self.placement}: {self.from_box} -> {self.to_box}"


class Readiness(models.TextChoices):
    READY_NOW = "ready_now", _("Ready now")
    READY_1_2_YEARS = "ready_1_2_years", _("Ready in 1-2 years")
    READY_3_YEARS = "ready_3_years", _("Ready in 3 years or more")


class SuccessionPlan(models.Model):
    position = models.OneToOneField(
        Position, on_delete=models.PROTECT, related_name="succession_plan"
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.position)


class SuccessionCandidate(models.Model):
    plan = models.ForeignKey(SuccessionPlan, on_delete=models.CASCADE, related_name="candidates")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    readiness = models.CharField(_("readiness"), max_length=20, choices=Readiness.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "rank"],
                name="talent_candidate_rank_unique",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.UniqueConstraint(fields=["plan", "employee"], name="talent_candidate_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} #{self.rank}: {self.employee}"
