"""Holds a mentor's time-boxed session in the adopting city to the partnership's scope."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerships.services.mentor_access import SESSION_KEY

ALWAYS_ALLOWED = ("/partnerships/leave/", "/accounts/logout/", "/static/", "/i18n/")


class MentorScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        info = session.get(SESSION_KEY) if session is not None else None
        outside = info and (
            request.method not in ("GET", "HEAD", "OPTIONS")
            or request.path.startswith(tuple(info.get("blocked", ())))
        )
        if outside and not request.path.startswith(ALWAYS_ALLOWED):
            return render(request, "partnerships/outside_scope.html", {"info": info}, status=403)
        return self.get_response(request)
