"""Translatable labels for the rule enums, shared by pages, the API and error messages."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.formats import number, percent
from core.talent.rules import Action, Bound, Level, OrgPredicate, Potential, Predicate, Violation

LEVEL_LABELS = {
    Level.BELOW: _("below expectations"),
    Level.MEETS: _("meets expectations"),
    Level.ABOVE: _("above expectations"),
}

PREDICATE_LABELS = {
    Predicate.SANGAT_BAIK: _("Very good"),
    Predicate.BAIK: _("Good"),
    Predicate.BUTUH_PERBAIKAN: _("Needs improvement"),
    Predicate.KURANG: _("Poor"),
    Predicate.SANGAT_KURANG: _("Very poor"),
}

ORG_PREDICATE_LABELS = {
    OrgPredicate.ISTIMEWA: _("Outstanding"),
    OrgPredicate.BAIK: _("Good"),
    OrgPredicate.BUTUH_PERBAIKAN: _("Needs improvement"),
    OrgPredicate.KURANG: _("Poor"),
    OrgPredicate.SANGAT_KURANG: _("Very poor"),
}

POTENTIAL_LABELS = {
    Potential.LOW: _("low"),
    Potential.MEDIUM: _("medium"),
    Potential.HIGH: _("high"),
}

ACTION_LABELS = {
    Action.PROMOTE_RETAIN: _("Promote and retain; succession pool"),
    Action.RETAIN_ROTATE: _("Retain; succession pool; rotation"),
    Action.RETAIN_DEVELOP: _("Retain; succession pool; competency development"),
    Action.PLACE_COACH_COUNSEL: _("Proper placement; coaching; counselling"),
    Action.PLACE_COACH_DEVELOP: _("Placement; coaching; development"),
    Action.ROTATE_DEVELOP: _("Rotation; development"),
    Action.COACH_COUNSEL_DEVELOP: _("Coaching; counselling; development"),
    Action.COACH_DEVELOP: _("Coaching; development"),
    Action.CIVIL_SERVICE_RULES: _("Handled under civil-service rules"),
}


def predicate_names(predicates) -> str:
    ordered = sorted(predicates, key=list(Predicate).index)
    return " / ".join(str(PREDICATE_LABELS[p]) for p in ordered)


def describe_rule(rule) -> str:
    names = predicate_names(rule.predicates)
    if rule.bound in (Bound.AT_MOST_PCT, Bound.AT_LEAST_PCT):
        share = {"names": names, "value": percent(rule.value)}
        if rule.bound is Bound.AT_MOST_PCT:
            return gettext("%(names)s at most %(value)s") % share
        return gettext("%(names)s at least %(value)s") % share
    if rule.bound is Bound.AT_LEAST_COUNT:
        return gettext("at least %(value)s %(names)s") % {"names": names, "value": rule.value}
    if rule.value == 0:
        return gettext("no %(names)s") % {"names": names}
    return gettext("at most %(value)s %(names)s") % {"names": names, "value": rule.value}


def describe_violation(violation: Violation) -> str:
    """'Very good at most 70%: 8 of 10 (80.00%), 10.00 points over; 1 person too many.'
    (numbers in the active language's form: "80,00 %" in Indonesian, as every page)."""
    over = violation.rule.bound in (Bound.AT_MOST_PCT, Bound.AT_MOST_COUNT)
    params = {
        "rule": describe_rule(violation.rule),
        "count": violation.count,
        "total": violation.total,
        "share": percent(violation.share_pct, 2),
        "off": number(violation.off_by_pct, 2),
        "people": violation.people,
    }
    if over:
        return (
            gettext(
                "%(rule)s: %(count)s of %(total)s (%(share)s), %(off)s points over; "
                "%(people)s person(s) too many."
            )
            % params
        )
    return (
        gettext(
            "%(rule)s: %(count)s of %(total)s (%(share)s), %(off)s points short; "
            "%(people)s more person(s) needed."
        )
        % params
    )
