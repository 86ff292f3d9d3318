"""Helpers shared by the services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.people.models import Employee


def employee_of(user) -> Employee:
    """The employee record of a signed-in user; users without one cannot do daily work."""
    employee = getattr(user, "employee", None) if user is not None else None
    if employee is None:
        raise PermissionDenied(_("Your account is not linked to an employee record."))
    return employee


def refuse(message: str, code: str = "invalid") -> ValidationError:
    return ValidationError(message, code=code)
