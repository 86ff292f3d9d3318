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


def role_required(*roles: Role) -> Callable:
    """View decorator: signed in, and holding one of `roles`."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

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
