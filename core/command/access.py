"""Who sees the command centre: the city-wide readers (city admin / BKPSDM, the mayor and
Sekda, the inspector); only the city administrator sets its thresholds and budget."""

from __future__ import annotations

from core.accounts.roles import Role
from core.performance.access import can_read_city

__all__ = ["can_configure", "can_read_city"]


def can_configure(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.CITY_ADMIN)
