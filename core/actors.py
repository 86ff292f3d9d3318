"""Who did something: a signed-in user, or a named system process.

Every service that writes takes an `actor` and records it in the audit trail. Services
whose rules depend on the person (their employee record, role or unit) take a `User`;
services that a command, a task or the demo seeder may also run take an `Actor`, or
`Actor | User` where both callers exist, and turn it into an `Actor` with `as_actor`,
the one place a user becomes an actor. This module imports no app (so `core` and the
public-schema apps can share it): the user model is only named for the type checker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.accounts.models import User

SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """A user (with their username as label) or a system process (`cli:import_asn`)."""

    user: User | None = None
    label: str = SYSTEM

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user=user, label=user.get_username() or str(user))

    @classmethod
    def system(cls, label: str = SYSTEM) -> Actor:
        """A process acting on its own, named by what started it (`cli:reset_pilot`)."""
        return cls(user=None, label=label)

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    def __str__(self) -> str:
        return self.label


def as_actor(who: Actor | User | None) -> Actor:
    """The actor for `who`: itself, a signed-in user, or the system when nobody is given."""
    if who is None:
        return Actor.system()
    if isinstance(who, Actor):
        return who
    return Actor.of(who)
