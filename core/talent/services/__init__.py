"""The only code that writes talent data. Each service is one transaction with its audit
event(s); split by capability: skp (planning), assessment (rating, closing, objections),
talent (potential, 9-box, calibration, succession)."""

from core.talent.services.assessment import (
    DistributionRefused,
    close_round,
    decide_objection,
    distribution_violations,
    file_objection,
    objection_deadline,
    open_round,
    rate_assessment,
    set_org_predicate,
)
from core.talent.services.skp import (
    add_indicator,
    add_rhk,
    change_skp_position,
    create_skp,
    decide_skp,
    record_realisation,
    set_expectation,
    submit_skp,
)
from core.talent.services.talent import (
    close_calibration,
    move_placement,
    open_calibration,
    place_talent,
    record_potential,
    save_succession_plan,
)

__all__ = [
    "DistributionRefused",
    "add_indicator",
    "add_rhk",
    "change_skp_position",
    "close_calibration",
    "close_round",
    "create_skp",
    "decide_objection",
    "decide_skp",
    "distribution_violations",
    "file_objection",
    "move_placement",
    "objection_deadline",
    "open_calibration",
    "open_round",
    "place_talent",
    "rate_assessment",
    "record_potential",
    "record_realisation",
    "save_succession_plan",
    "set_expectation",
    "set_org_predicate",
    "submit_skp",
]
