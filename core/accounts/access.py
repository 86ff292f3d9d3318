"""Role checks shared by pages and API views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from core.accounts.roles import Role


def require_role(user, *roles: Role) -> None:
    """Raise PermissionDenied unless `user` holds one of `roles`."""
    if not (user.is_authenticated and user.has_role(*roles)):
        raise PermissionDenied(_("Your role does not allow this."))


def has_any_role(*roles: Role) -> Callable[[object], bool]:
    """An access predicate: signed in and holding one of `roles`.

    The same predicate guards the view (`allowed_by`) and its menu entry (NavItem.allowed),
    so the menu never shows a page that answers 403.
    """

    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.has_role(*roles))

    predicate.__name__ = "has_any_role_" + "_".join(roles)
    return predicate


def role_required(*roles: Role) -> Callable:
    """View decorator: signed in, and holding one of `roles`."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        # The menu reads this, so an entry for this view shows only to these roles.
        wrapped.access_predicate = has_any_role(*roles)
        return wrapped

    return decorator


def allowed_by(predicate: Callable[[object], bool]) -> Callable:
    """View decorator: signed in, and `predicate(user)` true (else 403)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied(_("Your role does not allow this."))
            return view(request, *args, **kwargs)

        wrapped.access_predicate = predicate
        return wrapped

    return decorator


def HasRole(*roles: Role) -> type[BasePermission]:
    """DRF permission class allowing only `roles`."""

    class _HasRole(BasePermission):
        message = _("Your role does not allow this.")

        def has_permission(self, request, view) -> bool:
            user = request.user
            return bool(user and user.is_authenticated and user.has_role(*roles))

    _HasRole.__name__ = "HasRole_" + "_".join(roles)
    return _HasRole
