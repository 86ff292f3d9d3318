"""The city admin's changes to the performance and TPP policy, from the first open month on."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor, as_actor
from core.audit.services import record_event
from core.configuration import rules
from core.configuration.models import PolicyVersion
from core.configuration.services.common import ConfigurationError, _save_policy
from core.configuration.services.state import current_policy_version

if TYPE_CHECKING:
    from core.accounts.models import User


@transaction.atomic
def update_policy(
    changes: Mapping[str, Any], *, actor: Actor | User, note: str = ""
) -> PolicyVersion:
    """Change policy settings from the first open month on; closed months keep theirs.

    `changes` holds any of the policy keys, `tpp_base` ({kelas: amount}, merged),
    `attendance_cuts` ({code: percent}, merged) or `distribution_rules` (replaced per OPD
    predicate).
    """
    unknown = (
        set(changes)
        - set(rules.POLICY_KEYS)
        - {"tpp_base", "attendance_cuts", "distribution_rules"}
    )
    if unknown:
        raise ConfigurationError(
            _("Unknown settings: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}
        )
    list(PolicyVersion.objects.select_for_update().values_list("id", flat=True))
    base = current_policy_version()
    before = copy.deepcopy(base.data)
    data = copy.deepcopy(base.data)
    for key, value in changes.items():
        if key == "tpp_base":
            data["tpp_base"].update({str(int(k)): int(v) for k, v in value.items()})
        elif key == "attendance_cuts":
            percents = {str(k): v for k, v in value.items()}
            for cut in data["attendance_cuts"]:
                if cut["code"] in percents:
                    cut["percent"] = str(percents.pop(cut["code"]))
            if percents:
                raise ConfigurationError(
                    _("Unknown attendance bands: %(codes)s.")
                    % {"codes": ", ".join(sorted(percents))}
                )
        elif key == "distribution_rules":
            data["distribution_rules"].update(value)
        else:
            data[key] = value
    problems = rules.policy_problems(data)
    if problems:
        raise ConfigurationError(problems)
    if data == before:
        return base
    version = _save_policy(data, changed_by=as_actor(actor).label, note=note)
    record_event(
        actor=actor,
        action="configuration.policy.update",
        target=version,
        before={k: before.get(k) for k in changes},
        after={k: data.get(k) for k in changes},
        reason=note or f"effective from {version.effective_from:%Y-%m}",
    )
    return version
