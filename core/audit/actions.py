"""Human labels of the audit trail's action codes (`core.labels` kind "audit_action").

Every action a service records has one here; `tests/core/audit/test_action_labels.py`
finds the codes in the source and fails on a code without a label. Codes made at run time
(`correction.<kind>[.requested|.approved|.rejected]`, `configuration.<kind>.update`,
`partnership.<action>`) are listed in full.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

# The context "audit action" keeps these translations from changing other pages' text.

ACTION_LABELS = {
    "accounts.activated": pgettext_lazy("audit action", "Account activated"),
    "accounts.activation_codes_issued": pgettext_lazy("audit action", "Activation codes issued"),
    "accounts.activation_links_sent": pgettext_lazy("audit action", "Activation links sent"),
    "accounts.invitation_accepted": pgettext_lazy("audit action", "Invitation accepted"),
    "accounts.password_changed": pgettext_lazy("audit action", "Password changed"),
    "accounts.token_issued": pgettext_lazy("audit action", "App token issued"),
    "accounts.token_policy_changed": pgettext_lazy("audit action", "App token rules changed"),
    "accounts.token_revoked": pgettext_lazy("audit action", "App token revoked"),
    "accounts.tokens_revoked": pgettext_lazy("audit action", "App tokens revoked"),
    "accounts.totp_enrolled": pgettext_lazy("audit action", "Authenticator app enrolled"),
    "activity.approved": pgettext_lazy("audit action", "Activity approved"),
    "activity.rejected": pgettext_lazy("audit action", "Activity rejected"),
    "activity.bulk_approved": pgettext_lazy("audit action", "Activities approved together"),
    "activity.escalated": pgettext_lazy(
        "audit action", "Verification escalated to the next supervisor"
    ),
    "activity.logged": pgettext_lazy("audit action", "Activity logged"),
    "activity.resubmitted": pgettext_lazy("audit action", "Activity corrected and resubmitted"),
    "activity.withdrawn": pgettext_lazy("audit action", "Activity withdrawn"),
    "attendance.imported": pgettext_lazy("audit action", "Attendance imported"),
    "behaviour.rated": pgettext_lazy("audit action", "Work behaviour rated"),
    "command.settings_changed": pgettext_lazy("audit action", "Alert thresholds changed"),
    "command.tpp_budget_set": pgettext_lazy("audit action", "TPP budget set"),
    "configuration.activity.create": pgettext_lazy("audit action", "Catalogue activity added"),
    "configuration.activity.update": pgettext_lazy("audit action", "Catalogue activity changed"),
    "configuration.indicator.create": pgettext_lazy("audit action", "Indicator added"),
    "configuration.indicator.update": pgettext_lazy("audit action", "Indicator changed"),
    "configuration.adopt": pgettext_lazy("audit action", "Model adopted"),
    "configuration.branding.update": pgettext_lazy("audit action", "City branding changed"),
    "configuration.holiday.deactivate": pgettext_lazy("audit action", "Holiday removed"),
    "configuration.holiday.set": pgettext_lazy("audit action", "Holiday set"),
    "configuration.policy.update": pgettext_lazy("audit action", "Performance rules changed"),
    "configuration.propose": pgettext_lazy("audit action", "Change proposed to the model"),
    "configuration.take": pgettext_lazy("audit action", "Items taken from the model"),
    "configuration.term.set": pgettext_lazy("audit action", "Term changed"),
    "correction.activity": pgettext_lazy("audit action", "Closed month corrected: activity"),
    "correction.activity.requested": pgettext_lazy(
        "audit action", "Correction requested: activity"
    ),
    "correction.activity.approved": pgettext_lazy("audit action", "Correction approved: activity"),
    "correction.activity.rejected": pgettext_lazy("audit action", "Correction rejected: activity"),
    "correction.attendance": pgettext_lazy("audit action", "Closed month corrected: attendance"),
    "correction.attendance.requested": pgettext_lazy(
        "audit action", "Correction requested: attendance"
    ),
    "correction.attendance.approved": pgettext_lazy(
        "audit action", "Correction approved: attendance"
    ),
    "correction.attendance.rejected": pgettext_lazy(
        "audit action", "Correction rejected: attendance"
    ),
    "correction.behaviour": pgettext_lazy("audit action", "Closed month corrected: work behaviour"),
    "correction.behaviour.requested": pgettext_lazy(
        "audit action", "Correction requested: work behaviour"
    ),
    "correction.behaviour.approved": pgettext_lazy(
        "audit action", "Correction approved: work behaviour"
    ),
    "correction.behaviour.rejected": pgettext_lazy(
        "audit action", "Correction rejected: work behaviour"
    ),
    "demo.seeded": pgettext_lazy("audit action", "Demo data loaded"),
    "indicator.assigned": pgettext_lazy("audit action", "Target assigned"),
    "indicator.confirmed": pgettext_lazy("audit action", "Target realisation confirmed"),
    "indicator.reported": pgettext_lazy("audit action", "Target realisation reported"),
    "partnership.proposed": pgettext_lazy("audit action", "Partnership proposed"),
    "partnership.accepted": pgettext_lazy("audit action", "Partnership accepted"),
    "partnership.status": pgettext_lazy("audit action", "Partnership status changed"),
    "partnership.document": pgettext_lazy("audit action", "Partnership agreement uploaded"),
    "partnership.member_added": pgettext_lazy("audit action", "Partnership member added"),
    "partnership.member_removed": pgettext_lazy("audit action", "Partnership member removed"),
    "partnership.mentor_access_granted": pgettext_lazy("audit action", "Mentor access granted"),
    "partnership.mentor_session_started": pgettext_lazy("audit action", "Mentor session started"),
    "partnership.mentor_session_ended": pgettext_lazy("audit action", "Mentor session ended"),
    "partnership.milestone_confirmed": pgettext_lazy("audit action", "Milestone confirmed"),
    "partnership.milestone_rescheduled": pgettext_lazy("audit action", "Milestone rescheduled"),
    "partnership.meeting_recorded": pgettext_lazy("audit action", "Mentoring meeting recorded"),
    "partnership.action_closed": pgettext_lazy("audit action", "Follow-up closed"),
    "partnership.pilot_linked": pgettext_lazy("audit action", "Pilot city linked"),
    "partnership.practice_offered": pgettext_lazy("audit action", "Practice offered"),
    "partnership.practice_status": pgettext_lazy("audit action", "Practice status changed"),
    "partnership.report_prepared": pgettext_lazy("audit action", "Monthly report prepared"),
    "partnership.report_signed": pgettext_lazy("audit action", "Monthly report signed"),
    "people.appointed": pgettext_lazy("audit action", "Appointed to a position"),
    "people.assignment_ended": pgettext_lazy("audit action", "Position ended"),
    "people.corrected": pgettext_lazy("audit action", "Personal data corrected"),
    "people.import_asn": pgettext_lazy("audit action", "ASN imported"),
    "people.status_changed": pgettext_lazy("audit action", "Employment status changed"),
    "period.closed": pgettext_lazy("audit action", "Month closed"),
    "period.opened": pgettext_lazy("audit action", "Month opened"),
    "reminders.opt_out": pgettext_lazy("audit action", "Reminders turned off"),
    "reminders.settings": pgettext_lazy("audit action", "Reminder settings changed"),
    "revenue.indicator.link": pgettext_lazy("audit action", "Revenue indicator linked"),
    "revenue.indicators.feed": pgettext_lazy("audit action", "Revenue fed to indicators"),
    "revenue.month.close": pgettext_lazy("audit action", "Revenue month closed"),
    "revenue.officer.assign": pgettext_lazy("audit action", "Revenue officer assigned"),
    "revenue.officer.remove": pgettext_lazy("audit action", "Revenue officer removed"),
    "revenue.realisation.correct": pgettext_lazy("audit action", "Revenue realisation corrected"),
    "revenue.realisation.import": pgettext_lazy("audit action", "Revenue realisation imported"),
    "revenue.realisation.record": pgettext_lazy("audit action", "Revenue realisation recorded"),
    "revenue.source.update": pgettext_lazy("audit action", "Revenue source changed"),
    "revenue.sources.adopt": pgettext_lazy("audit action", "Revenue sources adopted"),
    "revenue.sources.link_opds": pgettext_lazy("audit action", "Revenue sources linked to OPDs"),
    "revenue.target.set": pgettext_lazy("audit action", "Revenue target set"),
    "siasn.connection_saved": pgettext_lazy("audit action", "SIASN connection saved"),
    "siasn.connection_tested": pgettext_lazy("audit action", "SIASN connection tested"),
    "siasn.difference_accepted": pgettext_lazy("audit action", "SIASN difference accepted"),
    "siasn.difference_kept": pgettext_lazy("audit action", "SIASN difference kept as ours"),
    "siasn.item_deleted": pgettext_lazy("audit action", "SIASN item deleted"),
    "siasn.item_retried": pgettext_lazy("audit action", "SIASN item retried"),
    "siasn.mapping_changed": pgettext_lazy("audit action", "SIASN mapping changed"),
    "siasn.pull_started": pgettext_lazy("audit action", "SIASN pull started"),
    "siasn.pull_stopped": pgettext_lazy("audit action", "SIASN pull stopped"),
    "siasn.reference_loaded": pgettext_lazy("audit action", "SIASN reference loaded"),
    "siasn.results_queued": pgettext_lazy("audit action", "Results queued for SIASN"),
    "support.session_started": pgettext_lazy("audit action", "Platform support session started"),
    "support.session_ended": pgettext_lazy("audit action", "Platform support session ended"),
    "talent.assessment.correct": pgettext_lazy("audit action", "Assessment corrected"),
    "talent.assessment.rate": pgettext_lazy("audit action", "Assessment rated"),
    "talent.calibration.close": pgettext_lazy("audit action", "Calibration closed"),
    "talent.calibration.move": pgettext_lazy("audit action", "Moved in calibration"),
    "talent.calibration.open": pgettext_lazy("audit action", "Calibration opened"),
    "talent.expectation.set": pgettext_lazy("audit action", "Supervisor's expectation set"),
    "talent.iki.add": pgettext_lazy("audit action", "IKI added"),
    "talent.iki.realise": pgettext_lazy("audit action", "IKI realisation recorded"),
    "talent.objection.decide": pgettext_lazy("audit action", "Objection decided"),
    "talent.objection.file": pgettext_lazy("audit action", "Objection filed"),
    "talent.place": pgettext_lazy("audit action", "Placed in the talent grid"),
    "talent.potential.record": pgettext_lazy("audit action", "Potential recorded"),
    "talent.rhk.add": pgettext_lazy("audit action", "Work result plan added"),
    "talent.round.close": pgettext_lazy("audit action", "Assessment round closed"),
    "talent.round.open": pgettext_lazy("audit action", "Assessment round opened"),
    "talent.round.org_predicate": pgettext_lazy("audit action", "Organisation predicate set"),
    "talent.skp.agree": pgettext_lazy("audit action", "SKP agreed"),
    "talent.skp.close": pgettext_lazy("audit action", "SKP closed"),
    "talent.skp.create": pgettext_lazy("audit action", "SKP started"),
    "talent.skp.submit": pgettext_lazy("audit action", "SKP submitted"),
    "talent.succession.save": pgettext_lazy("audit action", "Succession plan saved"),
}

# What an event was about (`AuditEvent.object_type`, an `app.model` label), where the
# model's own name is not yet in Indonesian; others fall back to it (core.labels.object_label).
OBJECT_LABELS = {
    "accounts.accountpolicy": pgettext_lazy("audit object", "Account rules"),
    "accounts.user": pgettext_lazy("audit object", "Account"),
    "catalog.templateproposal": pgettext_lazy("audit object", "Model proposal"),
    "command.commandsettings": pgettext_lazy("audit object", "Alert thresholds"),
    "command.tppbudget": pgettext_lazy("audit object", "TPP budget"),
    "configuration.adoption": pgettext_lazy("audit object", "Model adoption"),
    "configuration.template": pgettext_lazy("audit object", "Model template"),
    "onboarding.supportgrant": pgettext_lazy("audit object", "Platform support access"),
    "partnerships.mentoraccess": pgettext_lazy("audit object", "Mentor access"),
    "partnerships.partnership": pgettext_lazy("audit object", "Partnership"),
    "people.employee": pgettext_lazy("audit object", "Employee"),
    "performance": pgettext_lazy("audit object", "Daily work"),
    "performance.activityentry": pgettext_lazy("audit object", "Activity"),
    "performance.correction": pgettext_lazy("audit object", "Correction"),
    "performance.indicatortarget": pgettext_lazy("audit object", "Target"),
    "performance.period": pgettext_lazy("audit object", "Month"),
    "revenue.annualtarget": pgettext_lazy("audit object", "Annual revenue target"),
    "revenue.realisation": pgettext_lazy("audit object", "Revenue realisation"),
    "revenue.revenuesource": pgettext_lazy("audit object", "Revenue source"),
    "siasn.difference": pgettext_lazy("audit object", "SIASN difference"),
    "siasn.outbox": pgettext_lazy("audit object", "Item sent to SIASN"),
    "siasn.reference": pgettext_lazy("audit object", "SIASN reference"),
    "talent.assessment": pgettext_lazy("audit object", "Performance assessment"),
    "talent.assessmentround": pgettext_lazy("audit object", "Assessment round"),
    "talent.behaviourexpectation": pgettext_lazy("audit object", "Behaviour expectation"),
    "talent.calibrationsession": pgettext_lazy("audit object", "Calibration session"),
    "talent.iki": pgettext_lazy("audit object", "Indicator (IKI)"),
    "talent.potentialassessment": pgettext_lazy("audit object", "Potential assessment"),
    "talent.rhk": pgettext_lazy("audit object", "Planned result (RHK)"),
    "talent.skp": pgettext_lazy("audit object", "Employee performance plan (SKP)"),
    "talent.successionplan": pgettext_lazy("audit object", "Succession plan"),
    "talent.talentplacement": pgettext_lazy("audit object", "Talent placement"),
}


def codes_labelled(text: str) -> list[str]:
    """The codes whose code or label (in the active language) contains `text`."""
    wanted = text.strip().lower()
    return [
        code
        for code, label in ACTION_LABELS.items()
        if wanted in code or wanted in str(label).lower()
    ]


def object_types_labelled(text: str) -> list[str]:
    """The `app.model` labels whose name (in the active language) contains `text`: an
    inspector looks for "koreksi", not "performance.correction"."""
    from django.apps import apps

    from core.labels import object_label

    wanted = text.strip().lower()
    types = set(OBJECT_LABELS) | {model._meta.label_lower for model in apps.get_models()}
    return sorted(t for t in types if wanted in object_label(t).lower())
